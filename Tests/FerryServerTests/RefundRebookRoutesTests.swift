import FerryAPI
import FerryTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct RefundRebookRoutesTests {
    func paidFamily(_ c: ServerClient) async throws -> BookingJSON {
        let body = ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1), ServerClient.adultJSON(2, name: "李四")])
        let held = try c.decode(BookingJSON.self, try await c.request(.post, "/v1/bookings", json: body))
        let paid = try await c.request(
            .post,
            "/v1/bookings/\(held.reference)/pay",
            json: #"{"method":"online","paymentReference":"wx-1"}"#,
            token: held.token
        )
        return try c.decode(BookingJSON.self, paid)
    }

    @Test func refundOnePassengerThenTheRest() async throws {
        try await withServer { c in
            let booking = try await self.paidFamily(c)
            #expect(try await c.request(.post, "/v1/bookings/\(booking.reference)/refund", json: "{}").status == .unauthorized)
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "refund-1"]
            let first = try await c.request(
                .post,
                "/v1/bookings/\(booking.reference)/refund",
                json: #"{"passengers":[1]}"#,
                token: booking.token,
                headers: key
            )
            #expect(first.status == .ok)
            #expect(first.headers[.cacheControl] == "no-store")
            let result = try c.decode(RefundResultJSON.self, first)
            #expect(result.feeFen == 380)  // 22 h 40 min left: 10%
            #expect(result.refundedFen == 3420)
            #expect(result.booking.refunds.first?.method == "online")
            #expect(result.booking.passengers.map(\.status) == ["travelling", "refunded"])
            #expect(result.booking.passengers[1].ticket?.status == "refunded")
            #expect(result.booking.balanceFen == 3800 + 380)
            // The same request again: the first answer, not a second refund.
            let retry = try await c.request(
                .post,
                "/v1/bookings/\(booking.reference)/refund",
                json: #"{"passengers":[1]}"#,
                token: booking.token,
                headers: key
            )
            #expect(retry.body == first.body)
            let again = try await c.request(.post, "/v1/bookings/\(booking.reference)/refund", json: #"{"passengers":[1]}"#, token: booking.token)
            #expect(try c.problem(again).code == "already_refunded")
            let bad = try await c.request(.post, "/v1/bookings/\(booking.reference)/refund", json: #"{"passengers":[7]}"#, token: booking.token)
            #expect(bad.status == .unprocessableContent)
            // Valid JSON with an index that is not a whole number: the wrong type, not "not JSON".
            let fraction = try await c.request(
                .post,
                "/v1/bookings/\(booking.reference)/refund",
                json: #"{"passengers":[0.5]}"#,
                token: booking.token
            )
            #expect(try c.problem(fraction).code == "validation_failed")
            #expect(try c.problem(fraction).detail.contains("wrong type"))
            let rest = try c.decode(
                RefundResultJSON.self,
                try await c.request(.post, "/v1/bookings/\(booking.reference)/refund", token: booking.token)
            )
            #expect(rest.booking.status == "refunded")
            #expect(rest.booking.balanceFen == 760)
            #expect(rest.booking.feesFen == 760)
        }
    }

    @Test func aCounterPaysOutACashRefundOnce() async throws {
        try await withServer { c in
            let counter = try await c.createKey(role: "counter")
            let held = try c.decode(
                BookingJSON.self,
                try await c.request(.post, "/v1/bookings", json: ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1)]))
            )
            _ = try await c.request(.post, "/v1/bookings/\(held.reference)/pay", json: #"{"method":"cash"}"#, bearer: counter)
            let refunded = try c.decode(RefundResultJSON.self, try await c.request(.post, "/v1/bookings/\(held.reference)/refund", bearer: counter))
            let refund = try #require(refunded.booking.refunds.first)
            #expect(refund.method == "cash_due" && refund.paidOutAt == nil && refund.paidOutBy == nil)
            let path = "/v1/bookings/\(held.reference)/refunds/\(refund.id)/payout"
            // The traveller cannot mark it paid; only a counter hands cash over.
            #expect(try await c.request(.post, path, token: held.token).status == .unauthorized)
            #expect(try await c.request(.post, path, json: "[]", bearer: counter).status == .unprocessableContent)

            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "payout-1"]
            let first = try await c.request(.post, path, bearer: counter, headers: key)
            #expect(first.status == .ok)
            #expect(first.headers[.cacheControl] == "no-store")
            let paid = try #require(try c.decode(BookingJSON.self, first).refunds.first)
            #expect(paid.paidOutAt != nil && paid.paidOutBy?.isEmpty == false)
            #expect(try await c.request(.post, path, bearer: counter, headers: key).body == first.body)
            let twice = try await c.request(.post, path, json: "{}", bearer: counter)
            #expect(twice.status == .conflict)
            #expect(try c.problem(twice).code == "already_paid_out")
            let unknown = try await c.request(.post, "/v1/bookings/\(held.reference)/refunds/RFNOSUCH/payout", bearer: counter)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func rebookSomeIntoANewBooking() async throws {
        try await withServer { c in
            let booking = try await self.paidFamily(c)
            let body = #"{"sailingId":"XCY-LHA-20261205-0840","passengers":[1]}"#
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "rebook-1"]
            let r = try await c.request(.post, "/v1/bookings/\(booking.reference)/rebook", json: body, token: booking.token, headers: key)
            #expect(r.status == .ok)
            // A retry is the first answer again, the new booking's token with it.
            let retry = try await c.request(.post, "/v1/bookings/\(booking.reference)/rebook", json: body, token: booking.token, headers: key)
            #expect(retry.body == r.body)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let result = try c.decode(RebookResultJSON.self, r)
            #expect(result.feeFen == 0)
            #expect(result.fareDifferenceFen == 0)
            #expect(result.booking.reference != booking.reference)
            #expect(result.booking.rebookedFrom == booking.reference)
            let newToken = try #require(result.booking.token)
            #expect(newToken != booking.token)
            #expect(try await c.request(.get, "/v1/bookings/\(result.booking.reference)", token: newToken).status == .ok)
            let old = try c.decode(BookingJSON.self, try await c.request(.get, "/v1/bookings/\(booking.reference)", token: booking.token))
            #expect(old.rebookedTo == [result.booking.reference])
            #expect(old.passengers[1].status == "rebooked")
            #expect(old.passengers[1].ticket?.status == "superseded")
            #expect(old.balanceFen == 3800)

            let full = try await c.request(
                .post,
                "/v1/bookings/\(booking.reference)/rebook",
                json: #"{"sailingId":"XCY-HNA-20261205-0820"}"#,
                token: booking.token
            )
            #expect(full.status == .unprocessableContent)
            let moved = try await c.request(
                .post,
                "/v1/bookings/\(booking.reference)/rebook",
                json: #"{"sailingId":"XCY-LHA-20261206-0840","fromSailingId":"XCY-LHA-20261205-0840"}"#,
                token: booking.token
            )
            #expect(try c.problem(moved).code == "booking_changed")
            let cash = try await c.request(
                .post,
                "/v1/bookings/\(booking.reference)/rebook",
                json: #"{"sailingId":"XCY-LHA-20261206-0840","method":"cash"}"#,
                token: booking.token
            )
            #expect(cash.status == .forbidden)
            let whole = try c.decode(
                RebookResultJSON.self,
                try await c.request(
                    .post,
                    "/v1/bookings/\(booking.reference)/rebook",
                    json: #"{"sailingId":"XCY-LHA-20261206-0840"}"#,
                    token: booking.token
                )
            )
            #expect(whole.booking.reference == booking.reference)
            #expect(whole.booking.sailingId == "XCY-LHA-20261206-0840")
            #expect(whole.booking.token == booking.token)
        }
    }
}

@Suite struct TimetableRoutesTests {
    @Test func operatorsSetTimetables() async throws {
        try await withServer { c in
            let dispatcher = try await c.createKey(role: "operator")
            let counter = try await c.createKey(role: "counter")
            let body = #"{"routeId":"XCY-LHA","daysOfWeek":[6,7],"departure":"16:00","vessel":"luhua-ferry","validFrom":"2026-11-29","validTo":null}"#
            #expect(try await c.request(.post, "/v1/timetables", json: body, bearer: counter).status == .forbidden)
            let r = try await c.request(.post, "/v1/timetables", json: body, bearer: dispatcher)
            #expect(r.status == .ok)
            let change = try c.decode(TimetableChangeJSON.self, r)
            #expect(change.timetable.id == "XCY-LHA-1600")
            #expect(change.added.count == 17)
            let list = try c.decode([TimetableJSON].self, try await c.request(.get, "/v1/timetables", bearer: dispatcher))
            #expect(list.contains(change.timetable))
            let bad = try await c.request(.post, "/v1/timetables", json: body.replacingOccurrences(of: "16:00", with: "25:00"), bearer: dispatcher)
            #expect(bad.status == .unprocessableContent)
            let unknown = try await c.request(
                .post,
                "/v1/timetables",
                json: body.replacingOccurrences(of: "XCY-LHA", with: "XCY-MARS"),
                bearer: dispatcher
            )
            #expect(unknown.status == .notFound)
        }
    }
}
