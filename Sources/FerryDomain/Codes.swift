/// Random identifiers people read aloud or type: booking references, ticket ids, tokens.
public enum Codes {
    /// No 0/O, 1/I/L: a reference read over the phone should not be misheard.
    static let referenceAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A six-character booking reference such as `K7QX2M`.
    public static func bookingReference() -> String {
        // All six letters from one 64-bit draw, as its digits in base 31: 31⁶ is so far below
        // 2⁶⁴ that the draw's remainder biases nothing measurable.
        var bits = UInt64.random(in: .min ... .max)
        var letters: [Character] = []
        letters.reserveCapacity(6)
        let base = UInt64(referenceAlphabet.count)
        for _ in 0..<6 {
            letters.append(referenceAlphabet[Int(bits % base)])
            bits /= base
        }
        return String(letters)
    }

    /// `bytes` of system randomness, base64url-encoded without padding: for tokens and keys.
    public static func randomToken(bytes: Int = 24) -> String {
        // Eight bytes per draw: each draw is a system call.
        var raw: [UInt8] = []
        raw.reserveCapacity(bytes + 7)
        var rng = SystemRandomNumberGenerator()
        while raw.count < bytes {
            withUnsafeBytes(of: rng.next() as UInt64) { raw.append(contentsOf: $0) }
        }
        return Base64URL.encode(raw.prefix(bytes))
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

    /// Decodes unpadded base64url; nil for any other character, padding included, or an
    /// impossible length.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer = 0
        var bits = 0
        for c in text.utf8 {
            let v: Int
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = Int(c) - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = Int(c) - 71
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c) + 4
            case UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "_"): v = 63
            default: return nil
            }
            buffer = (buffer << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        // A leftover of 6 bits means a length no encoder produces; leftover bits must be zero.
        guard bits < 6, buffer & ((1 << bits) - 1) == 0 else { return nil }
        return out
    }
}
