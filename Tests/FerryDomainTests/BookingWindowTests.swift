import FerryDomain
import Foundation
import Testing

@Suite struct BookingWindowTests {
    let departure = LocalTime.parse("2026-12-01T07:30:00+08:00")!

    @Test func boundariesAreHalfOpen() throws {
        let online = BookingWindow(departure: self.departure, salesOpenDays: 60, cutoffMinutes: 30)
        let opens = LocalTime.parse("2026-10-02T07:30:00+08:00")!
        let closes = LocalTime.parse("2026-12-01T07:00:00+08:00")!
        #expect(online.opensAt == opens)
        #expect(online.closesAt == closes)
        #expect(!online.contains(opens - 1))
        #expect(online.contains(opens))
        #expect(online.contains(closes - 1))
        #expect(!online.contains(closes))
        #expect(throws: FerryError.self) { try online.check(closes) }
    }

    @Test func counterCutOffIsShorter() {
        let counter = BookingWindow(departure: self.departure, salesOpenDays: 60, cutoffMinutes: Policy().counterCutoffMinutes)
        let online = BookingWindow(departure: self.departure, salesOpenDays: 60, cutoffMinutes: Policy().onlineCutoffMinutes)
        let at = LocalTime.parse("2026-12-01T07:10:00+08:00")!
        #expect(counter.contains(at))
        #expect(!online.contains(at))
        #expect(!counter.contains(LocalTime.parse("2026-12-01T07:25:00+08:00")!))
    }

    @Test func holdExpiresAtTheEarlierOfHoldTimeAndCutOff() {
        let w = BookingWindow(departure: self.departure, salesOpenDays: 60, cutoffMinutes: 30)
        let early = LocalTime.parse("2026-11-30T10:00:00+08:00")!
        #expect(w.holdExpiry(created: early, holdMinutes: 15) == early + 900)
        let late = LocalTime.parse("2026-12-01T06:50:00+08:00")!
        #expect(w.holdExpiry(created: late, holdMinutes: 15) == w.closesAt)
    }
}

@Suite struct LocalTimeTests {
    @Test func formatsInShanghaiTime() throws {
        let instant = try #require(LocalTime.parse("2026-11-30T23:30:00Z"))
        #expect(LocalTime.format(instant) == "2026-12-01T07:30:00+08:00")
        #expect(LocalTime.date(of: instant) == LocalDate(year: 2026, month: 12, day: 1))
        #expect(LocalTime.minuteOfDay(of: instant) == 450)
    }

    @Test(arguments: ["2026-12-01T07:30:00", "2026-12-01 07:30:00+08:00", "2026-02-30T07:30:00+08:00", "nonsense", ""])
    func refusesTimestampsWithoutOffsetOrImpossible(text: String) {
        #expect(LocalTime.parse(text) == nil)
    }

    /// A timetable's `HH:MM` is two digits, a colon and two digits: a sign, a space or a
    /// missing zero is a typing slip to refuse, not a time to guess.
    @Test func timetableTimesAreExactlyHHMM() {
        #expect(LocalTime.minuteOfDay(hhmm: "00:00") == 0)
        #expect(LocalTime.minuteOfDay(hhmm: "09:05") == 545)
        #expect(LocalTime.minuteOfDay(hhmm: "23:59") == 1439)
        for text in ["+9:00", "-0:00", "09:+5", "12:-0", "+0:+0", " 9:00", "9:00", "24:00", "09:60", "09:00:00", "０９:００", ""] {
            #expect(LocalTime.minuteOfDay(hhmm: text) == nil, "\(text)")
        }
    }

    @Test func dateArithmeticAndWeekdays() {
        let d = LocalDate(year: 2026, month: 12, day: 31)!
        #expect(d.adding(days: 1) == LocalDate(year: 2027, month: 1, day: 1))
        #expect(LocalDate(year: 2028, month: 2, day: 28)!.adding(days: 1) == LocalDate(year: 2028, month: 2, day: 29))
        #expect(LocalDate(year: 2026, month: 11, day: 29)!.weekday == 7)  // a Sunday
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("2026-1-01") == nil)
    }

    @Test func sailingIdsAreReadable() throws {
        let departure = try #require(LocalTime.parse("2026-12-01T07:30:00+08:00"))
        #expect(Sailing.makeId(routeId: "XCY-GQI", scheduledDeparture: departure) == "XCY-GQI-20261201-0730")
    }
}
