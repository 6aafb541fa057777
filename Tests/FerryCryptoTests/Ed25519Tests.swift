import FerryCrypto
import Testing

@Suite struct Ed25519Tests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex)
        while chars.count >= 2 {
            out.append(UInt8(String(chars[0..<2]), radix: 16)!)
            chars.removeFirst(2)
        }
        return out
    }

    /// RFC 8032 section 7.1, test 1 (empty message).
    @Test func rfc8032TestVector1() throws {
        let key = try Ed25519.PrivateKey(seed: Self.bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(try key.publicKey.raw == Self.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let expected = Self.bytes(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        )
        #expect(try key.sign([]) == expected)
        #expect(try key.publicKey.isValidSignature(expected, for: []))
    }

    @Test func tamperingIsDetected() throws {
        let key = try Ed25519.PrivateKey.generate()
        let message = Array("boarding pass".utf8)
        var signature = try key.sign(message)
        let publicKey = try key.publicKey
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: Array("boarding pasS".utf8)))
        #expect(!publicKey.isValidSignature(Array(signature.prefix(63)), for: message))
        signature[10] ^= 1
        #expect(!publicKey.isValidSignature(signature, for: message))
        let other = try Ed25519.PrivateKey.generate()
        #expect(!(try other.publicKey.isValidSignature(try key.sign(message), for: message)))
    }

    @Test func pemRoundTrip() throws {
        let key = try Ed25519.PrivateKey.generate()
        let pem = try key.pem()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let reloaded = try Ed25519.PrivateKey(pem: pem)
        #expect(try reloaded.publicKey.raw == key.publicKey.raw)
        #expect(try key.publicKey.pem().hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(throws: CryptoError.self) { try Ed25519.PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n") }
    }

    @Test func secureRandomIsNotConstant() throws {
        let a = try SecureRandom.bytes(32)
        let b = try SecureRandom.bytes(32)
        #expect(a.count == 32)
        #expect(a != b)
    }
}
