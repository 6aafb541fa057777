import FerryCrypto
import FerryDomain
import Foundation
import HTTPTypes

/// How a payment provider signs its callbacks: an HMAC-SHA256, under the shared secret, of
/// the signing time and the exact body, so neither can be changed nor the callback replayed.
enum PaymentSignature {
    static let header = HTTPField.Name("X-Payment-Signature")!

    /// How far a callback's signed time may be from now: a captured callback cannot be
    /// replayed later, and a provider's clock may be a little off.
    static let toleranceSeconds: Double = 300

    /// `X-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>`.
    static func verify(_ header: String, body: [UInt8], secret: [UInt8], now: Date) throws(FerryError) {
        var time: String?
        var tags: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { time = pair[1] } else if pair[0] == "v1" { tags.append(pair[1].lowercased()) }
        }
        guard let time, let seconds = Int(time), !tags.isEmpty else {
            throw FerryError(.unauthorized, "X-Payment-Signature is t=<unix seconds>,v1=<hex HMAC-SHA256>.")
        }
        guard abs(Double(seconds) - now.timeIntervalSince1970) <= Self.toleranceSeconds else {
            throw FerryError(.unauthorized, "The payment callback was signed at \(seconds), too far from now to be accepted.")
        }
        let expected = HMACSHA256.hex(key: secret, message: Array("\(time).".utf8) + body)
        guard tags.contains(where: { ConstantTime.equals($0, expected) }) else {
            throw FerryError(.unauthorized, "The payment callback's signature does not verify.")
        }
    }
}
