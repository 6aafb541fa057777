import FerryAPI
import FerryClient
import FerryTestSupport
import Foundation
import Testing

/// `ferry` as a traveller uses it, against a live server, with its own home directory.
@Suite(.timeLimit(.minutes(3))) struct FerryTests {
    /// The ro-ro 舟桥7 from Shenjiawan to Lizhushan, tomorrow 14:00 (economy ¥110).
    static let sailing = "SJW-LZS-20261130-1400"
    static let later = "SJW-LZS-20261210-1400"

    static func traveller(_ server: LiveServer) -> (Tool, String) {
        let home = TestData.scratchDirectory()
        return (Tool("ferry", server: server.url, home: home), home + "/.config/ferry/bookings.json")
    }

    /// 张三 and 李四 on `sailing`, paid online; the reference.
    static func bookAndPayTwoAdults(_ ferry: Tool) async throws -> String {
        let booked = try await ferry.run(
            "book",
            Self.sailing,
            "--passenger",
            "张三,11010519491231002X",
            "--passenger",
            "李四,330922198001010017",
            "--json"
        )
        let ref = try JSONDecoder().decode(BookingJSON.self, from: Data(booked.out.utf8)).reference
        #expect(try await ferry.run("pay", ref).status == 0)
        return ref
    }

    @Test func searchBookPayShowRebookWatchAndRefund() async throws {
        try await LiveServer.with { server in
            let (ferry, filePath) = Self.traveller(server)
            defer { TestData.remove((filePath as NSString).deletingLastPathComponent) }
            let decoder = JSONDecoder()

            // Ports by Chinese name and by island.
            let search = try await ferry.run("search", "沈家湾", "Sijiao", "--date", "2026-11-30")
            #expect(search.status == 0, "\(search)")
            let rows = search.out.split(separator: "\n")
            #expect(rows.first?.hasPrefix("SAILING") == true)
            #expect(
                rows.contains {
                    $0.hasPrefix("\(Self.sailing)  2026-11-30 14:00  16:10    舟桥7") && $0.contains("economy 460 at ¥110.00")
                        && $0.contains("15 general, 9 resident, 6 green free of 30")  // reserves not yet released
                }
            )

            // An adult with a free child; no class named, so the cheapest with room.
            let booked = try await ferry.run(
                "book",
                Self.sailing,
                "--passenger",
                "张三,11010519491231002X",
                "--free-child",
                "张小宝,110105202205010017,0",
                "--phone",
                "13800000000",
                "--json"
            )
            #expect(booked.status == 0, "\(booked)")
            let booking = try decoder.decode(BookingJSON.self, from: Data(booked.out.utf8))
            let ref = booking.reference
            #expect(booking.status == "held")
            #expect(booking.passengers.map(\.fareType) == ["adult", "free_child"])
            #expect(booking.passengers.map(\.seatClass) == ["economy", nil])
            #expect(booking.totalFen == 11000)
            #expect(booking.contact?.phone == "13800000000")

            // Remembered, with its token, readable by the user only.
            let attributes = try FileManager.default.attributesOfItem(atPath: filePath)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let file = try TravellerFile.load(from: filePath)
            #expect(file.booking(ref)?.token == booking.token)
            #expect(file.phone == "13800000000")

            let paid = try await ferry.run("pay", ref)
            #expect(paid.status == 0, "\(paid)")
            #expect(paid.out.hasPrefix("Paid ¥110.00 for \(ref) (payment reference demo-"))
            #expect(paid.out.hasSuffix("2 tickets issued: ferry tickets \(ref)\n"))

            let shown = try await ferry.run("show", ref.lowercased())
            #expect(shown.out.hasPrefix("\(ref)  confirmed  \(Self.sailing): SJW → LZS, departs 2026-11-30 14:00 on 舟桥7\n"), "\(shown)")
            #expect(shown.out.contains("张小宝     free child  -        ¥0.00    ticket valid"))
            let confirmed = try decoder.decode(BookingJSON.self, from: Data(try await ferry.run("show", ref, "--json").out.utf8))
            let tickets = try await ferry.run("tickets", ref)
            for passenger in confirmed.passengers {
                #expect(tickets.out.contains(try #require(passenger.ticket?.code)))
            }
            let listed = try await ferry.run("bookings").out.split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
            #expect(listed == ["BOOKING STATUS SAILING", "\(ref) confirmed \(Self.sailing)"])

            // The phone is remembered for the next booking.
            let second = try decoder.decode(
                BookingJSON.self,
                from: Data(try await ferry.run("book", Self.sailing, "--passenger", "李四,330922198001010017", "--json").out.utf8)
            )
            #expect(second.contact?.phone == "13800000000")

            // Cross-date rebooking (改签), more than 2 hours ahead: free, same fare.
            let rebooked = try await ferry.run("rebook", ref, Self.later)
            #expect(rebooked.status == 0, "\(rebooked)")
            #expect(rebooked.out.hasPrefix("Moved \(ref); fee ¥0.00, same fare.\n"))
            #expect(try await server.client().booking(ref, token: booking.token).sailingId == Self.later)

            // Fog on the new date: `watch` hears of it.
            let watcher = try ferry.start("watch", ref)
            defer { watcher.stop() }
            #expect(await watcher.nextErr() == "Watching \(ref) for schedule changes; Ctrl-C stops.")
            let operatorKey = try await server.client(key: LiveServer.adminKey).createKey(role: "operator", label: "dispatch").key
            _ = try await server.client(key: operatorKey).cancel(Self.later, ScheduleChangeRequest(reason: "weather_fog", message: "大雾停航"))
            let heard = try #require(await watcher.nextOut())
            #expect(heard.hasPrefix("\(ref)  #1  2026-11-29 10:00  cancelled  \(Self.later)  fog  1 booking affected  大雾停航"))
            // It writes down what it showed, so the next watch starts after it.
            #expect(await Tool.eventually { (try? TravellerFile.load(from: filePath).booking(ref)?.lastNoticeSeq) == 1 })
            watcher.stop()

            // A refund is never made without a yes: with no terminal, it needs --yes.
            let unconfirmed = try await ferry.run("refund", ref)
            #expect(unconfirmed.status == 2)
            #expect(unconfirmed.err == "error: Refunding needs confirmation and nobody is at a terminal: add --yes.\n")
            #expect(try await server.client().booking(ref, token: booking.token).status == "confirmed")
            // The sailing was cancelled: the whole fare comes back, no fee.
            let refunded = try await ferry.run("refund", ref, "--yes")
            #expect(refunded.status == 0, "\(refunded)")
            #expect(refunded.out.hasPrefix("Refunded ¥110.00 back to your online payment (fee ¥0.00).\n"))
            #expect(try await server.client().booking(ref, token: booking.token).status == "refunded")
        }
    }

    /// A move that costs more is priced before anything is paid: without a terminal it needs
    /// --yes, and until then the booking stays where it was.
    @Test func aRebookingThatCostsMoreIsPaidOnlyWithAYes() async throws {
        try await LiveServer.with { server in
            let (ferry, filePath) = Self.traveller(server)
            defer { TestData.remove((filePath as NSString).deletingLastPathComponent) }
            let booked = try await ferry.run("book", Self.sailing, "--passenger", "张三,11010519491231002X", "--json")
            let booking = try JSONDecoder().decode(BookingJSON.self, from: Data(booked.out.utf8))
            #expect(try await ferry.run("pay", booking.reference).status == 0)
            // The fast boat to Sijiao's other terminal: economy ¥138 against the ro-ro's ¥110.
            let target = "SJW-XCY-20261210-1330"
            let asked = try await ferry.run("rebook", booking.reference, target)
            #expect(asked.status == 2, "\(asked)")
            #expect(asked.err == "error: Moving to \(target) costs ¥28.00 more (fee ¥0.00, fare difference ¥28.00): add --yes to pay it online.\n")
            let unchanged = try await server.client().booking(booking.reference, token: booking.token)
            #expect(unchanged.sailingId == Self.sailing)
            #expect(unchanged.payments.count == 1)

            let moved = try await ferry.run("rebook", booking.reference, target, "--yes")
            #expect(moved.status == 0, "\(moved)")
            #expect(moved.out.hasPrefix("Moved \(booking.reference); fee ¥0.00, fare difference ¥28.00 paid.\n"))
            #expect(moved.out.hasSuffix("The old ticket codes no longer board: ferry tickets \(booking.reference)\n"))
            let after = try await server.client().booking(booking.reference, token: booking.token)
            #expect(after.sailingId == target)
            #expect(after.payments.map(\.amountFen) == [11000, 2800])
        }
    }

    /// Two refunds of one booking in the same second each say what they refunded, `show` lists
    /// both, and a script listing bookings hears of one it cannot read.
    @Test func eachRefundSaysWhatItRefunded() async throws {
        try await LiveServer.with { server in
            let (ferry, filePath) = Self.traveller(server)
            defer { TestData.remove((filePath as NSString).deletingLastPathComponent) }
            let ref = try await Self.bookAndPayTwoAdults(ferry)
            for passenger in ["1", "0"] {
                let refunded = try await ferry.run("refund", ref, "--passenger", passenger, "--yes")
                #expect(refunded.out.hasPrefix("Refunded ¥110.00 back to your online payment (fee ¥0.00).\n"), "\(refunded)")
            }
            let shown = try await ferry.run("show", ref)
            #expect(shown.out.components(separatedBy: ": ¥110.00 back to the online payment at ").count == 3, "\(shown)")

            try TravellerFile.update(at: filePath) {
                $0.remember(.init(reference: "ZZZZZZ", token: "not-its-token", server: server.url, sailingId: Self.sailing))
            }
            let listed = try await ferry.run("bookings", "--json")
            #expect(try JSONDecoder().decode([BookingJSON].self, from: Data(listed.out.utf8)).map(\.reference) == [ref])
            #expect(listed.err.hasPrefix("ZZZZZZ unavailable: "), "\(listed)")
        }
    }

    /// One of two travellers moves to another day: each booking says what was paid for it and
    /// what moved, and the refund of the new one says where the money goes.
    @Test func aPartialRebookingShowsItsMoney() async throws {
        try await LiveServer.with { server in
            let (ferry, filePath) = Self.traveller(server)
            defer { TestData.remove((filePath as NSString).deletingLastPathComponent) }
            let ref = try await Self.bookAndPayTwoAdults(ferry)
            let moved = try await ferry.run("rebook", ref, Self.later, "--passenger", "1", "--json")
            #expect(moved.status == 0, "\(moved)")
            let split = try JSONDecoder().decode(RebookResultJSON.self, from: Data(moved.out.utf8)).booking.reference
            let shownSplit = try await ferry.run("show", split)
            #expect(shownSplit.out.contains("Total ¥110.00, paid ¥110.00."), "\(shownSplit)")
            #expect(shownSplit.out.contains("Paid on booking \(ref): ¥110.00 by online, moved here with its passengers."))
            let shownOrigin = try await ferry.run("show", ref)
            #expect(shownOrigin.out.contains("paid ¥220.00, moved out with passengers ¥110.00."), "\(shownOrigin)")
            #expect(shownOrigin.out.contains("Payment: ¥220.00 by online at "))
            let refunded = try await ferry.run("refund", split, "--yes")
            #expect(refunded.out.hasPrefix("Refunded ¥110.00 back to your online payment (fee ¥0.00).\n"), "\(refunded)")
        }
    }

    /// Every answer to `ferry book` is lost on the way back (a bad mobile network), though the
    /// server held the seat: the tool says so and to run the same command again, which then
    /// gets that booking and its token, not a refusal of the passenger as already booked.
    @Test func aBookingWhoseAnswersWereLostIsFoundByTheSameCommand() async throws {
        try await LiveServer.with { server in
            let proxy = try LossyProxy(upstream: server.url)
            let home = TestData.scratchDirectory()
            defer { TestData.remove(home) }
            let ferry = Tool("ferry", server: proxy.url, home: home)
            let lost = try await ferry.run("book", Self.sailing, "--passenger", "张三,11010519491231002X")
            #expect(lost.status == 3, "\(lost)")
            #expect(lost.err.contains("it may have been carried out. Run this same command again"), "\(lost)")
            #expect(proxy.lost.withLock { $0 } == 3)
            let held = try await server.client().sailing(Self.sailing).seats.map(\.available)

            proxy.stopLosing()
            let found = try await ferry.run("book", Self.sailing, "--passenger", "张三,11010519491231002X", "--json")
            #expect(found.status == 0, "\(found)")
            #expect(found.err.hasPrefix("Asking again for the booking sent at "))
            let booking = try JSONDecoder().decode(BookingJSON.self, from: Data(found.out.utf8))
            #expect(try await server.client().sailing(Self.sailing).seats.map(\.available) == held)
            let file = try TravellerFile.load(from: home + "/.config/ferry/bookings.json")
            #expect(file.bookings.map(\.reference) == [booking.reference] && file.pending.isEmpty)
            #expect(try await ferry.run("show", booking.reference).status == 0)
        }
    }

    /// Four `ferry book` at once on one computer: every booking and token is remembered.
    @Test func concurrentRunsKeepEveryBooking() async throws {
        try await LiveServer.with { server in
            let (ferry, filePath) = Self.traveller(server)
            defer { TestData.remove((filePath as NSString).deletingLastPathComponent) }
            let runs = try await withThrowingTaskGroup(of: Tool.Result.self) { group in
                for n in 1...4 {
                    group.addTask { try await ferry.run("book", Self.sailing, "--passenger", "旅客\(n),\(TestData.adultId(n))", "--json") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let references = try runs.map { run in
                #expect(run.status == 0, "\(run)")
                return try JSONDecoder().decode(BookingJSON.self, from: Data(run.out.utf8)).reference
            }
            #expect(Set(try TravellerFile.load(from: filePath).bookings.map(\.reference)) == Set(references))
        }
    }

    @Test func errorsAreOnePlainSentenceAndAnExitStatus() async throws {
        try await LiveServer.with { server in
            let (ferry, filePath) = Self.traveller(server)
            defer { TestData.remove((filePath as NSString).deletingLastPathComponent) }

            let unknownPort = try await ferry.run("search", "Atlantis", "XCY")
            #expect(unknownPort.status == 2)
            #expect(unknownPort.err.hasPrefix("error: There is no port or island called \"Atlantis\": ports are DYS, GQI, "))
            #expect(unknownPort.err.contains("islands DAYANGSHAN, GOUQI, "))

            let badId = try await ferry.run("book", Self.sailing, "--passenger", "张三,110105194912310021")
            #expect(badId.status == 1)
            #expect(badId.err == "error: ID number 110105********0021 fails its check character: it may be mistyped.\n")
            // Nothing booked, nothing remembered: what was sent is forgotten once refused.
            #expect(try TravellerFile.load(from: filePath) == TravellerFile())

            // The 50 seats of the Lühua ferry, all sold.
            let small = "XCY-LHA-20261130-0840"
            for batch in 0..<3 {
                let passengers = (0..<(batch == 2 ? 10 : 20)).map { i in
                    CreateBookingRequest.Passenger(
                        name: "旅客",
                        idType: "resident_id",
                        idNumber: TestData.adultId(batch * 20 + i + 1),
                        fareType: "adult"
                    )
                }
                _ = try await server.client().createBooking(CreateBookingRequest(sailingId: small, passengers: passengers))
            }
            let soldOut = try await ferry.run("book", small, "--passenger", "张三,11010519491231002X")
            #expect(soldOut.status == 1)
            #expect(soldOut.err == "error: Only 0 economy seat(s) left on this sailing; 1 asked.\n")

            let badFreeChild = try await ferry.run(
                "book",
                Self.sailing,
                "--passenger",
                "张三,11010519491231002X",
                "--free-child",
                "张小宝,110105202205010017,1"
            )
            #expect(badFreeChild.status == 2)
            #expect(badFreeChild.err.contains("guardian 1 is not one of the 1 --passenger"))

            // A passport-holding free child: the birth date follows the document, then the guardian.
            let passportChild = try await ferry.run(
                "book",
                Self.sailing,
                "--passenger",
                "Ann Lee,passport:E12345678,1990-04-02",
                "--free-child",
                "Bo Lee,passport:E7654321,2022-05-01,0",
                "--class",
                "Economy",
                "--json"
            )
            #expect(passportChild.status == 0, "\(passportChild)")
            let family = try JSONDecoder().decode(BookingJSON.self, from: Data(passportChild.out.utf8))
            #expect(family.passengers.map(\.fareType) == ["adult", "free_child"] && family.passengers[1].guardian == 0)

            let noRoute = try await ferry.run("watch", "--route", "NOPE")
            #expect(noRoute.status == 2 && noRoute.err.hasPrefix("error: There is no route NOPE"))
            // The same remembered bookings on a server that is down: unreachable (3), not "nothing to watch".
            let elsewhere = TestData.scratchDirectory()
            defer { TestData.remove(elsewhere) }
            try FileManager.default.createDirectory(atPath: elsewhere + "/.config/ferry", withIntermediateDirectories: true)
            let moved = try String(contentsOfFile: filePath, encoding: .utf8)
                .replacingOccurrences(of: server.url, with: "http://127.0.0.1:1")
                .replacingOccurrences(of: server.url.replacingOccurrences(of: "/", with: "\\/"), with: "http://127.0.0.1:1")
            try moved.write(toFile: elsewhere + "/.config/ferry/bookings.json", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: elsewhere + "/.config/ferry/bookings.json")
            let serverDown = try await Tool("ferry", server: "http://127.0.0.1:1", home: elsewhere).run("watch")
            #expect(serverDown.status == 3, "\(serverDown)")

            let notRemembered = try await ferry.run("show", "K7QX2M")
            #expect(notRemembered.status == 2)
            #expect(notRemembered.err.contains("No booking K7QX2M is remembered here."))

            let unreachable = try await ferry.run("ports", "--server", "http://127.0.0.1:1")
            #expect(unreachable.status == 3)
            #expect(unreachable.err.hasPrefix("error: cannot reach the ferry server at http://127.0.0.1:1: "))
            #expect(unreachable.err.hasSuffix("Is ferryd running there? Set --server or FERRY_SERVER.\n"))
        }
    }
}
