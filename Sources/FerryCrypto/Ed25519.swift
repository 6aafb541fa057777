import COpenSSL

/// Ed25519 signatures (RFC 8032) over the system libcrypto's `EVP_DigestSign` / `EVP_DigestVerify`.
public enum Ed25519 {
    /// A signing key. Holds the OpenSSL key object and frees it when released.
    public final class PrivateKey: @unchecked Sendable {
        // EVP_PKEY is reference-counted and safe to use for signing from several threads;
        // it is never mutated after creation.
        let pkey: OpaquePointer

        private init(pkey: OpaquePointer) { self.pkey = pkey }

        deinit { EVP_PKEY_free(self.pkey) }

        /// A new key from the system's secure random source.
        public static func generate() throws(CryptoError) -> PrivateKey {
            try self.init(seed: try SecureRandom.bytes(32))
        }

        /// The key whose 32-byte seed (RFC 8032's "private key") is `seed`.
        public convenience init(seed: [UInt8]) throws(CryptoError) {
            guard seed.count == 32 else { throw CryptoError("an Ed25519 seed is 32 bytes, not \(seed.count)") }
            guard let pkey = seed.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) })
            else { throw CryptoError.openSSL("EVP_PKEY_new_raw_private_key") }
            self.init(pkey: pkey)
        }

        /// Reads a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`), as `pem` writes it.
        public convenience init(pem: String) throws(CryptoError) {
            let bytes = Array(pem.utf8)
            let pkey: OpaquePointer? = bytes.withUnsafeBytes { raw in
                guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
                defer { BIO_free(bio) }
                return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
            }
            guard let pkey, EVP_PKEY_get_id(pkey) == EVP_PKEY_ED25519 else {
                if let pkey { EVP_PKEY_free(pkey) }
                throw CryptoError("not an Ed25519 private key in PEM form")
            }
            self.init(pkey: pkey)
        }

        /// PKCS#8 PEM, for the key file.
        public func pem() throws(CryptoError) -> String {
            try withMemoryBIO { bio in PEM_write_bio_PrivateKey(bio, self.pkey, nil, nil, 0, nil, nil) == 1 }
        }

        public var publicKey: PublicKey {
            get throws(CryptoError) {
                var raw = [UInt8](repeating: 0, count: 32)
                var length = 32
                guard EVP_PKEY_get_raw_public_key(self.pkey, &raw, &length) == 1, length == 32 else {
                    throw CryptoError.openSSL("EVP_PKEY_get_raw_public_key")
                }
                return try PublicKey(raw: raw)
            }
        }

        /// The 64-byte signature of `message`.
        public func sign(_ message: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
            guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openSSL("EVP_MD_CTX_new") }
            defer { EVP_MD_CTX_free(ctx) }
            guard EVP_DigestSignInit(ctx, nil, nil, nil, self.pkey) == 1 else { throw CryptoError.openSSL("EVP_DigestSignInit") }
            var signature = [UInt8](repeating: 0, count: 64)
            var length = 64
            let input = Array(message)
            let ok = input.withUnsafeBufferPointer { EVP_DigestSign(ctx, &signature, &length, $0.baseAddress, $0.count) }
            guard ok == 1, length == 64 else { throw CryptoError.openSSL("EVP_DigestSign") }
            return signature
        }
    }

    /// A verification key: what a gate needs to check ticket codes offline.
    public final class PublicKey: @unchecked Sendable {
        let pkey: OpaquePointer
        /// The raw 32 bytes (RFC 8032 encoding).
        public let raw: [UInt8]

        deinit { EVP_PKEY_free(self.pkey) }

        public init(raw: [UInt8]) throws(CryptoError) {
            guard raw.count == 32 else { throw CryptoError("an Ed25519 public key is 32 bytes, not \(raw.count)") }
            guard let pkey = raw.withUnsafeBufferPointer({ EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) })
            else { throw CryptoError.openSSL("EVP_PKEY_new_raw_public_key") }
            self.pkey = pkey
            self.raw = raw
        }

        /// SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), which `openssl pkeyutl` reads.
        public func pem() throws(CryptoError) -> String {
            try withMemoryBIO { bio in PEM_write_bio_PUBKEY(bio, self.pkey) == 1 }
        }

        /// Whether `signature` is a valid signature of `message` by this key. Never throws:
        /// anything malformed simply does not verify.
        public func isValidSignature(_ signature: [UInt8], for message: some Collection<UInt8>) -> Bool {
            guard signature.count == 64, let ctx = EVP_MD_CTX_new() else { return false }
            defer { EVP_MD_CTX_free(ctx) }
            guard EVP_DigestVerifyInit(ctx, nil, nil, nil, self.pkey) == 1 else { return false }
            let input = Array(message)
            return input.withUnsafeBufferPointer { m in
                signature.withUnsafeBufferPointer { s in EVP_DigestVerify(ctx, s.baseAddress, 64, m.baseAddress, m.count) == 1 }
            }
        }
    }
}

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else { throw CryptoError.openSSL("RAND_bytes") }
        return out
    }
}

/// A failure inside the crypto layer, with OpenSSL's own reason when it has one.
public struct CryptoError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    static func openSSL(_ function: String) -> CryptoError {
        let code = ERR_get_error()
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return CryptoError("\(function) failed: \(reason)")
    }
}

/// Runs `write` against a memory BIO and returns what it wrote, as text.
private func withMemoryBIO(_ write: (OpaquePointer) -> Bool) throws(CryptoError) -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL("BIO_new") }
    defer { BIO_free(bio) }
    guard write(bio) else { throw CryptoError.openSSL("PEM_write") }
    var pointer: UnsafeMutablePointer<CChar>? = nil
    // BIO_get_mem_data is a macro over BIO_ctrl(BIO_CTRL_INFO).
    let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &pointer)
    guard length > 0, let pointer else { throw CryptoError("empty PEM output") }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}
