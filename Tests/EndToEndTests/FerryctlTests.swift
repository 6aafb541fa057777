import FerryAPI
import FerryClient
import FerryStore
import FerryTestSupport
import Foundation
import Testing

/// `ferryctl` as a dispatcher uses it, against a live server.
@Suite(.timeLimit(.minutes(3))) struct FerryctlTests {
    /// Lihai 2 (200 seats), tomorrow 07:30 from Xiaocaiyuan to Gouqi.
    static let morningSailing = "XCY-GQI-20261130-0730"

    static func operatorKey(_ server: LiveServer) async throws -> String {
        let created = try await Tool("ferryctl", server: server.url, key: LiveServer.adminKey)
            .run("keys", "create", "--role", "operator", "--label", "dispatch", "--json")
        #expect(created.status == 0, "\(created)")
        return try JSONDecoder().decode(CreatedKeyJSON.self, from: Data(created.out.utf8)).key
    }

    static func bookAdult(_ n: Int, on sailing: String, _ server: LiveServer) async throws -> BookingJSON {
        try await server.client().createBooking(
            CreateBookingRequest(
                sailingId: sailing,
                passengers: [.init(name: "旅客\(n)", idType: "resident_id", idNumber: TestData.adultId(n), fareType: "adult")]
            )
        )
    }

    /// DESIGN's dispatcher story: tomorrow's 07:30 is cancelled for fog, and a subscriber
    /// following the notices sees it arrive.
    @Test func cancelForFogAndASubscriberSeesIt() async throws {
        try await LiveServer.with { server in
            let key = try await Self.operatorKey(server)
            let booked = [try await Self.bookAdult(1, on: Self.morningSailing, server), try await Self.bookAdult(2, on: Self.morningSailing, server)]

            let follower = try Tool("ferryctl", server: server.url).start("notices", "--follow", "--json")
            defer { follower.stop() }
            // It says it is following once the stream is open: from then on nothing is missed.
            #expect(await follower.nextErr()?.hasPrefix("Following notices after #0") == true)

            let ctl = Tool("ferryctl", server: server.url, key: key)
            let cancel = try await ctl.run("sailing", "cancel", Self.morningSailing, "--reason", "weather_fog", "--message", "Fog at Gouqi")
            #expect(cancel.status == 0, "\(cancel)")
            #expect(cancel.out == "\(Self.morningSailing) cancelled (weather_fog). Notice #1 published; 2 bookings affected.\n")

            let line = try #require(await follower.nextOut())
            let notice = try JSONDecoder().decode(NoticeJSON.self, from: Data(line.utf8))
            #expect(notice.seq == 1)
            #expect(notice.type == "cancelled")
            #expect(notice.sailingId == Self.morningSailing)
            #expect(notice.reason == "weather_fog")
            #expect(notice.message == "Fog at Gouqi")
            #expect(notice.affectedBookings == 2)

            // The travellers' bookings list it.
            for booking in booked {
                let now = try await server.client().booking(booking.reference, token: booking.token)
                #expect(now.notices.map(\.seq) == [1])
            }
            let listed = try await ctl.run("notices", "--since", "0")
            #expect(listed.status == 0)
            #expect(listed.out.hasPrefix("#1  2026-11-29 10:00  cancelled  \(Self.morningSailing)  fog  2 bookings affected  Fog at Gouqi"))
        }
    }

    @Test func delayPendingVesselAddCancelDayAndAnnounce() async throws {
        try await LiveServer.with { server in
            let ctl = Tool("ferryctl", server: server.url, key: try await Self.operatorKey(server))
            let decoder = JSONDecoder()

            let byMinutes = try await ctl.run("sailing", "delay", Self.morningSailing, "--by", "45", "--reason", "technical", "--json")
            #expect(byMinutes.status == 0, "\(byMinutes)")
            let delayed = try decoder.decode(ScheduleChangeJSON.self, from: Data(byMinutes.out.utf8))
            #expect(delayed.sailing.id == Self.morningSailing)
            #expect(delayed.sailing.status == "delayed")
            #expect(delayed.sailing.departure == "2026-11-30T08:15:00+08:00")
            #expect(delayed.notice.type == "delayed")

            let toTime = try await ctl.run("sailing", "delay", Self.morningSailing, "--to", "09:05", "--reason", "weather_wind")
            #expect(toTime.out == "\(Self.morningSailing) delayed to 2026-11-30 09:05 (weather_wind). Notice #2 published; 0 bookings affected.\n")

            let pending = try await ctl.run("sailing", "pending", "XCY-DYS-20261130-0800", "--decision-at", "06:30", "--reason", "weather_wind")
            #expect(pending.status == 0, "\(pending)")
            #expect(pending.out.contains("weather pending; decision at 2026-11-30 06:30 (weather_wind). Notice #3"))
            let resumed = try await ctl.run("sailing", "resume", "XCY-DYS-20261130-0800", "--message", "Wind dropped")
            #expect(resumed.out == "XCY-DYS-20261130-0800 sails after all, departing 2026-11-30 08:00. Notice #4 published; 0 bookings affected.\n")
            let resumedTwice = try await ctl.run("sailing", "resume", "XCY-DYS-20261130-0800")
            #expect(resumedTwice.status == 1 && resumedTwice.err.contains("(not_weather_pending, HTTP 409)"), "\(resumedTwice)")

            // A car on the ro-ro: a passenger-only boat cannot take its place.
            let roro = "SJW-LZS-20261130-1400"
            _ = try await server.client().createBooking(
                CreateBookingRequest(
                    sailingId: roro,
                    passengers: [.init(name: "司机", idType: "resident_id", idNumber: TestData.adultId(7), fareType: "adult")],
                    vehicles: [.init(plate: "浙L12345", kind: "car", category: "general", driver: 0)]
                )
            )
            let refused = try await ctl.run("sailing", "vessel", roro, "lihai-2")
            #expect(refused.status == 1)
            #expect(refused.out.isEmpty)
            #expect(refused.err.hasPrefix("error: "))
            #expect(refused.err.contains("(vessel_too_small, HTTP 409)"))
            #expect(refused.err.split(separator: "\n").count == 1)
            let swapped = try await ctl.run("sailing", "vessel", roro, "zhouqiao-9")
            #expect(swapped.out.contains("now sails with 舟桥9 (zhouqiao-9)"), "\(swapped)")

            let added = try await ctl.run("sailing", "add", "XCY-GQI", "2026-11-30 16:00", "--vessel", "shengsi-6")
            #expect(added.status == 0, "\(added)")
            #expect(added.out.hasPrefix("Added XCY-GQI-20261130-1600."))
            let listed = try await ctl.run("sailings", "XCY", "GQI", "--date", "2026-11-30")
            #expect(
                listed.out.split(separator: "\n").map { $0.prefix(21) } == [
                    "SAILING              ", "XCY-GQI-20261130-0730", "XCY-GQI-20261130-1430", "XCY-GQI-20261130-1600",
                ]
            )

            let day = try await ctl.run("route", "cancel-day", "XCY-HNA", "2026-11-30", "--reason", "weather_wind", "--message", "Gale")
            #expect(day.status == 0, "\(day)")
            #expect(day.out.hasSuffix("2 sailings cancelled; 0 bookings affected.\n"))
            let again = try await ctl.run("route", "cancel-day", "XCY-HNA", "2026-11-30", "--reason", "weather_wind")
            #expect(again.status == 1)
            #expect(again.err.contains("no sailing left to cancel on 2026-11-30. (not_found, HTTP 404)"))

            let announced = try await ctl.run("announce", "Gouqi pier closed until noon", "--port", "GQI", "--title", "Pier works", "--json")
            let notice = try decoder.decode(NoticeJSON.self, from: Data(announced.out.utf8))
            #expect(notice.type == "announcement")
            #expect(notice.ports == ["GQI"])
            #expect(notice.title == "Pier works")

            // Seq gap-free across everything above: delay, delay, pending, resumed, vessel, added, 2 × cancelled, announcement.
            let all = try await server.client().notices(since: 0, route: nil, sailing: nil)
            #expect(all.map(\.seq) == Array(1...9))
            #expect(
                all.map(\.type) == [
                    "delayed", "delayed", "weather_pending", "resumed", "vessel_changed", "added", "cancelled", "cancelled", "announcement",
                ]
            )
            let onRoute = try await ctl.run("notices", "--route", "XCY-HNA", "--json")
            #expect(try decoder.decode([NoticeJSON].self, from: Data(onRoute.out.utf8)).map(\.seq) == [7, 8])
        }
    }

    /// A late sailing delayed past midnight: a bare HH:MM means the night the dispatcher
    /// means, not a day early.
    @Test func timesAroundMidnightAreReadOnTheRightDay() async throws {
        try await LiveServer.with { server in
            let ctl = Tool("ferryctl", server: server.url, key: try await Self.operatorKey(server))
            let sailing = "XCY-GQI-20261130-2330"
            #expect(try await ctl.run("sailing", "add", "XCY-GQI", "2026-11-30 23:30", "--vessel", "shengsi-6").status == 0)
            let delayed = try await ctl.run("sailing", "delay", sailing, "--to", "00:45", "--reason", "other")
            #expect(delayed.out.hasPrefix("\(sailing) delayed to 2026-12-01 00:45 (other)."), "\(delayed)")
            let evening = try await ctl.run("sailing", "pending", sailing, "--decision-at", "23:50", "--reason", "weather_fog")
            #expect(evening.out.contains("decision at 2026-11-30 23:50"), "\(evening)")
            let night = try await ctl.run("sailing", "pending", sailing, "--decision-at", "00:10", "--reason", "weather_fog")
            #expect(night.out.contains("decision at 2026-12-01 00:10"), "\(night)")
            // Earlier than scheduled is not read as a day later: the server refuses it.
            let early = try await ctl.run("sailing", "delay", sailing, "--to", "23:00", "--reason", "other")
            #expect(early.status == 1 && early.err.contains("HTTP 422"), "\(early)")
        }
    }

    /// The server lists notices a page of 1,000 at a time; a dispatcher asking for all of them
    /// gets all of them, in order.
    @Test func listingNoticesGoesPastOnePage() async throws {
        try await LiveServer.with { server in
            let key = try await Self.operatorKey(server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        let client = server.client(key: key)
                        for n in stride(from: writer, to: 1_003, by: 4) { _ = try await client.announce(AnnouncementRequest(message: "notice \(n)")) }
                    }
                }
                try await group.waitForAll()
            }
            let listed = try await Tool("ferryctl", server: server.url).run("notices", "--json")
            #expect(listed.status == 0, "\(listed.err)")
            #expect(try JSONDecoder().decode([NoticeJSON].self, from: Data(listed.out.utf8)).map(\.seq) == Array(1...1_003))
            let after = try await Tool("ferryctl", server: server.url).run("notices", "--since", "2", "--json")
            #expect(try JSONDecoder().decode([NoticeJSON].self, from: Data(after.out.utf8)).count == 1_001)
        }
    }

    @Test func keysAndGreenPermits() async throws {
        try await LiveServer.with { server in
            let ctl = Tool("ferryctl", server: server.url, key: try await Self.operatorKey(server))
            let added = try await ctl.run(
                "permits",
                "add",
                "沪A12345",
                "--permit",
                "LS-2026-0042",
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-31",
                "--json"
            )
            #expect(added.status == 0, "\(added)")
            let permit = try JSONDecoder().decode(GreenPermitJSON.self, from: Data(added.out.utf8))
            #expect(permit.plate == "沪A12345")

            let list = try await ctl.run("permits", "list")
            let rows = list.out.split(separator: "\n")
            #expect(rows.count == 2)
            #expect(rows[1].contains("LS-2026-0042") && rows[1].hasSuffix("active"))

            let revoked = try await ctl.run("permits", "revoke", permit.id)
            #expect(revoked.out == "Revoked green permit \(permit.id) (沪A12345).\n")
            #expect(try await ctl.run("permits", "list", "--plate", "沪A12345").out.contains("revoked"))

            // Only an admin creates keys.
            let notAdmin = try await ctl.run("keys", "create", "--role", "counter", "--label", "gate 1")
            #expect(notAdmin.status == 1)
            #expect(notAdmin.err.contains("(forbidden, HTTP 403)"))

            // The admin revokes the dispatcher's key; its next command is refused.
            let admin = Tool("ferryctl", server: server.url, key: LiveServer.adminKey)
            let keys = try JSONDecoder().decode([StaffKeyJSON].self, from: Data(try await admin.run("keys", "list", "--json").out.utf8))
            let dispatch = try #require(keys.first { $0.label == "dispatch" })
            #expect(try await admin.run("keys", "list").out.contains("\(dispatch.id)  operator  dispatch"))
            let revokedKey = try await admin.run("keys", "revoke", dispatch.id)
            #expect(revokedKey.out == "Revoked operator key \(dispatch.id) for “dispatch”.\n")
            let refused = try await ctl.run("permits", "list")
            #expect(refused.status == 1 && refused.err.contains("HTTP 401"))
        }
    }

    /// An admin copies the database while travellers keep booking; the copy opens, passes
    /// the integrity check and holds every booking made before it.
    @Test func backupWhileServing() async throws {
        try await LiveServer.with { server in
            var before: [String] = []
            for n in 1...5 { before.append(try await Self.bookAdult(n, on: Self.morningSailing, server).reference) }
            let booking = Task {
                for n in 6...40 { _ = try await Self.bookAdult(n, on: Self.morningSailing, server) }
            }
            let directory = TestData.scratchDirectory()
            defer { TestData.remove(directory) }
            let path = directory + "/copy.sqlite"
            let admin = Tool("ferryctl", server: server.url, key: LiveServer.adminKey)
            let backup = try await admin.run("backup", path)
            try await booking.value
            #expect(backup.status == 0, "\(backup)")
            #expect(backup.out.hasPrefix("Backed up ") && backup.out.hasSuffix(" bytes to \(path).\n"))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

            let copy = try GRDBStore(path: path)  // integrity-checked on opening
            for reference in before {
                #expect(try await copy.read { tx in try tx.booking(reference: reference) }?.sailingId == Self.morningSailing)
            }

            // An existing file is kept; only an admin may copy.
            let again = try await admin.run("backup", path)
            #expect(again.status == 2)
            #expect(again.err == "error: \(path) exists; choose another name or add --force.\n")
            let notAdmin = try await Tool("ferryctl", server: server.url, key: try await Self.operatorKey(server)).run("backup", path, "--force")
            #expect(notAdmin.status == 1)
            #expect(notAdmin.err.contains("(forbidden, HTTP 403)"))
        }
    }

    @Test func failuresAreOneLineAndAnExitStatus() async throws {
        try await LiveServer.with { server in
            let noKey = try await Tool("ferryctl", server: server.url).run("sailing", "cancel", Self.morningSailing, "--reason", "other")
            #expect(noKey.status == 2)
            #expect(noKey.err == "error: FERRY_KEY is not set: export an operator key (or an admin key for `keys` and `backup`).\n")
            // A key saved with a Windows line ending is named as the fault, at once.
            let crKey = try await Tool("ferryctl", server: server.url, key: "fk_abc\r").run("notices")
            #expect(crKey.status == 2 && crKey.err.contains("FERRY_KEY contains a control character"), "\(crKey)")

            let badKey = try await Tool("ferryctl", server: server.url, key: "not-a-key").run(
                "sailing",
                "cancel",
                Self.morningSailing,
                "--reason",
                "other"
            )
            #expect(badKey.status == 1)
            #expect(badKey.err.hasPrefix("error: ") && badKey.err.contains("(unauthorized, HTTP 401)"))

            let ctl = Tool("ferryctl", server: server.url, key: try await Self.operatorKey(server))
            let unknown = try await ctl.run("sailing", "cancel", "XCY-GQI-20261130-0731", "--reason", "other")
            #expect(unknown.status == 1)
            #expect(unknown.err.contains("(not_found, HTTP 404)"))

            let badReason = try await ctl.run("sailing", "cancel", Self.morningSailing, "--reason", "fog")
            #expect(badReason.status == 64)
            #expect(badReason.err.contains("weather_fog"))

            let badTime = try await ctl.run("sailing", "delay", Self.morningSailing, "--to", "25:00", "--reason", "other")
            #expect(badTime.status == 2)
            #expect(badTime.err.contains("is not a time"))
            let hugeDelay = try await ctl.run("sailing", "delay", Self.morningSailing, "--by", "9223372036854775807", "--reason", "other")
            #expect(hugeDelay.status == 64)
            #expect(hugeDelay.err.contains("--by is 1 to 10080 minutes"))

            // A mistyped route would match no notice: refused instead; lower case is fine.
            let noRoute = try await ctl.run("notices", "--route", "NOPE")
            #expect(noRoute.status == 2 && noRoute.err.hasPrefix("error: There is no route NOPE; routes are "))
            #expect(try await ctl.run("notices", "--route", "xcy-gqi").out == "No notices.\n")
            let noSailing = try await ctl.run("notices", "--sailing", "XCY-GQI-20261130-0731")
            #expect(noSailing.status == 1 && noSailing.err.contains("(not_found, HTTP 404)"))

            // Nothing above changed the sailing.
            #expect(try await server.client().sailing(Self.morningSailing).status == "scheduled")
            #expect(try await server.client().notices(since: 0, route: nil, sailing: nil).isEmpty)

            let unreachable = try await Tool("ferryctl", server: "http://127.0.0.1:1").run("notices")
            #expect(unreachable.status == 3)
            #expect(unreachable.err.hasPrefix("error: cannot reach the ferry server at http://127.0.0.1:1"))
        }
    }
}
