import FerryDomain
import Foundation
import Testing

@Suite struct BookingPlanTests {
    let route = Route(
        id: "SJW-LZS",
        from: "SJW",
        to: "LZS",
        durationMinutes: 130,
        salesOpenDays: 60,
        fares: [.economy: 11001],
        vehicleFares: [.car: 20000, .van: 35000]
    )
    let vessel = Vessel(id: "v", name: "舟桥7", certifiedHeadcount: 480, seats: [.economy: 460], deckUnits: 30)
    let departure = LocalTime.parse("2026-12-01T14:00:00+08:00")!
    let now = LocalTime.parse("2026-11-29T10:00:00+08:00")!

    static let adult = PassengerRequest(name: "张三", idType: .residentId, idNumber: "11010519491231002X", fareType: .adult)
    static func kid(_ birth: String, _ type: FareType, guardian: Int? = nil, height: Int? = nil) -> PassengerRequest {
        PassengerRequest(
            name: "小宝",
            idType: .passport,
            idNumber: "K\(birth.filter(\.isNumber))",
            birthDate: LocalDate(birth),
            fareType: type,
            guardian: guardian,
            heightCm: height
        )
    }

    func plan(
        _ passengers: [PassengerRequest],
        vehicles: [VehicleRequest] = [],
        channel: SalesChannel = .online
    ) throws(FerryError)
        -> BookingPlan
    {
        try BookingPlan(
            request: BookingRequest(sailingId: "x", passengers: passengers, vehicles: vehicles, channel: channel),
            route: self.route,
            vessel: self.vessel,
            departure: self.departure,
            now: self.now,
            policy: Policy()
        )
    }

    @Test func adultWithFreeChildTakesOneSeatTwoHeads() throws {
        let p = try self.plan([Self.adult, Self.kid("2022-01-01", .freeChild, guardian: 0)])
        #expect(p.totalFen == 11001)
        #expect(p.seatsByClass == [.economy: 1])
        #expect(p.heads == 2)
        #expect(p.passengers[1].seatClass == nil)
    }

    @Test func childFareIsHalfRoundedDown() throws {
        let p = try self.plan([Self.adult, Self.kid("2016-01-01", .child)])
        #expect(p.passengers[1].fareFen == 5500)
        #expect(p.totalFen == 16501)
    }

    @Test func freeChildNeedsAnAdultGuardianOfTheBooking() {
        #expect(throws: FerryError.self) { try self.plan([Self.kid("2022-01-01", .freeChild)]) }
        #expect(throws: FerryError.self) { try self.plan([Self.adult, Self.kid("2022-01-01", .freeChild, guardian: 5)]) }
        #expect(throws: FerryError.self) { try self.plan([Self.adult, Self.kid("2022-01-01", .freeChild, guardian: 1)]) }
        // A 16-year-old pays adult fare but cannot be a guardian.
        let teen = Self.kid("2010-01-01", .adult)
        #expect(throws: FerryError.self) { try self.plan([teen, Self.kid("2022-01-01", .freeChild, guardian: 0)]) }
    }

    @Test func oneFreeChildPerGuardian() throws {
        do {
            _ = try self.plan([Self.adult, Self.kid("2022-01-01", .freeChild, guardian: 0), Self.kid("2023-01-01", .freeChild, guardian: 0)])
            Issue.record("expected invalid_guardian")
        } catch {
            #expect(error.code == .invalidGuardian)
        }
        // The second child under 6 travels on a child ticket.
        let p = try self.plan([Self.adult, Self.kid("2022-01-01", .freeChild, guardian: 0), Self.kid("2023-01-01", .child)])
        #expect(p.heads == 3)
        #expect(p.seatsByClass == [.economy: 2])
    }

    @Test func sixthBirthdayOnTheDayOfTravelEndsTheFreeTicket() {
        do {
            _ = try self.plan([Self.adult, Self.kid("2020-12-01", .freeChild, guardian: 0)])
            Issue.record("expected child_age_mismatch")
        } catch {
            #expect(error.code == .childAgeMismatch)
        }
    }

    @Test func heightTestIsForCountersOnly() throws {
        let tallSeven = Self.kid("2019-06-01", .freeChild, guardian: 0, height: 115)
        do {
            _ = try self.plan([Self.adult, tallSeven], channel: .online)
            Issue.record("expected forbidden")
        } catch {
            #expect(error.code == .forbidden)
        }
        let p = try self.plan([Self.adult, tallSeven], channel: .counter)
        #expect(p.passengers[1].fareBasis == .height)
        #expect(p.passengers[1].fareFen == 0)
    }

    @Test func duplicateIdentityInOneBookingIsRefused() {
        do {
            _ = try self.plan([Self.adult, Self.adult])
            Issue.record("expected duplicate_passenger")
        } catch {
            #expect(error.code == .duplicatePassenger)
        }
    }

    @Test func businessClassOnAnEconomyOnlyBoatIsUnavailable() {
        var p = Self.adult
        p.seatClass = .business
        do {
            _ = try self.plan([p])
            Issue.record("expected seat_class_unavailable")
        } catch {
            #expect(error.code == .seatClassUnavailable)
        }
    }

    @Test func vehiclesNeedADriverOfTheBookingAndEligibility() throws {
        let car = VehicleRequest(plate: "浙L 12345", kind: .car, category: .general, driver: 0)
        let p = try self.plan([Self.adult], vehicles: [car])
        #expect(p.vehicles[0].plate == "浙L12345")
        #expect(p.totalFen == 31001)
        var stranger = car
        stranger.driver = 3
        #expect(throws: FerryError(.driverNotInBooking, "Vehicle 浙L12345's driver 3 is not a passenger of this booking.")) {
            try self.plan([Self.adult], vehicles: [stranger])
        }
        var green = car
        green.category = .green
        #expect(throws: FerryError.self) { try self.plan([Self.adult], vehicles: [green]) }
        var resident = car
        resident.category = .resident
        do {
            _ = try self.plan([Self.adult], vehicles: [resident])
            Issue.record("expected not_a_resident")
        } catch {
            #expect(error.code == .notAResident)
        }
    }

    /// A driver drives one vehicle aboard: a second vehicle needs another adult of the booking.
    @Test func eachVehicleNeedsADriverOfItsOwn() throws {
        let car = VehicleRequest(plate: "浙L12345", kind: .car, category: .general, driver: 0)
        var van = VehicleRequest(plate: "浙L54321", kind: .van, category: .general, driver: 0)
        let second = PassengerRequest(name: "李四", idType: .passport, idNumber: "E12345678", birthDate: LocalDate("1980-01-01"), fareType: .adult)
        #expect(
            throws: FerryError(
                .driverNotInBooking,
                "Passenger 0 already drives another vehicle of this booking; vehicle 浙L54321 needs a driver of its own."
            )
        ) { try self.plan([Self.adult, second], vehicles: [car, van]) }
        van.driver = 1
        #expect(try self.plan([Self.adult, second], vehicles: [car, van]).vehicles.map(\.driver) == [0, 1])
    }

    @Test func outsideTheWindowIsRefused() {
        do {
            _ = try BookingPlan(
                request: BookingRequest(sailingId: "x", passengers: [Self.adult], channel: .online),
                route: self.route,
                vessel: self.vessel,
                departure: self.departure,
                now: self.departure - 29 * 60,
                policy: Policy()
            )
            Issue.record("expected outside_booking_window")
        } catch {
            #expect(error.code == .outsideBookingWindow)
        }
    }

    /// The free-child matrix on the day of travel (1 December 2026): which fare types each
    /// age may hold. nil = accepted, otherwise the refusal.
    @Test(arguments: [
        ("2026-06-01", FareType.freeChild, FerryError.Code?.none),  // 0
        ("2021-06-01", .freeChild, nil),  // 5
        ("2020-12-02", .freeChild, nil),  // 5 years 364 days
        ("2020-12-01", .freeChild, .childAgeMismatch),  // 6 today
        ("2020-12-01", .child, nil),
        ("2013-06-01", .child, nil),  // 13
        ("2013-06-01", .freeChild, .childAgeMismatch),
        ("2013-06-01", .adult, .childAgeMismatch),
        ("2012-12-01", .adult, nil),  // 14 today
        ("2012-12-01", .child, .childAgeMismatch),
    ])
    func freeChildMatrix(birth: String, fareType: FareType, refusal: FerryError.Code?) {
        let kid = Self.kid(birth, fareType, guardian: fareType == .freeChild ? 0 : nil)
        do {
            let plan = try self.plan([Self.adult, kid])
            #expect(refusal == nil)
            #expect(plan.passengers[1].fareFen == fareType.fare(routeFareFen: 11001))
            #expect((plan.passengers[1].seatClass == nil) == (fareType == .freeChild))
        } catch {
            #expect(error.code == refusal)
        }
    }

    @Test func heightOverrideAtTheCounter() throws {
        // A 7-year-old measured at 118 cm travels free; at 121 cm on a child ticket.
        let small = try self.plan([Self.adult, Self.kid("2019-06-01", .freeChild, guardian: 0, height: 118)], channel: .counter)
        #expect(small.passengers[1].fareBasis == .height)
        #expect(small.heads == 2)
        #expect(small.seatsByClass == [.economy: 1])
        do {
            _ = try self.plan([Self.adult, Self.kid("2019-06-01", .freeChild, guardian: 0, height: 121)], channel: .counter)
            Issue.record("expected child_age_mismatch")
        } catch { #expect(error.code == .childAgeMismatch) }
        // A 15-year-old measured at 149 cm pays the child fare.
        let teen = try self.plan([Self.adult, Self.kid("2011-06-01", .child, height: 149)], channel: .counter)
        #expect(teen.passengers[1].fareFen == 5500)
        #expect(teen.passengers[1].fareBasis == .height)
    }
}
