import FerryCrypto
import FerryDomain
import FerryEngine
import Foundation
import Testing

/// `Schemas/ticket-code.md` documents the ticket code byte for byte; its worked example must
/// be exactly what the signer produces.
@Suite struct TicketCodeDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schemas/ticket-code.md")

    /// RFC 8032 test 1's seed: a published key, so anyone can recompute the example.
    static let exampleSeed: [UInt8] = {
        let hex = Array("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0..<$0 + 2]), radix: 16) ?? 0 }
    }()

    static func examplePayload(keyId: String) -> TicketPayload {
        TicketPayload(
            keyId: keyId,
            ticketId: "TKM4Q8ZK2HPR7W",
            sailingId: "SJW-LZS-20261201-1400",
            departure: LocalTime.parse("2026-12-01T14:00:00+08:00")!,
            fareType: .freeChild,
            fareBasis: .age,
            seatClass: nil,
            maskedName: TicketPayload.mask(name: "张小宝"),
            guardianTicketId: "TK7XQ2MBN3K9PD",
            issuedAt: LocalTime.parse("2026-11-29T10:05:00+08:00")!
        )
    }

    /// The text of the fenced block that follows `<!-- name -->` in the document.
    static func block(_ name: String, in text: String) -> String? {
        guard let marker = text.range(of: "<!-- \(name) -->"), let open = text.range(of: "```", range: marker.upperBound..<text.endIndex),
            let lineEnd = text.range(of: "\n", range: open.upperBound..<text.endIndex),
            let close = text.range(of: "\n```", range: lineEnd.upperBound..<text.endIndex)
        else { return nil }
        return String(text[lineEnd.upperBound..<close.lowerBound])
    }

    @Test func workedExampleIsWhatTheSignerProduces() throws {
        let signer = try TicketSigner(privateKey: try Ed25519.PrivateKey(seed: Self.exampleSeed))
        let payload = Self.examplePayload(keyId: signer.keyId)
        let code = try signer.code(for: payload)
        let text = try String(contentsOf: Self.document, encoding: .utf8)

        #expect(Self.block("example-key-id", in: text) == signer.keyId)
        #expect(Self.block("example-public-key", in: text) == Base64URL.encode(signer.publicKey.raw))
        #expect(Self.block("example-public-pem", in: text).map { $0 + "\n" } == (try signer.publicKey.pem()))
        #expect(Self.block("example-payload", in: text) == payload.json)
        #expect(Self.block("example-code", in: text) == code, "the code is \(code)")
        // And it verifies as any gate would.
        let decoded = try #require(signer.verify(code))
        #expect(decoded.payload == payload)
    }
}
