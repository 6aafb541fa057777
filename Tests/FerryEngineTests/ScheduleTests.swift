import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct ScheduleTests {
    static let sailing = EngineFixture.smallSailing  // 08:40 tomorrow
    static let departure = LocalTime.parse("2026-11-30T08:40:00+08:00")!

    func paid(_ f: EngineFixture, _ n: Int) async throws -> Booking {
        let held = try await f.book([EngineFixture.adult(n)])
        return try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
    }

    @Test func cancellingWritesANoticeReleasesHoldsAndRefundsInFullAfterTheCutOff() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let paid = try await self.paid(f, 1)
        let held = try await f.book([EngineFixture.adult(2)])
        let (sailing, notice) = try await f.engine.cancel(sailingId: Self.sailing, reason: .weatherFog, message: "大雾")
        #expect(sailing.status == .cancelled)
        #expect(notice.seq == 1)
        #expect(notice.bookings == [held.reference, paid.reference].sorted())
        let ended = try await f.engine.booking(reference: held.reference)
        #expect(ended.status == .expired && ended.expiresAt == TestData.now)
        // Paying it is refused for what happened: the sailing was cancelled.
        do {
            _ = try await f.engine.pay(reference: held.reference, method: .online, paymentReference: "late", channel: .online)
            Issue.record("expected sailing_cancelled")
        } catch { #expect(error.ferryCode == .sailingCancelled) }
        #expect(try await f.engine.booking(reference: paid.reference).notices == [notice])
        // Nobody can book it, and its passengers refund in full even after departure.
        await #expect(throws: FerryError.self) { _ = try await f.book([EngineFixture.adult(3)]) }
        f.clock.set(Self.departure + 3600)
        let (refundEntries, after) = try await f.engine.refund(reference: paid.reference, passengers: nil, vehicles: nil, by: "counter")
        let refund = try #require(refundEntries.only)
        #expect(refund.feeFen == 0)
        #expect(refund.amountFen == 3800)
        #expect(refund.method == .cashDue)
        expectBalanced(after)
    }

    @Test func aLongDelayRebooksFreeWithNoCutOff() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, 1)
        let (delayed, notice) = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 61 * 60, reason: .technical, message: nil)
        #expect(delayed.id == Self.sailing)
        #expect(delayed.status == .delayed)
        #expect(notice.departure == Self.departure + 61 * 60)
        // 10 minutes before the new departure: past every cut-off, yet free.
        f.clock.set(Self.departure + 51 * 60)
        let result = try await f.engine.rebook(
            RebookRequest(reference: booking.reference, targetSailingId: "XCY-LHA-20261201-0840", channel: .online, by: "traveller")
        )
        #expect(result.feeFen == 0)
        expectBalanced(result.booking)
    }

    @Test func aDepartureBroughtForwardBringsItsHoldsEndsWithIt() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 3 * 3600, reason: .technical, message: nil)
        // 08:50, on sale until 11:10 online: both holds run their full 15 minutes, to 09:05.
        f.clock.set(Self.departure + 10 * 60)
        let online = try await f.book([EngineFixture.adult(1)])
        let counter = try await f.book([EngineFixture.adult(2)], channel: .counter)
        let counterLate = try await f.book([EngineFixture.adult(4)], channel: .counter)
        let untouched = try await f.book([EngineFixture.adult(3)], sailing: "XCY-LHA-20261201-0840")
        #expect(online.expiresAt == Self.departure + 25 * 60)
        #expect(counter.expiresAt == Self.departure + 25 * 60)
        // At 08:52 the boat is to leave at 09:00 after all: online sales closed at 08:30, the
        // counter's close at 08:55.
        f.clock.set(Self.departure + 12 * 60)
        let economyFree = try #require(try await f.engine.sailing(id: Self.sailing).seatsAvailable[.economy])
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 20 * 60, reason: .technical, message: nil)
        let onlineAfter = try await f.engine.booking(reference: online.reference)
        #expect(onlineAfter.expiresAt == Self.departure - 10 * 60)
        #expect(onlineAfter.status == .expired)
        do {
            _ = try await f.engine.pay(reference: online.reference, method: .online, paymentReference: "p-1", channel: .online)
            Issue.record("expected hold_expired")
        } catch {
            #expect(error.ferryCode == .holdExpired)
        }
        #expect(try await f.engine.booking(reference: counter.reference).expiresAt == Self.departure + 15 * 60)
        #expect(try await f.engine.booking(reference: untouched.reference).expiresAt == untouched.expiresAt)
        // The expired online hold no longer takes a seat.
        #expect(try await f.engine.sailing(id: Self.sailing).seatsAvailable[.economy] == economyFree + 1)
        // The counter's holds end at its own cut-off: payable at 08:54, not at 08:55.
        f.clock.set(Self.departure + 14 * 60)
        let paid = try await f.engine.pay(reference: counter.reference, method: .cash, paymentReference: nil, channel: .counter)
        #expect(paid.status == .confirmed)
        f.clock.set(Self.departure + 15 * 60)
        do {
            _ = try await f.engine.pay(reference: counterLate.reference, method: .cash, paymentReference: nil, channel: .counter)
            Issue.record("expected hold_expired")
        } catch {
            #expect(error.ferryCode == .holdExpired)
        }
    }

    /// A delay moves the close of sales later, and with it the end of a hold the old cut-off had
    /// cut short: the traveller can still pay while anyone else can still buy. A hold that had
    /// lapsed before the delay stays lapsed.
    @Test func aDelayLetsAHoldCutShortByTheOldCutOffRunOn() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        f.clock.set(Self.departure - 50 * 60)
        let lapsed = try await f.book([EngineFixture.adult(1)])
        #expect(lapsed.expiresAt == Self.departure - 35 * 60)
        f.clock.set(Self.departure - 34 * 60)
        let short = try await f.book([EngineFixture.adult(2)])
        #expect(short.expiresAt == Self.departure - 30 * 60)
        let economyFree = try #require(try await f.engine.sailing(id: Self.sailing).seatsAvailable[.economy])
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 60 * 60, reason: .technical, message: nil)
        #expect(try await f.engine.booking(reference: short.reference).expiresAt == Self.departure - 19 * 60)
        let stillLapsed = try await f.engine.booking(reference: lapsed.reference)
        #expect(stillLapsed.status == .expired && stillLapsed.expiresAt == Self.departure - 35 * 60)
        // Past the old cut-off the seat is still held, and the hold is payable.
        f.clock.set(Self.departure - 25 * 60)
        #expect(try await f.engine.sailing(id: Self.sailing).seatsAvailable[.economy] == economyFree)
        let paid = try await f.engine.pay(reference: short.reference, method: .online, paymentReference: "p-1", channel: .online)
        #expect(paid.status == .confirmed)
    }

    /// A held car's deck units end with its booking's hold when the departure comes forward.
    @Test func aDepartureBroughtForwardReleasesHeldDeckUnitsWithTheirHold() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let roro = EngineFixture.roroSailing  // 14:00 tomorrow
        let departure = LocalTime.parse("2026-11-30T14:00:00+08:00")!
        _ = try await f.engine.delay(sailingId: roro, to: departure + 3 * 3600, reason: .technical, message: nil)
        f.clock.set(departure + 10 * 60)
        let car = VehicleRequest(plate: "浙L12345", kind: .car, category: .general, driver: 0)
        let held = try await f.book([EngineFixture.adult(1)], sailing: roro, vehicles: [car])
        #expect(try await f.engine.deck(sailingId: roro).held.general == 1)
        // Brought forward to 14:20 at 14:12: online sales closed at 13:50.
        f.clock.set(departure + 12 * 60)
        _ = try await f.engine.delay(sailingId: roro, to: departure + 20 * 60, reason: .technical, message: nil)
        #expect(try await f.engine.booking(reference: held.reference).status == .expired)
        #expect(try await f.engine.deck(sailingId: roro).held.general == 0)
    }

    /// Fog lifts: the dispatcher's decision to sail ends the pending spell, back to
    /// `scheduled`, or to `delayed` when the pending sailing had been delayed before.
    @Test func aPendingSailingResumesWithANoticeToItsTravellers() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, 1)
        #expect(
            await #expect(throws: FerryError.self) { _ = try await f.engine.resume(sailingId: Self.sailing, message: nil) }?.code
                == .notWeatherPending
        )
        _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: Self.departure - 3600, reason: .weatherFog, message: nil)
        let (sailing, notice) = try await f.engine.resume(sailingId: Self.sailing, message: "雾散，按时开航")
        #expect(sailing.status == .scheduled && sailing.departure == Self.departure)
        #expect(notice.type == .resumed && notice.seq == 2 && notice.departure == Self.departure && notice.reason == nil)
        #expect(notice.bookings == [booking.reference])
        #expect(try await f.engine.booking(reference: booking.reference).notices.map(\.type) == [.weatherPending, .resumed])
        #expect(try await f.engine.sailing(id: Self.sailing).status == .scheduled)
        #expect(
            await #expect(throws: FerryError.self) { _ = try await f.engine.resume(sailingId: Self.sailing, message: nil) }?.code
                == .notWeatherPending
        )

        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 1800, reason: .weatherWind, message: nil)
        _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: Self.departure, reason: .weatherWind, message: nil)
        let (delayed, _) = try await f.engine.resume(sailingId: Self.sailing, message: nil)
        #expect(delayed.status == .delayed && delayed.departure == Self.departure + 1800)
    }

    /// A sailing says why it is disrupted, and a pending one when its decision comes, for as
    /// long as that is so: search shows it to travellers who never saw the notice.
    @Test func aSailingCarriesItsDisruptionReasonAndDecisionTime() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        func now() async throws -> (FerryDomain.DisruptionReason?, Date?) {
            let s = try await f.engine.sailing(id: Self.sailing).sailing
            return (s.reason, s.decisionAt)
        }
        #expect(try await now() == (nil, nil))
        _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: Self.departure - 3600, reason: .weatherFog, message: nil)
        #expect(try await now() == (.weatherFog, Self.departure - 3600))
        _ = try await f.engine.resume(sailingId: Self.sailing, message: nil)
        #expect(try await now() == (nil, nil))
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 1800, reason: .technical, message: nil)
        #expect(try await now() == (.technical, nil))
        _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: Self.departure, reason: .weatherWind, message: nil)
        _ = try await f.engine.resume(sailingId: Self.sailing, message: nil)
        #expect(try await now() == (.weatherWind, nil))  // still late, for the wind that held it
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure, reason: .other, message: nil)
        #expect(try await now() == (nil, nil))  // back on time
        _ = try await f.engine.cancel(sailingId: Self.sailing, reason: .weatherWind, message: nil)
        #expect(try await now() == (.weatherWind, nil))
    }

    @Test func aSmallerVesselIsRefusedWithTheShortfall() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for n in 0..<5 { _ = try await self.paid(f, n) }
        do {
            _ = try await f.engine.changeVessel(sailingId: Self.sailing, to: "zhouqiao-7")  // bigger: fine below
            _ = try await f.engine.changeVessel(sailingId: "XCY-LHA-20261201-0840", to: "huaniao-ferry")
        } catch { Issue.record("unexpected \(error)") }
        for n in 10..<62 { _ = try? await f.book([EngineFixture.adult(n)], sailing: "XCY-LHA-20261201-0840") }
        do {
            _ = try await f.engine.changeVessel(sailingId: "XCY-LHA-20261201-0840", to: "luhua-ferry")
            Issue.record("expected vessel_too_small")
        } catch {
            #expect(error.ferryCode == .vesselTooSmall)
            #expect((error as? FerryError)?.message.contains("2 economy seat(s)") == true)
        }
    }

    /// A delay to the scheduled minute puts the sailing back on time; a departure more than a
    /// week late, or an extra sailing more than a year ahead, is refused (it would also overflow
    /// the four-digit year of ids and timestamps).
    @Test func aDelayCanBeUndoneAndBothDelaysAndExtraSailingsAreBounded() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 90 * 60, reason: .weatherFog, message: nil)
        let (onTime, notice) = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure, reason: .weatherFog, message: "雾散")
        #expect(onTime.status == .scheduled && onTime.departure == Self.departure)
        #expect(notice.type == .delayed && notice.departure == Self.departure)
        #expect(try await f.engine.sailing(id: Self.sailing).sailing.status == .scheduled)

        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + Sailing.longestDelay, reason: .technical, message: nil)
        for tooLate in [Self.departure + Sailing.longestDelay + 60, LocalTime.parse("9999-12-31T23:59:00-23:59")!] {
            await #expect(throws: FerryError.self) {
                _ = try await f.engine.delay(sailingId: Self.sailing, to: tooLate, reason: .technical, message: nil)
            }
        }
        let farthest = TestData.now + Sailing.furthestExtraSailing
        #expect(try await f.engine.addSailing(routeId: "XCY-LHA", departure: farthest, vesselId: "luhua-ferry").0.departure <= farthest)
        do {
            _ = try await f.engine.addSailing(routeId: "XCY-LHA", departure: farthest + 60, vesselId: "luhua-ferry")
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }

        // Seconds are dropped: a departure later this minute is this minute, already begun,
        // and nothing is added; the next minute is in the future.
        f.clock.set(LocalTime.parse("2026-11-29T11:41:30+08:00")!)
        do {
            _ = try await f.engine.addSailing(routeId: "XCY-LHA", departure: LocalTime.parse("2026-11-29T11:41:45+08:00")!, vesselId: "luhua-ferry")
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }
        #expect(try await f.engine.store.read { try $0.sailing(id: "XCY-LHA-20261129-1141") } == nil)
        let next = try await f.engine.addSailing(
            routeId: "XCY-LHA",
            departure: LocalTime.parse("2026-11-29T11:42:00+08:00")!,
            vesselId: "luhua-ferry"
        )
        #expect(next.0.status == .scheduled)
    }

    /// "Changing" to the boat already sailing changes nothing and tells nobody.
    @Test func aVesselChangeToTheSameBoatIsRefusedWithoutANotice() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let before = try await f.engine.notices(after: 0, route: nil, sailing: nil).count
        do {
            _ = try await f.engine.changeVessel(sailingId: EngineFixture.roroSailing, to: "zhouqiao-7")
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }
        #expect(try await f.engine.notices(after: 0, route: nil, sailing: nil).count == before)
    }

    /// A dispatcher's retry of a delay or a weather hold that went through changes nothing and
    /// tells nobody again; the same time for another reason, or a decision moved, is news.
    @Test func aDelayOrHoldThatChangesNothingIsRefusedWithoutANotice() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let later = Self.departure + 45 * 60
        _ = try await f.engine.delay(sailingId: Self.sailing, to: later, reason: .weatherFog, message: nil)
        let count = { try await f.engine.notices(after: 0, route: nil, sailing: nil).count }
        let before = try await count()
        do {
            _ = try await f.engine.delay(sailingId: Self.sailing, to: later, reason: .weatherFog, message: "again")
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }
        do {
            // On time already: "delayed" to its own scheduled departure.
            _ = try await f.engine.delay(
                sailingId: EngineFixture.roroSailing,
                to: LocalTime.parse("2026-11-30T14:00:00+08:00")!,
                reason: .other,
                message: nil
            )
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }
        #expect(try await count() == before)
        #expect(try await f.engine.delay(sailingId: Self.sailing, to: later, reason: .weatherWind, message: nil).0.reason == .weatherWind)

        let decision = Self.departure - 30 * 60
        _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: decision, reason: .weatherWind, message: nil)
        let held = try await count()
        do {
            _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: decision, reason: .weatherWind, message: nil)
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }
        #expect(try await count() == held)
        _ = try await f.engine.markPending(sailingId: Self.sailing, decisionAt: decision + 600, reason: .weatherWind, message: nil)
        #expect(try await count() == held + 1)
    }

    /// The boat at hand in fog season may have a saloon the route has no fare for: the swap
    /// goes ahead and that class is simply not sold.
    @Test func aSwappedInVesselsUnfaredClassIsNotSold() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (sailing, _) = try await f.engine.changeVessel(sailingId: EngineFixture.roroSailing, to: "sijiao-kuai-1")
        #expect(sailing.vesselId == "sijiao-kuai-1")
        var business = EngineFixture.adult(1)
        business.seatClass = .business
        do {
            _ = try await f.book([business], sailing: EngineFixture.roroSailing)
            Issue.record("expected seat_class_unavailable")
        } catch { #expect(error.ferryCode == .seatClassUnavailable) }
        #expect(try await f.book([EngineFixture.adult(2)], sailing: EngineFixture.roroSailing).status == .held)
    }

    /// A traveller following her booking hears the announcements that concern it (to its
    /// route, to one of its ports, to everyone), from the backlog and live, and no others.
    @Test(.timeLimit(.minutes(1))) func aBookingsStreamCarriesAnnouncementsToItsRoute() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        // News from before she booked is not hers to be told again.
        _ = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "上周的通知")
        f.clock.advance(seconds: 1)
        let booking = try await f.book([EngineFixture.adult(1)])  // XCY-LHA
        let toPort = try await f.engine.announce(routeIds: [], ports: ["LHA"], title: nil, message: "绿华码头维修")
        _ = try await f.engine.announce(routeIds: ["XCY-GQI"], ports: [], title: nil, message: "枸杞航线加班")
        let stream = try await f.engine.noticeStream(since: 0, route: nil, sailing: nil, booking: booking.reference)
        let (_, delayed) = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 1800, reason: .weatherFog, message: nil)
        _ = try await f.engine.announce(routeIds: ["SJW-LZS"], ports: [], title: nil, message: "not hers")
        let toEveryone = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "台风预警")
        var received: [Int] = []
        for try await notice in stream.notices {
            received.append(notice.seq)
            if received.count == 3 { break }
        }
        #expect(received == [toPort.seq, delayed.seq, toEveryone.seq])
    }

    /// A subscriber filtering on a sailing id of no known shape still hears announcements
    /// to everyone, as one filtering on an unknown route does.
    @Test func anAnnouncementToEveryoneReachesEveryFilter() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let everyone = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "台风预警")
        _ = try await f.engine.announce(routeIds: ["XCY-GQI"], ports: [], title: nil, message: "枸杞码头维修")
        for sailing in ["NOPE", "NOPE-1", "AAA-BBB-20261201-0800"] {
            #expect(try await f.engine.notices(after: 0, route: nil, sailing: sailing).map(\.seq) == [everyone.seq])
        }
        #expect(try await f.engine.notices(after: 0, route: "NOPE", sailing: nil).map(\.seq) == [everyone.seq])
    }

    @Test func extraSailingsAndAnnouncements() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (extra, added) = try await f.engine.addSailing(
            routeId: "XCY-LHA",
            departure: LocalTime.parse("2026-12-24T13:00:00+08:00")!,
            vesselId: "luhua-ferry"
        )
        #expect(extra.id == "XCY-LHA-20261224-1300")
        #expect(added.type == .added)
        do {
            _ = try await f.engine.addSailing(routeId: "XCY-LHA", departure: LocalTime.parse("2026-12-24T08:40:00+08:00")!, vesselId: "luhua-ferry")
            Issue.record("expected sailing_exists")
        } catch { #expect(error.ferryCode == .sailingExists) }
        let announcement = try await f.engine.announce(routeIds: [], ports: ["LHA"], title: "码头维修", message: "Lühua pier works on Friday")
        #expect(try await f.engine.notices(after: 0, route: "XCY-LHA", sailing: nil).map(\.seq) == [1, announcement.seq])
        #expect(try await f.engine.notices(after: 0, route: "XCY-GQI", sailing: nil).isEmpty)
        #expect(try await f.engine.notices(after: 0, route: nil, sailing: "XCY-LHA-20261224-1300").count == 2)
        let day = try await f.engine.cancelDay(routeId: "SJW-XCY", date: LocalDate("2026-12-02")!, reason: .weatherWind, message: nil)
        #expect(day.map(\.0.id) == ["SJW-XCY-20261202-0730", "SJW-XCY-20261202-1000", "SJW-XCY-20261202-1330", "SJW-XCY-20261202-1630"])
        // A route or port named twice is told once.
        let twice = try await f.engine.announce(routeIds: ["XCY-LHA", "XCY-GQI", "XCY-LHA"], ports: ["LHA", "LHA"], title: nil, message: "风")
        #expect(twice.routeIds == ["XCY-LHA", "XCY-GQI"] && twice.ports == ["LHA"])
    }

    /// A client resuming from a seq the store has never reached (its database was restored
    /// from an older backup) starts from the last notice, and receives the new ones.
    @Test func aResumePositionPastTheLastNoticeStartsFromTheLast() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for i in 0..<3 { _ = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "before \(i)") }
        let stale = try await f.engine.noticeStream(since: 40, route: nil, sailing: nil, booking: nil)
        #expect(stale.after == 3)
        _ = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "after the restore")
        var iterator = stale.notices.makeAsyncIterator()
        #expect(try await iterator.next()?.seq == 4)
    }

    /// The documented restore: the database is put back from a backup, and a notice goes out
    /// before the watchers reconnect. Numbers after the backup may have been seen by clients,
    /// so the restored server continues far past them: a watcher resuming from a number it saw
    /// in the lost history still gets the new notice, and no number means two notices.
    @Test func aRestoredBackupNeverReusesANoticeNumberAClientSaw() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let clock = ManualClock(TestData.now)
        let signer = try TicketSigner.loadOrCreate(at: directory + "/key.pem")
        let live = Engine(store: try GRDBStore(path: directory + "/ferry.sqlite"), signer: signer, clock: clock)
        try await live.bootstrap(adminKey: nil)
        for i in 1...3 { _ = try await live.announce(routeIds: [], ports: [], title: nil, message: "before the backup \(i)") }
        try await live.backup(to: directory + "/copy.sqlite")
        for i in 4...5 { _ = try await live.announce(routeIds: [], ports: [], title: nil, message: "lost with the disk \(i)") }

        let restored = Engine(store: try GRDBStore(path: directory + "/copy.sqlite"), signer: signer, clock: clock)
        try await restored.bootstrap(adminKey: nil)
        let (_, delayed) = try await restored.delay(sailingId: Self.sailing, to: Self.departure + 1800, reason: .weatherFog, message: nil)
        #expect(delayed.seq == 3 + Engine<GRDBStore>.noticeGapAfterRestore)
        let watcher = try await restored.noticeStream(since: 5, route: nil, sailing: nil, booking: nil)
        var iterator = watcher.notices.makeAsyncIterator()
        #expect(try await iterator.next()?.seq == delayed.seq)
        // Numbering goes on from there, without another jump at the next start.
        let again = Engine(store: try GRDBStore(path: directory + "/copy.sqlite"), signer: signer, clock: clock)
        try await again.bootstrap(adminKey: nil)
        #expect(try await again.announce(routeIds: [], ports: [], title: nil, message: "next").seq == delayed.seq + 1)
        // The live database, never restored, numbers on as before.
        #expect(try await live.announce(routeIds: [], ports: [], title: nil, message: "6").seq == 6)
    }

    /// A route's stream read from the start of a history where its notices come after a long
    /// run of another route's, then densely: the backlog is read in pages that grow while
    /// they pass nothing and hold at most a few notices, and every one of the route's comes
    /// exactly once, in order.
    @Test func aFilteredBacklogComesWholeThroughSmallHeldPages() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        var expected: [Int] = []
        for i in 1...100 {
            let route = i <= 70 || (i > 90 && i % 2 == 0) ? "XCY-LHA" : "SJW-LZS"
            let notice = try await f.engine.announce(routeIds: [route], ports: [], title: nil, message: "\(i)")
            if route == "SJW-LZS" { expected.append(notice.seq) }
        }
        let stream = try await f.engine.noticeStream(since: 0, route: "SJW-LZS", sailing: nil, booking: nil).notices
        var seqs: [Int] = []
        for try await notice in stream {
            seqs.append(notice.seq)
            if notice.seq == expected.last { break }
        }
        #expect(seqs == expected)
    }

    /// Notices written concurrently are numbered without gaps, and a subscriber that connects
    /// with `since` while they are being written receives every one exactly once, in order.
    @Test func noGapNoDuplicateAtTheSeamUnderConcurrentWrites() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for i in 0..<20 { _ = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "before \(i)") }
        let total = 220
        // Both subscribe now, before the writes start; they read in their own tasks.
        let resumed = try await f.engine.noticeStream(since: 5, route: nil, sailing: nil, booking: nil).notices
        let liveOnly = try await f.engine.noticeStream(since: nil, route: nil, sailing: nil, booking: nil)
        // A live-only stream says where it starts, so a client that reconnects misses nothing.
        #expect(liveOnly.after == 20)
        let received = Task {
            var seqs: [Int] = []
            for try await notice in resumed {
                seqs.append(notice.seq)
                if notice.seq == total { break }
            }
            return seqs
        }
        let live = Task {
            var seqs: [Int] = []
            for try await notice in liveOnly.notices {
                seqs.append(notice.seq)
                if notice.seq == total { break }
            }
            return seqs
        }
        await withTaskGroup(of: Void.self) { group in
            for i in 20..<total { group.addTask { _ = try? await f.engine.announce(routeIds: [], ports: [], title: nil, message: "during \(i)") } }
        }
        #expect(try await received.value == Array(6...total))
        let liveSeqs = try await live.value
        #expect(liveSeqs == Array(21...total))
        #expect(try await f.engine.notices(after: 0, route: nil, sailing: nil).map(\.seq) == Array(1...total))
    }
}
