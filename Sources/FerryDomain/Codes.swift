/// Random identifiers people read aloud or type: booking references, ticket ids, tokens.
public enum Codes {
    /// No 0/O, 1/I/L: a reference read over the phone should not be misheard.
    static let referenceAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A six-character booking reference such as `K7QX2M`.
    public static func bookingReference() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in referenceAlphabet.randomElement(using: &rng)! })
    }

    /// `bytes` of system randomness, base64url-encoded without padding: for tokens and keys.
    public static func randomToken(bytes: Int = 24) -> String {
        var rng = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return Base64URL.encode(raw)
    }
}

/// Base64url without padding (RFC 4648 §5), the form tokens and ticket codes travel in.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[(buffer >> bits) & 63])
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (6 - bits)) & 63]) }
        return String(decoding: out, as: UTF8.self)
    }
}
