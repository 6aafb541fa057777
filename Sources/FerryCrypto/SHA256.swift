import COpenSSL

/// SHA-256 over the system libcrypto: staff keys and booking tokens are stored only as this hash.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let input = Array(bytes)
        let ok = input.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(raw.baseAddress, raw.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest with a built-in digest fails only when memory is exhausted.
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed")
        return digest
    }

    /// Lower-case hex of the digest of a UTF-8 string.
    public static func hex(_ text: String) -> String { self.hex(Array(text.utf8)) }

    /// Lower-case hex of the digest of `bytes`.
    public static func hex(_ bytes: some Collection<UInt8>) -> String { Hex.encode(self.hash(bytes)) }
}

/// Lower-case hexadecimal.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        // Digit by digit from a table: every booking hashes its token, and a string per byte
        // cost more than the digest.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(self.digits[Int(byte >> 4)])
            out.append(self.digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}

/// Comparison whose time does not depend on where two secrets first differ.
public enum ConstantTime {
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }

    public static func equals(_ a: String, _ b: String) -> Bool {
        self.equals(Array(a.utf8), Array(b.utf8))
    }
}
