import FerryAPI
import FerryTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct CheckinRoutesTests {
    /// A paid adult with a free child on the small sailing; boarding opens 07:40 tomorrow.
    func family(_ c: ServerClient, counter: String) async throws -> BookingJSON {
        let body = ServerClient.bookingJSON(passengers: [ServerClient.adultJSON(1), ServerClient.freeChildJSON])
        let held = try c.decode(BookingJSON.self, try await c.request(.post, "/v1/bookings", json: body, bearer: counter))
        let paid = try await c.request(.post, "/v1/bookings/\(held.reference)/pay", json: #"{"method":"wechat"}"#, bearer: counter)
        return try c.decode(BookingJSON.self, paid)
    }

    static let opens = TestData.now + (21 * 3600 + 40 * 60)

    @Test func signingKeyIsPublishedAndVerifiesTickets() async throws {
        try await withServer { c in
            let key = try c.decode(TicketSigningKeyJSON.self, try await c.request(.get, "/v1/keys/ticket-signing"))
            #expect(key.algorithm == "Ed25519")
            #expect(key.pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
            let counter = try await c.createKey(role: "counter")
            let booking = try await self.family(c, counter: counter)
            let code = try #require(booking.passengers[1].ticket?.code)
            let payload = try #require(code.split(separator: ".").first)
            let json = String(
                decoding: Data(
                    base64Encoded: String(payload).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/").padding(
                        toLength: (payload.count + 3) / 4 * 4,
                        withPad: "=",
                        startingAt: 0
                    )
                ) ?? Data(),
                as: UTF8.self
            )
            #expect(json.contains(#""kid":"\#(key.keyId)""#))
            #expect(
                json.contains(#""fare":"free_child","basis":"age","class":null,"name":"张*宝","gtid":"\#(booking.passengers[0].ticket?.id ?? "")""#)
            )
        }
    }

    @Test func gateChecksInWithAuthAndIdempotentRetry() async throws {
        try await withServer { c in
            let counter = try await c.createKey(role: "counter")
            let booking = try await self.family(c, counter: counter)
            let adult = try #require(booking.passengers[0].ticket)
            let child = try #require(booking.passengers[1].ticket)
            let scan = #"{"code":"\#(adult.code)","sailingId":"\#(ServerClient.smallSailing)"}"#

            #expect(try await c.request(.post, "/v1/checkin", json: scan).status == .unauthorized)
            #expect(try await c.request(.post, "/v1/checkin", json: scan, token: booking.token).status == .unauthorized)

            let early = try await c.request(.post, "/v1/checkin", json: scan, bearer: counter)
            #expect(early.status == .conflict)
            #expect(try c.problem(early).code == "boarding_not_open")

            c.clock.set(Self.opens)
            let childFirst = try await c.request(.post, "/v1/checkin", json: #"{"code":"\#(child.code)"}"#, bearer: counter)
            #expect(try c.problem(childFirst).code == "guardian_not_boarded")

            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "gate-7-scan-1"]
            let first = try await c.request(.post, "/v1/checkin", json: scan, bearer: counter, headers: key)
            #expect(first.status == .ok)
            let boarded = try c.decode([BoardedTicketJSON].self, first)
            #expect(boarded.map(\.ticketId) == [adult.id])
            #expect(boarded[0].seatClass == "economy")
            #expect(boarded[0].boardedAt == "2026-11-30T07:40:00+08:00")
            // The gate's network dropped; it retries with the same key and gets the same answer.
            let retry = try await c.request(.post, "/v1/checkin", json: scan, bearer: counter, headers: key)
            #expect(retry.status == .ok)
            #expect(retry.body == first.body)
            // Without the key, a second scan is refused and says when.
            let again = try await c.request(.post, "/v1/checkin", json: scan, bearer: counter)
            let problem = try c.problem(again)
            #expect(problem.code == "already_boarded")
            #expect(problem.details["boardedAt"] == "2026-11-30T07:40:00+08:00")

            let wrong = try await c.request(
                .post,
                "/v1/checkin",
                json: #"{"code":"\#(child.code)","sailingId":"SJW-LZS-20261130-1400"}"#,
                bearer: counter
            )
            #expect(try c.problem(wrong).code == "wrong_sailing")
            let forged = try await c.request(.post, "/v1/checkin", json: #"{"code":"\#(child.code.dropLast(3))abc"}"#, bearer: counter)
            #expect(forged.status == .unprocessableContent)
            #expect(try c.problem(forged).code == "invalid_ticket")
            let shape = try await c.request(.post, "/v1/checkin", json: #"{"code":"x","idType":"passport"}"#, bearer: counter)
            #expect(try c.problem(shape).code == "validation_failed")

            let byDocument = try await c.request(
                .post,
                "/v1/checkin",
                json: #"{"idType":"passport","idNumber":"E7654321","sailingId":"\#(ServerClient.smallSailing)"}"#,
                bearer: counter
            )
            #expect(byDocument.status == .ok)
            #expect(try c.decode([BoardedTicketJSON].self, byDocument).first?.guardianTicketId == adult.id)
        }
    }

    @Test func gateListOfflineScansAndManifest() async throws {
        try await withServer { c in
            let counter = try await c.createKey(role: "counter")
            let booking = try await self.family(c, counter: counter)
            let adult = try #require(booking.passengers[0].ticket)
            let child = try #require(booking.passengers[1].ticket)

            #expect(try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)/gate-list").status == .unauthorized)
            let list = try c.decode(
                GateListJSON.self,
                try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)/gate-list", bearer: counter)
            )
            #expect(list.boardingOpensAt == "2026-11-30T07:40:00+08:00")
            #expect(Set(list.valid.map(\.ticketId)) == [adult.id, child.id])
            #expect(list.valid.first { $0.ticketId == child.id }?.guardianTicketId == adult.id)
            #expect(list.revoked.isEmpty)

            c.clock.set(Self.opens + 3600)
            let upload =
                #"{"gateId":"huaniao-1","scans":[{"code":"\#(adult.code)","scannedAt":"2026-11-30T07:45:00+08:00"},{"code":"\#(child.code)","scannedAt":"2026-11-30T07:45:10+08:00"}]}"#
            let results = try c.decode(
                [OfflineScanResultJSON].self,
                try await c.request(.post, "/v1/checkin/offline-scans", json: upload, bearer: counter)
            )
            #expect(results.map(\.outcome) == ["boarded", "boarded"])
            let badTime = try await c.request(
                .post,
                "/v1/checkin/offline-scans",
                json: #"{"gateId":"g","scans":[{"code":"x","scannedAt":"yesterday"}]}"#,
                bearer: counter
            )
            #expect(badTime.status == .unprocessableContent)

            let manifest = try c.decode(
                ManifestJSON.self,
                try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)/manifest", bearer: counter)
            )
            #expect(manifest.totals == .init(adult: 1, child: 0, freeChild: 1, persons: 2, seated: 1, boarded: 2))
            #expect(
                manifest.passengers.map(\.idNumber) == [
                    String(TestData.adultId(1).prefix(6)) + "********" + String(TestData.adultId(1).suffix(4)), "******21",
                ]
            )
            let csv = try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)/manifest?format=csv", bearer: counter)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: csv.body).components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("booking,passenger,ticket,status,name"))
            #expect(lines.contains { $0.hasPrefix("\(booking.reference),1,\(child.id),boarded,张小宝,passport,******21,free_child,age,,\(adult.id),") })
            #expect(lines.contains("totals,adult=1,child=0,free_child=1,persons=2,seated=1,boarded=2"))
            #expect(
                try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)/manifest?format=xml", bearer: counter).status
                    == .unprocessableContent
            )
        }
    }
}
