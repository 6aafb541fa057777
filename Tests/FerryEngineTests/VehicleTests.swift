import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct VehicleTests {
    /// 舟桥7, 14:00 on 1 December: 52 hours ahead, so no reserve is released yet.
    /// 30 units: green 6, resident 9, general 15.
    static let sailing = "SJW-LZS-20261201-1400"
    static let departure = LocalTime.parse("2026-12-01T14:00:00+08:00")!

    static func shengsiDriver(_ n: Int) -> PassengerRequest {
        PassengerRequest(name: "岛民\(n)", idType: .residentId, idNumber: TestData.citizenId(n, region: "330922"), fareType: .adult)
    }

    func bookVehicle(
        _ f: EngineFixture,
        _ n: Int,
        kind: VehicleKind = .car,
        category: VehicleCategory = .general,
        driver: PassengerRequest? = nil,
        pay: Bool = false
    ) async throws -> BookedVehicle {
        let booking = try await f.book(
            [driver ?? EngineFixture.adult(n)],
            sailing: Self.sailing,
            vehicles: [VehicleRequest(plate: "浙L\(10000 + n)", kind: kind, category: category, driver: 0)]
        )
        if pay { _ = try await f.engine.pay(reference: booking.reference, method: .cash, paymentReference: nil, channel: .counter) }
        return booking.vehicles[0]
    }

    func refusal(_ body: () async throws -> Void) async -> FerryError.Code? {
        do {
            try await body()
            return nil
        } catch { return error.ferryCode }
    }

    /// A ro-ro ferry added on a passenger route (no vehicle fares) carries passengers only:
    /// its deck is not offered, the counters' deck view shows none, and a car is refused as
    /// on a boat without one.
    @Test func aRoRoOnAPassengerRouteOffersNoDeck() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let (extra, _) = try await f.engine.addSailing(
            routeId: "SJW-XCY",
            departure: LocalTime.parse("2026-12-24T18:00:00+08:00")!,
            vesselId: "zhouqiao-7"
        )
        #expect(try await f.engine.sailing(id: extra.id).deck == nil)
        let view = try await f.engine.deck(sailingId: extra.id)
        #expect(view.deck.totalUnits == 0 && view.available == PoolUnits())
        let car = VehicleRequest(plate: "浙L18000", kind: .car, category: .general, driver: 0)
        #expect(await self.refusal { _ = try await f.book([EngineFixture.adult(1)], sailing: extra.id, vehicles: [car]) } == .soldOut)
        #expect(try await f.engine.sailing(id: Self.sailing).deck?.totalUnits == 30)
    }

    @Test func greenNeedsAPermitCoveringTheTravelDate() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 1, category: .green) } == .greenPermitRequired)
        // Expired the day before travel: still refused.
        _ = try await f.engine.registerGreenPermit(
            plate: "浙L10001",
            permit: "LS-2026-001",
            validFrom: LocalDate("2026-11-01")!,
            validTo: LocalDate("2026-11-30")!,
            purpose: nil
        )
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 1, category: .green) } == .greenPermitRequired)
        // Valid to the travel date, inclusive.
        let permit = try await f.engine.registerGreenPermit(
            plate: "浙L 10001",
            permit: "LS-2026-002",
            validFrom: LocalDate("2026-12-01")!,
            validTo: LocalDate("2026-12-01")!,
            purpose: "fresh produce"
        )
        #expect(try await self.bookVehicle(f, 1, category: .green).pool == .green)
        // Revoked: new bookings are refused.
        _ = try await f.engine.revokeGreenPermit(id: permit.id)
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 2, category: .green, driver: EngineFixture.adult(2)) } == .greenPermitRequired)
        let permits = try await f.engine.greenPermits(plate: "浙L10001")
        #expect(permits.count == 2)
        #expect(permits.last?.revokedAt != nil)
    }

    /// A plate typed full-width (a Chinese input method) or with an ideographic space is the
    /// plate typed in ASCII: it cannot hold a second place on the sailing, and it finds the
    /// permit registered under the other spelling.
    @Test func onePlateHoweverTypedHoldsOnePlaceAndFindsItsPermit() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.book(
            [EngineFixture.adult(1)],
            sailing: Self.sailing,
            vehicles: [VehicleRequest(plate: "沪H12345", kind: .truck, category: .general, driver: 0)]
        )
        for (n, typed) in ["沪Ｈ１２３４５", "沪H\u{3000}12345", "沪H\u{2013}12345"].enumerated() {
            let again = await self.refusal {
                _ = try await f.book(
                    [EngineFixture.adult(2 + n)],
                    sailing: Self.sailing,
                    vehicles: [VehicleRequest(plate: typed, kind: .truck, category: .general, driver: 0)]
                )
            }
            #expect(again == .duplicateVehicle, "\(typed)")
        }
        _ = try await f.engine.registerGreenPermit(
            plate: "浙L 66789",
            permit: "ZS-GC-0042",
            validFrom: LocalDate("2026-12-01")!,
            validTo: LocalDate("2026-12-01")!,
            purpose: nil
        )
        let green = try await f.book(
            [EngineFixture.adult(9)],
            sailing: Self.sailing,
            vehicles: [VehicleRequest(plate: "浙Ｌ６６７８９", kind: .car, category: .green, driver: 0)]
        )
        #expect(green.vehicles.map(\.plate) == ["浙L66789"])
        #expect(try await f.engine.greenPermits(plate: "浙ｌ\u{3000}６６７８９").count == 1)
    }

    /// The permit number a driver shows must be one registered for the plate on the travel
    /// date. A rebooking needs a permit covering the new date, whichever it is.
    @Test func aNamedPermitMustBeTheRegisteredOne() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.engine.registerGreenPermit(
            plate: "浙L20001",
            permit: "ZS-GC-0042",
            validFrom: LocalDate("2026-12-01")!,
            validTo: LocalDate("2026-12-05")!,
            purpose: "fresh produce"
        )
        func truck(_ permit: String?) -> VehicleRequest {
            VehicleRequest(plate: "浙L 20001", kind: .truck, category: .green, driver: 0, permit: permit)
        }
        for wrong in ["ZS-GC-0043", "GC-0042"] {
            #expect(
                await self.refusal { _ = try await f.book([EngineFixture.adult(1)], sailing: Self.sailing, vehicles: [truck(wrong)]) }
                    == .greenPermitRequired
            )
        }
        let named = try await f.book([EngineFixture.adult(1)], sailing: Self.sailing, vehicles: [truck(" zs-gc-0042 ")], channel: .counter)
        #expect(named.vehicles[0].pool == .green)
        #expect(try await f.book([EngineFixture.adult(2)], sailing: "SJW-LZS-20261202-1400", vehicles: [truck(nil)]).vehicles[0].pool == .green)

        // Rebooked within the permit's days the truck keeps its lane; past them it is refused,
        // until a renewed permit covers the new date.
        _ = try await f.engine.pay(reference: named.reference, method: .cash, paymentReference: nil, channel: .counter)
        let moved = try await f.engine.rebook(
            RebookRequest(reference: named.reference, targetSailingId: "SJW-LZS-20261205-1400", method: .cash, channel: .counter, by: "counter-1")
        )
        #expect(moved.booking.vehicles[0].pool == .green)
        #expect(
            await self.refusal {
                _ = try await f.engine.rebook(
                    RebookRequest(
                        reference: moved.booking.reference,
                        targetSailingId: "SJW-LZS-20261206-1400",
                        method: .cash,
                        channel: .counter,
                        by: "counter-1"
                    )
                )
            } == .greenPermitRequired
        )
        _ = try await f.engine.registerGreenPermit(
            plate: "浙L20001",
            permit: "ZS-GC-0099",
            validFrom: LocalDate("2026-12-06")!,
            validTo: LocalDate("2026-12-31")!,
            purpose: "fresh produce, renewed"
        )
        let renewed = try await f.engine.rebook(
            RebookRequest(
                reference: moved.booking.reference,
                targetSailingId: "SJW-LZS-20261206-1400",
                method: .cash,
                channel: .counter,
                by: "counter-1"
            )
        )
        #expect(renewed.booking.vehicles[0].pool == .green)
    }

    @Test func residentByShengsiIdOrByTheRegister() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        #expect(try await self.bookVehicle(f, 1, category: .resident, driver: Self.shengsiDriver(1)).pool == .resident)
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 2, category: .resident) } == .notAResident)
        _ = try await f.engine.registerResident(
            idType: .residentId,
            idNumber: TestData.adultId(2),
            name: "旅客2",
            evidence: .residencePermit,
            recordedBy: "counter-1"
        )
        #expect(try await self.bookVehicle(f, 2, category: .resident).pool == .resident)
        // A minor cannot drive, even a resident one.
        let minor = PassengerRequest(
            name: "少年",
            idType: .residentId,
            idNumber: TestData.citizenId(3, birth: "20100101", region: "330922"),
            fareType: .adult
        )
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 3, category: .resident, driver: minor) } == .driverNotInBooking)
    }

    @Test func greenBoardsWhenGeneralIsSoldOut() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for n in 0..<5 { _ = try await self.bookVehicle(f, n, kind: .truck) }  // 15 general units
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 99) } == .soldOut)
        _ = try await f.engine.registerGreenPermit(
            plate: "浙L10050",
            permit: "AMB-1",
            validFrom: LocalDate("2026-11-01")!,
            validTo: LocalDate("2026-12-31")!,
            purpose: "ambulance"
        )
        #expect(try await self.bookVehicle(f, 50, kind: .van, category: .green).pool == .green)
        // A resident, with general full, takes the resident reserve.
        #expect(try await self.bookVehicle(f, 51, category: .resident, driver: Self.shengsiDriver(51)).pool == .resident)
    }

    @Test func reservesJoinTheGeneralPoolAtTheirReleaseTimes() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for n in 0..<5 { _ = try await self.bookVehicle(f, n, kind: .truck, pay: true) }
        let residentRelease = Self.departure - 24 * 3600
        f.clock.set(residentRelease - 1)
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 10) } == .soldOut)
        #expect(try await f.engine.sailing(id: Self.sailing).deck?.available == PoolUnits(green: 6, resident: 9, general: 0))
        f.clock.set(residentRelease)
        #expect(try await f.engine.sailing(id: Self.sailing).deck?.available == PoolUnits(green: 6, resident: 0, general: 9))
        for n in 10..<13 { #expect(try await self.bookVehicle(f, n, kind: .truck, pay: true).pool == .general) }
        let greenRelease = Self.departure - 2 * 3600
        f.clock.set(greenRelease - 1)
        #expect(await self.refusal { _ = try await self.bookVehicle(f, 20) } == .soldOut)
        f.clock.set(greenRelease)
        #expect(try await self.bookVehicle(f, 20, kind: .bus, pay: true).pool == .general)
        // A green vehicle can still take whatever is free after release.
        _ = try await f.engine.registerGreenPermit(
            plate: "浙L10021",
            permit: "FP-9",
            validFrom: LocalDate("2026-12-01")!,
            validTo: LocalDate("2026-12-01")!,
            purpose: nil
        )
        #expect(try await self.bookVehicle(f, 21, kind: .truck, category: .green).pool == .general)
        #expect(try await f.engine.sailing(id: Self.sailing).deck?.available == PoolUnits())
    }

    @Test func anExpiredHoldGivesItsUnitsBackToTheirPool() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let vehicle = try await self.bookVehicle(f, 1, kind: .van, category: .resident, driver: Self.shengsiDriver(1))
        #expect(vehicle.pool == .resident)
        #expect(try await f.engine.deck(sailingId: Self.sailing).held == PoolUnits(resident: 2))
        f.clock.advance(seconds: 15 * 60)
        let deck = try await f.engine.deck(sailingId: Self.sailing)
        #expect(deck.held == PoolUnits())
        #expect(deck.available == PoolUnits(green: 6, resident: 9, general: 15))
    }

    /// Hundreds of vehicles of every kind and category at once: no pool and no deck is ever
    /// overdrawn, and the units on the deck are exactly those of the bookings that won.
    @Test func concurrentVehicleBookingsNeverOverdrawAPool() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let kinds: [VehicleKind] = [.car, .van, .truck, .bus, .car]
        let categories: [VehicleCategory] = [.general, .resident, .green]
        for n in 0..<300 where categories[n % 3] == .green {
            _ = try await f.engine.registerGreenPermit(
                plate: "浙L\(10000 + n)",
                permit: "P\(n)",
                validFrom: LocalDate("2026-11-01")!,
                validTo: LocalDate("2026-12-31")!,
                purpose: nil
            )
        }
        let won = await withTaskGroup(of: BookedVehicle?.self) { group in
            for n in 0..<300 {
                let category = categories[n % 3]
                group.addTask {
                    try? await self.bookVehicle(
                        f,
                        n,
                        kind: kinds[n % kinds.count],
                        category: category,
                        driver: category == .resident ? Self.shengsiDriver(n) : EngineFixture.adult(n)
                    )
                }
            }
            return await group.reduce(into: [BookedVehicle]()) { if let v = $1 { $0.append(v) } }
        }
        var byPool = PoolUnits()
        for v in won { byPool[v.pool] += v.units }
        #expect(byPool.green <= 6 && byPool.resident <= 9 && byPool.general <= 15)
        #expect(byPool.green + byPool.resident + byPool.general <= 30)
        let deck = try await f.engine.deck(sailingId: Self.sailing)
        #expect(deck.held == byPool)
        #expect(deck.vehicles.count == won.count)
        #expect(won.allSatisfy { $0.category.poolOrder.contains($0.pool) })
        // With 300 contenders for 30 units the deck is nearly full: only gaps smaller than a bus remain.
        #expect(deck.available.green + deck.available.resident + deck.available.general < 3 * 3)
    }
}
