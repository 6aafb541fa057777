import FerryDomain
import Foundation
import Testing

@Suite struct VehicleDeckTests {
    let departure = LocalTime.parse("2026-12-01T14:00:00+08:00")!
    var deck: VehicleDeck { VehicleDeck(totalUnits: 30, departure: self.departure, policy: Policy()) }
    var early: Date { self.departure - 3 * 86_400 }

    @Test func reservesAreRoundedUp() {
        #expect(self.deck.reserves == PoolUnits(green: 6, resident: 9, general: 15))
        let small = VehicleDeck(totalUnits: 7, departure: self.departure, policy: Policy())
        #expect(small.reserves == PoolUnits(green: 2, resident: 3, general: 2))
    }

    @Test(arguments: [
        (VehicleCategory.green, PoolUnits(), VehiclePool?.some(.green)),
        (.green, PoolUnits(green: 6), .general),
        (.green, PoolUnits(green: 6, general: 15), .resident),
        (.green, PoolUnits(green: 6, resident: 9, general: 15), nil),
        (.resident, PoolUnits(), .resident),
        (.resident, PoolUnits(resident: 9), .general),
        (.resident, PoolUnits(resident: 9, general: 15), nil),
        (.general, PoolUnits(general: 14), .general),
        (.general, PoolUnits(general: 15), nil),
    ])
    func allocationOrder(category: VehicleCategory, taken: PoolUnits, expected: VehiclePool?) {
        #expect(self.deck.allocate(units: 1, category: category, taken: taken, at: self.early) == expected)
    }

    @Test func unitsAreNeverSplitAcrossPools() {
        // 2 green units left, a truck needs 3: it goes whole to general.
        #expect(self.deck.allocate(units: 3, category: .green, taken: PoolUnits(green: 4), at: self.early) == .general)
    }

    @Test func residentReserveReleasesTwentyFourHoursBefore() {
        let release = self.departure - 24 * 3600
        let taken = PoolUnits(general: 15)
        #expect(self.deck.available(taken: taken, at: release - 1) == PoolUnits(green: 6, resident: 9, general: 0))
        #expect(self.deck.available(taken: taken, at: release) == PoolUnits(green: 6, resident: 0, general: 9))
        #expect(self.deck.allocate(units: 1, category: .general, taken: taken, at: release - 1) == nil)
        #expect(self.deck.allocate(units: 1, category: .general, taken: taken, at: release) == .general)
    }

    @Test func greenReserveReleasesTwoHoursBefore() {
        let release = self.departure - 2 * 3600
        let taken = PoolUnits(green: 1, resident: 9, general: 15)
        #expect(self.deck.available(taken: taken, at: release - 1).green == 5)
        #expect(self.deck.available(taken: taken, at: release) == PoolUnits(green: 0, resident: 0, general: 5))
    }
}
