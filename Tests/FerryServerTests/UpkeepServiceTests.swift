import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Logging
import Testing

@testable import FerryServer

@Suite struct UpkeepServiceTests {
    /// A day passes on the injected clock while the server runs: the day that has come into
    /// the sales window gets its sailings without a restart ("and keep doing so as days
    /// pass"). Only the loop's own pace is real time: it looks again every 10 ms.
    @Test func sailingsKeepComingAsDaysPass() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let clock = ManualClock(TestData.now)
        let engine = Engine(store: try GRDBStore(path: directory + "/ferry.sqlite"), signer: try .ephemeral(), clock: clock, policy: Policy())
        try await engine.bootstrap(adminKey: nil)
        let newDay = LocalTime.date(of: TestData.now).adding(days: 62)
        #expect(try await engine.search(from: "XCY", to: "LHA", date: newDay).isEmpty)
        let service = UpkeepService(engine: engine, intervalSeconds: 0.01, logger: Logger(label: "upkeep-test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            clock.advance(seconds: 86_400)
            var found = false
            for _ in 0..<1000 where !found {
                found = try await !engine.search(from: "XCY", to: "LHA", date: newDay).isEmpty
                if !found { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(found)
            group.cancelAll()
        }
    }
}
