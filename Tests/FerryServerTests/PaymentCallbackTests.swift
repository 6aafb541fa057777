import FerryAPI
import FerryCrypto
import FerryTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct PaymentCallbackTests {
    static let secret = "provider-secret-0123456789abcdef-xyz"

    /// What the provider sends: `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>`.
    static func signature(_ body: String, at time: Date, secret: String = secret) -> String {
        let seconds = Int(time.timeIntervalSince1970)
        return "t=\(seconds),v1=" + HMACSHA256.hex(key: Array(secret.utf8), message: Array("\(seconds).\(body)".utf8))
    }

    func callback(_ c: ServerClient, _ body: String, signature: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let signature { headers[HTTPField.Name("X-Payment-Signature")!] = signature }
        return try await c.request(.post, "/v1/payments/callback", json: body, headers: headers)
    }

    @Test func aSignedCallbackConfirmsAndNothingElseDoes() async throws {
        try await withServer(paymentSecret: Self.secret) { c in
            let held = try c.decode(
                BookingJSON.self,
                try await c.request(.post, "/v1/bookings", json: ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1)]))
            )
            // The traveller's own pay no longer confirms an online payment.
            let own = try await c.request(
                .post,
                "/v1/bookings/\(held.reference)/pay",
                json: #"{"method":"online","paymentReference":"wx-1"}"#,
                token: held.token
            )
            #expect(try c.problem(own).code == "invalid_payment_method")

            let body = #"{"reference":"\#(held.reference)","paymentReference":"wx-4200001","amountFen":\#(held.totalFen)}"#
            let now = c.clock.now()
            #expect(try await self.callback(c, body, signature: nil).status == .unauthorized)
            #expect(try await self.callback(c, body, signature: Self.signature(body, at: now, secret: Self.secret + "!")).status == .unauthorized)
            // Signed over another body, or too long ago to be anything but a replay.
            #expect(
                try await self.callback(c, body.replacingOccurrences(of: "wx-4200001", with: "wx-4200002"), signature: Self.signature(body, at: now))
                    .status == .unauthorized
            )
            #expect(try await self.callback(c, body, signature: Self.signature(body, at: now - 301)).status == .unauthorized)
            #expect(
                try await c.request(.get, "/v1/bookings/\(held.reference)", token: held.token).body.readableBytesView.contains(
                    Array("\"status\":\"held\"".utf8)
                )
            )

            let first = try await self.callback(c, body, signature: Self.signature(body, at: now - 300))
            #expect(first.status == .ok)
            let paid = try c.decode(BookingJSON.self, first)
            #expect(paid.status == "confirmed" && paid.token == nil)
            #expect(paid.passengers.allSatisfy { $0.ticket?.status == "valid" })
            // The provider repeats it until acknowledged: the same answer, no second payment.
            let repeated = try c.decode(BookingJSON.self, try await self.callback(c, body, signature: Self.signature(body, at: now)))
            #expect(repeated.payments.count == 1 && repeated.payments.first?.paymentReference == "wx-4200001")

            let wrongAmount = #"{"reference":"\#(held.reference)","paymentReference":"wx-9","amountFen":1}"#
            #expect(
                try c.problem(try await self.callback(c, wrongAmount, signature: Self.signature(wrongAmount, at: now))).code == "validation_failed"
            )
        }
    }

    @Test func inDemoModeThereIsNoCallback() async throws {
        try await withServer { c in
            let body = #"{"reference":"K7QX2M","paymentReference":"wx-1","amountFen":100}"#
            let r = try await self.callback(c, body, signature: Self.signature(body, at: c.clock.now()))
            #expect(r.status == .notFound)
            #expect(try c.problem(r).detail.contains("demo mode"))
        }
    }
}
