import COpenSSL

/// HMAC-SHA256 over the system libcrypto: a payment provider signs its callbacks with it.
public enum HMACSHA256 {
    /// The 32-byte tag of `message` under `key`.
    public static func tag(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let keyBytes = Array(key)
        let messageBytes = Array(message)
        let result = keyBytes.withUnsafeBufferPointer { k in
            messageBytes.withUnsafeBufferPointer { m in
                tag.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, out.baseAddress, &length)
                }
            }
        }
        // HMAC with a built-in digest fails only when memory is exhausted.
        precondition(result != nil && length == 32, "libcrypto HMAC-SHA256 failed")
        return tag
    }

    /// Lower-case hex of the tag.
    public static func hex(key: some Collection<UInt8>, message: some Collection<UInt8>) -> String {
        Hex.encode(self.tag(key: key, message: message))
    }
}
