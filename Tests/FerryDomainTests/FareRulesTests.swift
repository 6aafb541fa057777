import FerryDomain
import Testing

@Suite struct FareRulesTests {
    func date(_ s: String) -> LocalDate { LocalDate(s)! }

    @Test(arguments: [
        ("2012-12-01", "2026-11-30", 13),  // day before the 14th birthday
        ("2012-12-01", "2026-12-01", 14),  // on the birthday
        ("2020-12-01", "2026-11-30", 5),
        ("2020-12-01", "2026-12-01", 6),
        ("2008-02-29", "2026-02-28", 17),  // leap-day birthday in a common year: not yet
        ("2008-02-29", "2026-03-01", 18),  // turns over on 1 March
        ("2008-02-29", "2028-02-29", 20),  // and on the day itself in a leap year
    ])
    func ageOnTheDayOfTravel(birth: String, travel: String, expected: Int) {
        #expect(FareRules.age(birthDate: self.date(birth), on: self.date(travel)) == expected)
    }

    @Test func childPaysHalfRoundedDownFreeChildPaysNothing() {
        #expect(FareType.adult.fare(routeFareFen: 13801) == 13801)
        #expect(FareType.child.fare(routeFareFen: 13801) == 6900)
        #expect(FareType.freeChild.fare(routeFareFen: 13801) == 0)
    }

    @Test(arguments: [
        (FareType.adult, 14, FareBasis?.some(.age)),
        (.adult, 13, nil),
        (.child, 13, .age),
        (.child, 5, .age),  // a child under 6 may take a seat
        (.child, 14, nil),
        (.freeChild, 5, .age),
        (.freeChild, 6, nil),
    ])
    func fareTypeByAge(requested: FareType, age: Int, expected: FareBasis?) {
        if let expected {
            #expect((try? FareRules.check(requested: requested, age: age, heightCm: nil)) == expected)
        } else {
            #expect(throws: FerryError.self) { try FareRules.check(requested: requested, age: age, heightCm: nil) }
        }
    }

    @Test func heightTestOnlyLowersTheFare() throws {
        #expect(try FareRules.check(requested: .freeChild, age: 7, heightCm: 120) == .height)
        #expect(throws: FerryError.self) { try FareRules.check(requested: .freeChild, age: 7, heightCm: 121) }
        #expect(try FareRules.check(requested: .child, age: 15, heightCm: 150) == .height)
        #expect(throws: FerryError.self) { try FareRules.check(requested: .child, age: 15, heightCm: 151) }
        // A tall 13-year-old is still a child: height never raises a fare.
        #expect(try FareRules.check(requested: .child, age: 13, heightCm: 170) == .age)
        #expect(throws: FerryError.self) { try FareRules.check(requested: .adult, age: 13, heightCm: 170) }
    }

    /// The waterway rule measures children: from 18 (a guardian's age) height lowers nothing.
    @Test func heightTestIsForMinorsOnly() throws {
        #expect(try FareRules.check(requested: .child, age: 17, heightCm: 145) == .height)
        #expect(try FareRules.check(requested: .freeChild, age: 17, heightCm: 118) == .height)
        #expect(throws: FerryError.self) { try FareRules.check(requested: .child, age: 18, heightCm: 145) }
        #expect(throws: FerryError.self) { try FareRules.check(requested: .freeChild, age: 30, heightCm: 118) }
    }
}
