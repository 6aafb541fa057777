import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct CheckinTests {
    /// 08:40 tomorrow: boarding opens 07:40.
    static let departure = LocalTime.parse("2026-11-30T08:40:00+08:00")!
    static let opens = departure - 3600

    /// A paid booking of an adult and the free child they guard, and their codes.
    func family(_ f: EngineFixture, _ n: Int = 1) async throws -> (adult: Ticket, child: Ticket) {
        let held = try await f.book([EngineFixture.adult(n), EngineFixture.freeChild(n, guardian: 0)])
        let paid = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        return (try #require(paid.passengers[0].ticket), try #require(paid.passengers[1].ticket))
    }

    func refusal(_ f: EngineFixture, _ request: CheckinRequest) async -> FerryError? {
        do {
            _ = try await f.engine.checkIn(request, gate: "gate-1")
            return nil
        } catch { return error as? FerryError }
    }

    @Test func boardsOnceAndSaysWhenOnTheSecondScan() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, _) = try await self.family(f)
        f.clock.set(Self.opens)
        let boarded = try await f.engine.checkIn(.codes([adult.code], sailingId: EngineFixture.smallSailing), gate: "gate-1")
        #expect(boarded.map(\.ticket.status) == [.boarded])
        #expect(boarded[0].ticket.boardedAt == Self.opens)
        #expect(boarded[0].passenger.seatClass == .economy)
        let second = await self.refusal(f, .codes([adult.code], sailingId: nil))
        #expect(second?.code == .alreadyBoarded)
        #expect(second?.details["boardedAt"] == "2026-11-30T07:40:00+08:00")
    }

    @Test func forgedAndMangledCodesAreInvalid() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, _) = try await self.family(f)
        f.clock.set(Self.opens)
        let parts = adult.code.split(separator: ".").map(String.init)
        let payload = try #require(Base64URL.decode(parts[0]))
        let otherSailing = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "0840", with: "1430")
        let tamperedPayload = Base64URL.encode(Array(otherSailing.utf8)) + "." + parts[1]
        var signature = try #require(Base64URL.decode(parts[1]))
        signature[0] ^= 0x01
        let tamperedSignature = parts[0] + "." + Base64URL.encode(signature)
        let otherKey = try TicketSigner.ephemeral()
        let decoded = try #require(TicketCode(adult.code))
        let wrongKey = try otherKey.code(for: decoded.payload)
        for code in [
            tamperedPayload, tamperedSignature, wrongKey, String(adult.code.dropLast(5)), parts[0], "not base64!.@@@", "", adult.code + ".x",
        ] {
            #expect(await self.refusal(f, .codes([code], sailingId: nil))?.code == .invalidTicket, "\(code)")
        }
        #expect(try await f.engine.checkIn(.codes([adult.code], sailingId: nil), gate: "g").count == 1)
    }

    /// Every code the server issues can be checked in: a name is refused when its letters
    /// carry so many combining marks that the code would outgrow what a gate reads.
    @Test func everyIssuedCodeFitsTheGate() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        var heavy = EngineFixture.adult(1)
        heavy.name = "A" + String(repeating: "\u{301}", count: 1000) + "B" + String(repeating: "\u{301}", count: 1000)
        await #expect(throws: FerryError(.validationFailed, "Passenger 0 needs a name of 1 to 64 characters, as on the document.")) {
            _ = try await f.book([heavy])
        }
        // The most a name may carry: 128 code points, here on the two letters the code keeps.
        heavy.name = "A" + String(repeating: "\u{301}", count: 63) + "B" + String(repeating: "\u{301}", count: 63)
        let held = try await f.book([heavy])
        let paid = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        f.clock.set(Self.opens)
        let code = try #require(paid.passengers[0].ticket?.code)
        #expect(try await f.engine.checkIn(.codes([code], sailingId: nil), gate: "g").count == 1)
    }

    /// A free child goes with its guardian, so one already aboard (an offline gate uploaded its
    /// scan, and not yet the guardian's) keeps the guardian from being refunded or moved.
    @Test func aBoardedFreeChildHoldsItsGuardianBack() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1), EngineFixture.freeChild(1, guardian: 0)])
        let paid = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        let (reference, adult, child) = (paid.reference, try #require(paid.passengers[0].ticket), try #require(paid.passengers[1].ticket))
        f.clock.set(Self.opens)
        #expect(try await f.engine.applyOfflineScans(gateId: "g", scans: [(code: child.code, scannedAt: Self.opens)]).map(\.outcome) == [.boarded])
        let refusal = FerryError(
            .alreadyBoarded,
            "Passenger 1 (the free child of passenger 0, who goes with them) has boarded: a used ticket cannot be refunded.",
            details: ["boardedAt": LocalTime.format(Self.opens)]
        )
        await #expect(throws: refusal) { _ = try await f.engine.refund(reference: reference, passengers: [0], vehicles: nil, by: "counter") }
        let rebook = RebookRequest(
            reference: reference,
            targetSailingId: "XCY-LHA-20261201-0840",
            passengers: [0],
            method: .cash,
            channel: .counter,
            by: "c"
        )
        await #expect(
            throws: FerryError(.alreadyBoarded, refusal.message.replacingOccurrences(of: "refunded", with: "rebooked"), details: refusal.details)
        ) {
            _ = try await f.engine.rebook(rebook)
        }
        // Nothing moved: both still hold their tickets on this sailing, the guardian can board.
        #expect(try await f.engine.checkIn(.codes([adult.code], sailingId: nil), gate: "g").count == 1)
    }

    /// A used ticket is neither refunded nor moved. Asked for the whole booking, the refusal
    /// names everyone who boarded; the others can still be named and refunded.
    @Test func boardedPassengersAreNeitherRefundedNorRebooked() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1), EngineFixture.adult(2), EngineFixture.adult(3)])
        let paid = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        f.clock.set(Self.opens)
        let codes = paid.passengers.prefix(2).compactMap { $0.ticket?.code }
        _ = try await f.engine.checkIn(.codes(codes, sailingId: nil), gate: "g")
        do {
            _ = try await f.engine.refund(reference: paid.reference, passengers: nil, vehicles: nil, by: "counter")
            Issue.record("expected already_boarded")
        } catch {
            #expect(error.ferryCode == .alreadyBoarded)
            #expect((error as? FerryError)?.message.hasPrefix("Passengers 0, 1 have boarded") == true)
        }
        let rebook = RebookRequest(
            reference: paid.reference,
            targetSailingId: "XCY-LHA-20261201-0840",
            passengers: [1],
            method: .cash,
            channel: .counter,
            by: "c"
        )
        do {
            _ = try await f.engine.rebook(rebook)
            Issue.record("expected already_boarded")
        } catch { #expect(error.ferryCode == .alreadyBoarded) }
        let (_, after) = try await f.engine.refund(reference: paid.reference, passengers: [2], vehicles: nil, by: "counter")
        #expect(after.passengers.map(\.isTravelling) == [true, true, false])
        // The refunded one is reported as refunded, also to a rebooking.
        do {
            _ = try await f.engine.rebook(
                RebookRequest(reference: paid.reference, targetSailingId: "XCY-LHA-20261201-0840", passengers: [2], channel: .counter, by: "c")
            )
            Issue.record("expected already_refunded")
        } catch { #expect((error as? FerryError)?.message == "Passenger 2 was refunded.") }
    }

    @Test func refusalsComeInTheDesignsOrder() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, child) = try await self.family(f)
        // Window closed and wrong sailing: the sailing is checked first.
        f.clock.set(Self.opens - 1)
        #expect(await self.refusal(f, .codes([adult.code], sailingId: "XCY-LHA-20261201-0840"))?.code == .wrongSailing)
        #expect(await self.refusal(f, .codes([adult.code], sailingId: EngineFixture.smallSailing))?.code == .boardingNotOpen)
        // Window closed and guardian missing: the window first.
        #expect(await self.refusal(f, .codes([child.code], sailingId: nil))?.code == .boardingNotOpen)
        f.clock.set(Self.opens)
        #expect(await self.refusal(f, .codes([child.code], sailingId: nil))?.code == .guardianNotBoarded)
        _ = try await f.engine.checkIn(.codes([adult.code], sailingId: nil), gate: "g")
        // Boarded and wrong sailing: status first.
        #expect(await self.refusal(f, .codes([adult.code], sailingId: "XCY-LHA-20261201-0840"))?.code == .alreadyBoarded)
        // Now the guardian is aboard, the child boards.
        #expect(try await f.engine.checkIn(.codes([child.code], sailingId: nil), gate: "g").count == 1)
    }

    @Test func boardingWindowBoundaries() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let a = try await self.family(f, 1)
        let b = try await self.family(f, 2)
        f.clock.set(Self.opens - 1)
        #expect(await self.refusal(f, .codes([a.adult.code], sailingId: nil))?.code == .boardingNotOpen)
        f.clock.set(Self.opens)
        #expect(await self.refusal(f, .codes([a.adult.code], sailingId: nil)) == nil)
        f.clock.set(Self.departure - 1)
        #expect(await self.refusal(f, .codes([b.adult.code], sailingId: nil)) == nil)
        f.clock.set(Self.departure)
        #expect(await self.refusal(f, .codes([a.child.code], sailingId: nil))?.code == .boardingNotOpen)
    }

    @Test func childAndGuardianTogetherOrNothing() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, child) = try await self.family(f)
        f.clock.set(Self.opens)
        let both = try await f.engine.checkIn(.codes([child.code, adult.code], sailingId: EngineFixture.smallSailing), gate: "g")
        #expect(both.map(\.ticket.status) == [.boarded, .boarded])
        #expect(both[0].ticket.guardianTicketId == adult.id)

        // A batch with one bad ticket boards none of them.
        let other = try await self.family(f, 2)
        #expect(await self.refusal(f, .codes([other.adult.code, adult.code], sailingId: nil))?.code == .alreadyBoarded)
        #expect(await self.refusal(f, .codes([other.adult.code], sailingId: nil)) == nil)
    }

    @Test func documentLookupAtTheGate() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await self.family(f)
        f.clock.set(Self.opens)
        let id = TestData.adultId(1)
        let boarded = try await f.engine.checkIn(.identity(type: .residentId, number: id, sailingId: EngineFixture.smallSailing), gate: "g")
        #expect(boarded.first?.passenger.idNumber == id)
        #expect(await self.refusal(f, .identity(type: .residentId, number: id, sailingId: EngineFixture.smallSailing))?.code == .alreadyBoarded)
        #expect(
            await self.refusal(f, .identity(type: .residentId, number: TestData.adultId(2), sailingId: EngineFixture.smallSailing))?.code == .notFound
        )
    }

    /// Refunded and bought again in the same second (the clock does not move here): the ID
    /// card finds the ticket bought last, not the refunded one issued at the same instant.
    @Test func documentLookupFindsTheTicketIssuedLastWhenIssueTimesTie() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let first = try await f.book([EngineFixture.adult(1)])
        _ = try await f.engine.pay(reference: first.reference, method: .cash, paymentReference: nil, channel: .counter)
        _ = try await f.engine.refund(reference: first.reference, passengers: nil, vehicles: nil, by: "counter")
        let again = try await f.book([EngineFixture.adult(1)])
        let paid = try await f.engine.pay(reference: again.reference, method: .cash, paymentReference: nil, channel: .counter)
        f.clock.set(Self.opens)
        let boarded = try await f.engine.checkIn(
            .identity(type: .residentId, number: TestData.adultId(1), sailingId: EngineFixture.smallSailing),
            gate: "g"
        )
        #expect(boarded.map(\.ticket.id) == [try #require(paid.passengers[0].ticket).id])
    }

    @Test func twoGatesScanningAtOnceBoardExactlyOnce() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, _) = try await self.family(f)
        f.clock.set(Self.opens)
        let outcomes = await withTaskGroup(of: FerryError.Code?.self) { group in
            for gate in 0..<100 {
                group.addTask {
                    do {
                        _ = try await f.engine.checkIn(.codes([adult.code], sailingId: nil), gate: "gate-\(gate)")
                        return nil
                    } catch { return error.ferryCode ?? .malformedRequest }
                }
            }
            return await group.reduce(into: [FerryError.Code?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.filter { $0 == .alreadyBoarded }.count == 99)
    }

    @Test func offlineUploadReportsAConflictWithAnOnlineScan() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let a = try await self.family(f, 1)
        let b = try await self.family(f, 2)
        let list = try await f.engine.gateList(sailingId: EngineFixture.smallSailing)
        #expect(Set(list.valid.map(\.ticket.id)) == [a.adult.id, a.child.id, b.adult.id, b.child.id])
        #expect(list.boardingOpensAt == Self.opens)

        f.clock.set(Self.opens + 60)
        _ = try await f.engine.checkIn(.codes([a.adult.code], sailingId: nil), gate: "online")
        f.clock.set(Self.opens + 600)
        let scans = [(a.adult.code, Self.opens + 120), (b.adult.code, Self.opens + 130), ("garbage", Self.opens + 140)]
        let results = try await f.engine.applyOfflineScans(gateId: "huaniao-gate", scans: scans.map { (code: $0.0, scannedAt: $0.1) })
        #expect(results.map(\.outcome) == [.conflict, .boarded, .invalid])
        #expect(results[0].detail.contains("online"))
        // Uploading again changes nothing and answers the same.
        let again = try await f.engine.applyOfflineScans(gateId: "huaniao-gate", scans: scans.map { (code: $0.0, scannedAt: $0.1) })
        #expect(again == results)
        let manifest = try await f.engine.manifest(sailingId: EngineFixture.smallSailing)
        let bAdult = try #require(manifest.entries.first { $0.ticket.id == b.adult.id })
        #expect(bAdult.ticket.boardedAt == Self.opens + 130)
        #expect(bAdult.ticket.boardedBy == "huaniao-gate")
        #expect(manifest.boardedCount == 2)
    }

    @Test func manifestCountsEveryPersonFreeChildrenIncluded() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await self.family(f, 1)
        _ = try await self.family(f, 2)
        let child = PassengerRequest(name: "小明", idType: .residentId, idNumber: TestData.citizenId(5, birth: "20160301"), fareType: .child)
        let held = try await f.book([EngineFixture.adult(3), child])
        _ = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        _ = try await f.book([EngineFixture.adult(4)])  // held, unpaid: not on the manifest
        let manifest = try await f.engine.manifest(sailingId: EngineFixture.smallSailing)
        #expect(manifest.totals == [.adult: 3, .freeChild: 2, .child: 1])
        #expect(manifest.entries.count == 6)
        #expect(manifest.entries.filter { $0.passenger.fareType == .freeChild }.allSatisfy { $0.ticket.guardianTicketId != nil })
    }

    /// No seats are held back for unticketed children: every seat sells, and free children
    /// fill the certificate on top, never beyond it.
    @Test func everySeatSellsAndFreeChildrenFillTheCertificate() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for n in 0..<6 { _ = try await f.book([EngineFixture.adult(n), EngineFixture.freeChild(n, guardian: 0)]) }
        for n in 6..<50 { _ = try await f.book([EngineFixture.adult(n)]) }
        let sailing = try await f.engine.sailing(id: EngineFixture.smallSailing)
        #expect(sailing.seatsAvailable[.economy] == 0)
        #expect(sailing.headsAvailable == 0)
        do {
            _ = try await f.book([EngineFixture.adult(60)])
            Issue.record("expected sold_out")
        } catch { #expect(error.ferryCode == .soldOut) }
    }

    @Test func refundedTicketsAreRefusedOnlineAndRevokedForOfflineGates() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, child) = try await self.family(f)
        let held = try await f.engine.booking(
            reference: try #require(try await f.engine.manifest(sailingId: EngineFixture.smallSailing).entries.first?.bookingReference)
        )
        _ = try await f.engine.refund(reference: held.reference, passengers: [0], vehicles: nil, by: "counter")
        f.clock.set(Self.opens)
        // Refunded and for another sailing: the status is checked first.
        #expect(await self.refusal(f, .codes([adult.code], sailingId: "XCY-LHA-20261201-0840"))?.code == .ticketNotValid)
        #expect(await self.refusal(f, .codes([child.code], sailingId: nil))?.code == .ticketNotValid)
        #expect(
            await self.refusal(f, .identity(type: .residentId, number: TestData.adultId(1), sailingId: EngineFixture.smallSailing))?.code
                == .ticketNotValid
        )
        let list = try await f.engine.gateList(sailingId: EngineFixture.smallSailing)
        #expect(Set(list.revoked.map(\.ticket.id)) == [adult.id, child.id])
        #expect(list.valid.isEmpty)
        let upload = try await f.engine.applyOfflineScans(gateId: "g", scans: [(code: adult.code, scannedAt: Self.opens)])
        #expect(upload.map(\.outcome) == [.conflict])
        #expect(try await f.engine.manifest(sailingId: EngineFixture.smallSailing).entries.isEmpty)
    }

    @Test func nobodyBoardsACancelledSailing() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (adult, _) = try await self.family(f)
        _ = try await f.engine.cancel(sailingId: EngineFixture.smallSailing, reason: .weatherWind, message: nil)
        f.clock.set(Self.opens)
        // Wrong sailing is checked before the cancellation, the cancellation before the window.
        #expect(await self.refusal(f, .codes([adult.code], sailingId: "XCY-LHA-20261201-0840"))?.code == .wrongSailing)
        #expect(await self.refusal(f, .codes([adult.code], sailingId: EngineFixture.smallSailing))?.code == .sailingCancelled)
        f.clock.set(Self.opens - 600)
        #expect(await self.refusal(f, .codes([adult.code], sailingId: nil))?.code == .sailingCancelled)
    }
}
