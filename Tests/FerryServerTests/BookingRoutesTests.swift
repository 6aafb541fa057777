import FerryAPI
import FerryDomain
import FerryTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct BookingRoutesTests {
    @Test func bookAdultWithFreeChildPayAndRead() async throws {
        try await withServer { c in
            let body = ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1), ServerClient.freeChildJSON])
            let created = try await c.request(.post, "/v1/bookings", json: body)
            #expect(created.status == .created)
            #expect(created.headers[.cacheControl] == "no-store")
            let held = try c.decode(BookingJSON.self, created)
            #expect(held.status == "held")
            #expect(held.totalFen == 3800)
            #expect(held.expiresAt == "2026-11-29T10:15:00+08:00")
            #expect(held.passengers[1].fareType == "free_child")
            #expect(held.passengers[1].seatClass == nil)  // the business class sent with it is ignored
            #expect(held.passengers[1].fareFen == 0)
            #expect(held.passengers.allSatisfy { $0.ticket == nil })
            let token = try #require(held.token)

            let sailing = try c.decode(SailingJSON.self, try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)"))
            #expect(sailing.seats[0].available == 49)
            #expect(sailing.headcount.available == 54)

            let paid = try await c.request(
                .post,
                "/v1/bookings/\(held.reference)/pay",
                json: #"{"method":"online","paymentReference":"demo-42"}"#,
                token: token
            )
            #expect(paid.status == .ok)
            #expect(paid.headers[.cacheControl] == "no-store")
            let confirmed = try c.decode(BookingJSON.self, paid)
            #expect(confirmed.status == "confirmed")
            #expect(confirmed.paidFen == 3800)
            #expect(confirmed.passengers.allSatisfy { $0.ticket?.status == "valid" })
            #expect(confirmed.payments.first?.paymentReference == "demo-42")

            let read = try await c.request(.get, "/v1/bookings/\(held.reference)", token: token)
            #expect(read.status == .ok)
            #expect(read.headers[.cacheControl] == "no-store")
            #expect(try c.decode(BookingJSON.self, read).passengers.map(\.ticket) == confirmed.passengers.map(\.ticket))

            let again = try await c.request(
                .post,
                "/v1/bookings/\(held.reference)/pay",
                json: #"{"method":"online","paymentReference":"x"}"#,
                token: token
            )
            #expect(again.status == .conflict)
            #expect(try c.problem(again).code == "already_paid")
        }
    }

    @Test func authorisation() async throws {
        try await withServer { c in
            let mine = try await c.book(1)
            let theirs = try await c.book(2)
            let counter = try await c.createKey(role: "counter")

            let anonymous = try await c.request(.get, "/v1/bookings/\(mine.reference)")
            #expect(anonymous.status == .unauthorized)
            #expect(try c.problem(anonymous).code == "unauthorized")
            let wrongToken = try await c.request(.get, "/v1/bookings/\(mine.reference)", token: theirs.token)
            #expect(wrongToken.status == .forbidden)
            #expect(try await c.request(.get, "/v1/bookings/NOSUCH", token: mine.token).status == .notFound)
            let badKey = try await c.request(.get, "/v1/bookings/\(mine.reference)", bearer: "not-a-key")
            #expect(badKey.status == .unauthorized)
            let staffRead = try await c.request(.get, "/v1/bookings/\(mine.reference)", bearer: counter)
            #expect(staffRead.status == .ok)
            #expect(try c.decode(BookingJSON.self, staffRead).token == nil)

            // Keys: admin only; a counter key is the wrong role.
            #expect(try await c.request(.post, "/v1/admin/keys", json: #"{"role":"counter","label":"x"}"#).status == .unauthorized)
            let wrongRole = try await c.request(.post, "/v1/admin/keys", json: #"{"role":"counter","label":"x"}"#, bearer: counter)
            #expect(wrongRole.status == .forbidden)
            #expect(try c.problem(wrongRole).code == "forbidden")
            let badRole = try await c.request(.post, "/v1/admin/keys", json: #"{"role":"captain","label":"x"}"#, bearer: ServerClient.adminKey)
            #expect(badRole.status == .unprocessableContent)
            // An admin lists keys (never the secrets) and revokes one: it opens nothing after.
            let created = try await c.request(.post, "/v1/admin/keys", json: #"{"role":"counter","label":"gate 7"}"#, bearer: ServerClient.adminKey)
            let gate = try c.decode(CreatedKeyJSON.self, created)
            #expect(try await c.request(.get, "/v1/admin/keys", bearer: counter).status == .forbidden)
            let listed = try await c.request(.get, "/v1/admin/keys", bearer: ServerClient.adminKey)
            #expect(try c.decode([StaffKeyJSON].self, listed).filter { $0.label == "gate 7" }.map(\.id) == [gate.id])
            #expect(!String(buffer: listed.body).contains(gate.key) && String(buffer: listed.body).contains(#""revokedAt":null"#))
            let revoke = try await c.request(.delete, "/v1/admin/keys/\(gate.id)", bearer: ServerClient.adminKey)
            #expect(revoke.status == .ok && String(buffer: revoke.body).contains(#""revokedAt":"2026-"#))
            #expect(try await c.request(.get, "/v1/bookings/\(mine.reference)", bearer: gate.key).status == .unauthorized)
            #expect(try await c.request(.delete, "/v1/admin/keys/key_nosuch", bearer: ServerClient.adminKey).status == .notFound)

            // Travellers pay online; cash is for counters.
            let cash = try await c.request(.post, "/v1/bookings/\(mine.reference)/pay", json: #"{"method":"cash"}"#, token: mine.token)
            #expect(cash.status == .forbidden)
            let unknownMethod = try await c.request(.post, "/v1/bookings/\(mine.reference)/pay", json: #"{"method":"bitcoin"}"#, bearer: counter)
            #expect(unknownMethod.status == .unprocessableContent)
            #expect(try c.problem(unknownMethod).code == "invalid_payment_method")
            #expect(unknownMethod.headers[.cacheControl] == "no-store")
            let counterCash = try await c.request(.post, "/v1/bookings/\(mine.reference)/pay", json: #"{"method":"cash"}"#, bearer: counter)
            #expect(counterCash.status == .ok)
            #expect(String(buffer: counterCash.body).contains(#""paymentReference":null"#))

            // Unknown references are 404 whoever asks.
            #expect(try await c.request(.get, "/v1/bookings/ZZZZZZ").status == .notFound)
        }
    }

    @Test func counterSalesUseTheShorterCutOff() async throws {
        try await withServer { c in
            let counter = try await c.createKey(role: "counter")
            // 08:40 tomorrow; 20 minutes before is past the online cut-off but not the counter's.
            c.clock.set(TestData.now + 22 * 3600 + 20 * 60)
            let online = try await c.request(.post, "/v1/bookings", json: ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1)]))
            #expect(online.status == .unprocessableContent)
            #expect(try c.problem(online).code == "outside_booking_window")
            let atCounter = try await c.book(1, bearer: counter)
            #expect(atCounter.channel == "counter")
        }
    }

    @Test(arguments: [
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四","idType":"resident_id","idNumber":"110105194912310021","fareType":"adult"}]}"#,
            422, "invalid_id_number"
        ),
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四","idType":"passport","idNumber":"E1234567","fareType":"adult"}]}"#, 422,
            "invalid_id_number"
        ),
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"小李","idType":"passport","idNumber":"E1234567","birthDate":"2018-01-01","fareType":"adult"}]}"#,
            422, "child_age_mismatch"
        ),
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"小李","idType":"passport","idNumber":"E1234567","birthDate":"2023-01-01","fareType":"free_child"}]}"#,
            422, "invalid_guardian"
        ),
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult","seatClass":"business"}]}"#,
            422, "seat_class_unavailable"
        ),
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四","idType":"ssn","idNumber":"1","fareType":"adult"}]}"#, 422,
            "validation_failed"
        ),
        (#"{"sailingId":"XCY-LHA-20261130-0840","passengers":[]}"#, 422, "validation_failed"),
        (#"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四"}]}"#, 422, "validation_failed"),
        (#"{"sailingId":"XCY-LHA-20261130-0840","passengers":"many"}"#, 422, "validation_failed"),
        (
            #"{"sailingId":"XCY-LHA-20990101-0840","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult"}]}"#,
            404, "not_found"
        ),
        (
            #"{"sailingId":"XCY-LHA-20270301-0840","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult"}]}"#,
            404, "not_found"
        ),
        (
            #"{"sailingId":"SJW-LZS-20261130-1400","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult"}],"vehicles":[{"plate":"浙L1","kind":"car","category":"green","driver":0}]}"#,
            422, "green_permit_required"
        ),
        (
            #"{"sailingId":"SJW-LZS-20261130-1400","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult"}],"vehicles":[{"plate":"浙L1","kind":"car","category":"resident","driver":0}]}"#,
            422, "not_a_resident"
        ),
        (
            #"{"sailingId":"SJW-LZS-20261130-1400","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult"}],"vehicles":[{"plate":"浙L1","kind":"car","category":"general","driver":1}]}"#,
            422, "driver_not_in_booking"
        ),
        (#"{"sailingId": "#, 400, "malformed_request"),
        (#"not json"#, 400, "malformed_request"),
        // A name given twice: which one counts would be each reader's guess.
        (
            #"{"sailingId":"NOPE","sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult"}]}"#,
            400, "malformed_request"
        ),
        (
            #"{"sailingId":"XCY-LHA-20261130-0840","passengers":[{"name":"李四","idType":"resident_id","idNumber":"11010519491231002X","fareType":"adult","fareType":"child"}]}"#,
            400, "malformed_request"
        ),
    ])
    func badBookingsAreRefusedAndChangeNothing(body: String, status: Int, code: String) async throws {
        try await withServer { c in
            let r = try await c.request(.post, "/v1/bookings", json: body)
            #expect(r.status.code == status)
            #expect(try c.problem(r).code == code)
            let sailing = try c.decode(SailingJSON.self, try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)"))
            #expect(sailing.headcount.available == 56)
        }
    }

    /// Bodies read by Foundation (every one but a new booking's) refuse a name given twice too.
    @Test func aPaymentNamingItsMethodTwiceIsMalformed() async throws {
        try await withServer { c in
            let held = try await c.book(1)
            let r = try await c.request(
                .post,
                "/v1/bookings/\(held.reference)/pay",
                json: #"{"method":"online","paymentReference":"r1","method":"cash"}"#,
                token: held.token
            )
            #expect(r.status == .badRequest)
            #expect(try c.problem(r).code == "malformed_request")
            #expect(try c.decode(BookingJSON.self, try await c.request(.get, "/v1/bookings/\(held.reference)", token: held.token)).status == "held")
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withServer { c in
            let name = String(repeating: "长", count: 30_000)
            let r = try await c.request(.post, "/v1/bookings", json: ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1, name: name)]))
            #expect(r.status == .contentTooLarge)
            #expect(try c.problem(r).code == "payload_too_large")
        }
    }

    @Test func soldOutAndDuplicatePassenger() async throws {
        try await withServer { c in
            for n in 0..<50 { _ = try await c.book(n) }
            let full = try await c.request(.post, "/v1/bookings", json: ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(50)]))
            #expect(full.status == .conflict)
            #expect(try c.problem(full).code == "sold_out")
            let again = try await c.request(
                .post,
                "/v1/bookings",
                json: ServerClient.bookingJSON(sailing: ServerClient.roroSailing, passengers: [ServerClient.adultJSON(3)])
            )
            #expect(again.status == .created)
            let dup = try await c.request(
                .post,
                "/v1/bookings",
                json: ServerClient.bookingJSON(sailing: ServerClient.roroSailing, passengers: [ServerClient.adultJSON(3)])
            )
            #expect(dup.status == .conflict)
            let problem = try c.problem(dup)
            #expect(problem.code == "duplicate_passenger")
            // The number is masked, as everywhere else it is shown.
            let id = TestData.adultId(3)
            #expect(!problem.detail.contains(id) && problem.detail.contains(IdentityDocument.masked(id)))
        }
    }

    @Test func expiredHoldIs409AndReleased() async throws {
        try await withServer { c in
            let held = try await c.book(1)
            c.clock.advance(seconds: 15 * 60)
            let r = try await c.request(
                .post,
                "/v1/bookings/\(held.reference)/pay",
                json: #"{"method":"online","paymentReference":"p"}"#,
                token: held.token
            )
            #expect(r.status == .conflict)
            #expect(try c.problem(r).code == "hold_expired")
            let read = try c.decode(BookingJSON.self, try await c.request(.get, "/v1/bookings/\(held.reference)", token: held.token))
            #expect(read.status == "expired")
            let sailing = try c.decode(SailingJSON.self, try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)"))
            #expect(sailing.seats[0].available == 50)
        }
    }

    @Test func idempotentRetryReturnsTheFirstResponse() async throws {
        try await withServer { c in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-1"]
            let body = ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1)])
            let first = try await c.request(.post, "/v1/bookings", json: body, headers: key)
            let second = try await c.request(.post, "/v1/bookings", json: body, headers: key)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(first.body == second.body)
            let sailing = try c.decode(SailingJSON.self, try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)"))
            #expect(sailing.seats[0].available == 49)

            let other = try await c.request(
                .post,
                "/v1/bookings",
                json: ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(2)]),
                headers: key
            )
            #expect(other.status == .unprocessableContent)
            #expect(try c.problem(other).code == "idempotency_key_reused")

            // A refusal is an answer too: replayed, not re-run.
            let held = try c.decode(BookingJSON.self, first)
            let payKey: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "pay-1"]
            let pay = #"{"method":"online","paymentReference":"r1"}"#
            let paid = try await c.request(.post, "/v1/bookings/\(held.reference)/pay", json: pay, token: held.token, headers: payKey)
            let paidAgain = try await c.request(.post, "/v1/bookings/\(held.reference)/pay", json: pay, token: held.token, headers: payKey)
            #expect(paid.status == .ok)
            #expect(paidAgain.status == .ok)
            #expect(paid.body == paidAgain.body)
            // The reference is read in any case, so a retry spelled in lower case is the same
            // request: the first answer, not `already_paid`.
            let lower = try await c.request(.post, "/v1/bookings/\(held.reference.lowercased())/pay", json: pay, token: held.token, headers: payKey)
            #expect(lower.status == .ok)
            #expect(lower.body == paid.body)
            #expect(lower.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            // A key with bytes that were not UTF-8 (they arrive as U+FFFD) could be another's.
            let garbled = try await c.request(
                .post,
                "/v1/bookings",
                json: body,
                headers: [HTTPField.Name("Idempotency-Key")!: "ab\u{FFFD}cd"]
            )
            #expect(garbled.status == .unprocessableContent)
        }
    }
}
