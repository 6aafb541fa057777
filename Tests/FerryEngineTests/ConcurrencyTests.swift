import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Testing

/// No oversell, under any concurrency: the invariant is checked against what the store
/// holds afterwards, not only against what the callers were told.
@Suite struct ConcurrencyTests {
    @Test func fiveHundredConcurrentBookingsSellExactlyTheSeats() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let outcomes = await withTaskGroup(of: FerryError.Code?.self) { group in
            for n in 0..<500 {
                group.addTask {
                    do {
                        _ = try await f.book([EngineFixture.adult(n)])
                        return nil
                    } catch {
                        return error.ferryCode ?? .malformedRequest
                    }
                }
            }
            return await group.reduce(into: [FerryError.Code?]()) { $0.append($1) }
        }
        let won = outcomes.filter { $0 == nil }.count
        #expect(won == 50)
        #expect(outcomes.filter { $0 == .soldOut }.count == 450)
        let sailing = try await f.engine.sailing(id: EngineFixture.smallSailing)
        #expect(sailing.seatsAvailable[.economy] == 0)
        #expect(sailing.headsAvailable == 56 - 50)
        let now = f.clock.now()
        let occupancy = try await f.engine.store.read { tx in try tx.occupancy(sailingId: EngineFixture.smallSailing, at: now) }
        #expect(occupancy.seats[.economy] == won)
        #expect(occupancy.heads == won)
    }

    @Test func freeChildrenCannotPushHeadcountPastTheCertificate() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        // Each booking: one adult with a seat and one free child without: 2 heads, 1 seat.
        let won = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<500 {
                group.addTask {
                    (try? await f.book([EngineFixture.adult(n), EngineFixture.freeChild(n, guardian: 0)])) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(won == 28)  // 56 certified persons / 2
        let now = f.clock.now()
        let occupancy = try await f.engine.store.read { tx in try tx.occupancy(sailingId: EngineFixture.smallSailing, at: now) }
        #expect(occupancy.heads == 56)
        #expect(occupancy.seats[.economy] == 28)
        // Seats remain, but nobody else may board: the headcount is the limit.
        await #expect(throws: FerryError.self) { try await f.book([EngineFixture.adult(9999)]) }
    }

    @Test func theSameIdentityWinsOnceUnderConcurrency() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let results = await withTaskGroup(of: FerryError.Code?.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    do {
                        _ = try await f.book([EngineFixture.adult(7)])
                        return nil
                    } catch { return error.ferryCode }
                }
            }
            return await group.reduce(into: [FerryError.Code?]()) { $0.append($1) }
        }
        #expect(results.filter { $0 == nil }.count == 1)
        #expect(results.filter { $0 == .duplicatePassenger }.count == 99)
    }
}
