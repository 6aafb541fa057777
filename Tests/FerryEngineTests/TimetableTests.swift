import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct TimetableTests {
    static let today = LocalDate("2026-11-29")!

    /// A timetable on XCY-LHA from today: daily unless `days` says otherwise, open-ended
    /// unless it runs `until` a date.
    static func timetable(
        _ id: String,
        at minute: Int,
        _ vessel: String,
        days: Set<Int> = Set(1...7),
        until validTo: LocalDate? = nil
    ) -> Timetable {
        Timetable(id: id, routeId: "XCY-LHA", daysOfWeek: days, departureMinute: minute, vesselId: vessel, validFrom: Self.today, validTo: validTo)
    }

    @Test func aNewTimetableMaterialisesItsSailings() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let change = try await f.engine.setTimetable(
            Self.timetable("XCY-LHA-1600", at: 16 * 60, "luhua-ferry", days: [6, 7])
        )
        // Weekends from today (a Sunday) to the horizon, 61 days ahead.
        #expect(change.added.first == "XCY-LHA-20261129-1600")
        #expect(change.added.count == 17)  // 9 Sundays and 8 Saturdays
        #expect(try await f.engine.search(from: "XCY", to: "LHA", date: LocalDate("2026-12-05")).count == 2)
        #expect(try await f.engine.search(from: "XCY", to: "LHA", date: LocalDate("2026-12-07")).count == 1)
    }

    @Test func endingATimetableNeverDropsABookedSailing() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.book([EngineFixture.adult(1)], sailing: "XCY-LHA-20261210-0840")
        // The daily 08:40 ends on 9 December… and the 10th has a booking.
        let change = try await f.engine.setTimetable(
            Self.timetable("XCY-LHA-0840", at: 8 * 60 + 40, "luhua-ferry", until: LocalDate("2026-12-09"))
        )
        #expect(change.keptWithBookings == ["XCY-LHA-20261210-0840"])
        #expect(change.removed.count == 60 - 10)
        #expect(change.removed.contains("XCY-LHA-20261211-0840"))
        #expect(try await f.engine.sailing(id: "XCY-LHA-20261210-0840").sailing.status == .scheduled)
        await #expect(throws: FerryError.self) { try await f.engine.sailing(id: "XCY-LHA-20261211-0840") }
        // Materialising again does not bring them back.
        f.clock.advance(seconds: 86_400)
        _ = try await f.engine.materialise()
        await #expect(throws: FerryError.self) { try await f.engine.sailing(id: "XCY-LHA-20261211-0840") }
    }

    @Test func aVesselChangeFollowsOnlyWhereNothingIsSold() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.book([EngineFixture.adult(1)], sailing: "XCY-LHA-20261210-0840")
        let change = try await f.engine.setTimetable(
            Self.timetable("XCY-LHA-0840", at: 8 * 60 + 40, "huaniao-ferry")
        )
        #expect(change.keptWithBookings == ["XCY-LHA-20261210-0840"])
        #expect(try await f.engine.sailing(id: "XCY-LHA-20261211-0840").vessel.id == "huaniao-ferry")
        #expect(try await f.engine.sailing(id: "XCY-LHA-20261210-0840").vessel.id == "luhua-ferry")
        // A vessel with a class the route has no fare for is refused.
        await #expect(throws: FerryError.self) {
            try await f.engine.setTimetable(
                Self.timetable("XCY-LHA-0840", at: 520, "sijiao-kuai-1")
            )
        }
    }

    /// Two timetables run 08:40 daily; the first one's sailings hold the minute. When it
    /// ends, the other's sailings take the minutes it gave up, rather than the route losing
    /// its 08:40 until the next restart.
    @Test func anotherTimetableAtTheSameMinuteTakesOverWhenOneEnds() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let second = try await f.engine.setTimetable(
            Self.timetable("XCY-LHA-0840-B", at: 8 * 60 + 40, "huaniao-ferry")
        )
        #expect(second.added.isEmpty)
        let ended = try await f.engine.setTimetable(
            Self.timetable("XCY-LHA-0840", at: 8 * 60 + 40, "luhua-ferry", until: LocalDate("2026-12-09"))
        )
        #expect(ended.removed.contains("XCY-LHA-20261211-0840"))
        #expect(Set(ended.added) == Set(ended.removed))
        #expect(try await f.engine.sailing(id: "XCY-LHA-20261211-0840").vessel.id == "huaniao-ferry")
        #expect(try await f.engine.sailing(id: "XCY-LHA-20261209-0840").vessel.id == "luhua-ferry")
    }

    /// A timetable set at 10:00 for 06:30 daily starts tomorrow; materialising again (as at
    /// every start) does not make today's 06:30, which nobody could have sailed on.
    @Test func materialisingMakesNoSailingThatHasAlreadyLeft() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let change = try await f.engine.setTimetable(
            Self.timetable("XCY-LHA-0630", at: 6 * 60 + 30, "luhua-ferry")
        )
        #expect(change.added.first == "XCY-LHA-20261130-0630")
        #expect(try await f.engine.materialise() == 0)
        await #expect(throws: FerryError.self) { try await f.engine.sailing(id: "XCY-LHA-20261129-0630") }
    }
}
