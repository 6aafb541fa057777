import FerryAPI
import FerryDomain
import FerryServer
import FerryTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What `ferryd` refuses to start with, before it serves anyone.
@Suite struct StartupTests {
    /// One paid booking on tomorrow's 08:40, served from `config`'s data directory.
    static func sellOneTicket(_ config: ServerConfig, _ clock: ManualClock) async throws {
        try await buildApplication(config, clock: clock).test(.router) { client in
            let c = ServerClient(client: client, clock: clock)
            let held = try await c.book(1)
            let paid = try await c.request(
                .post,
                "/v1/bookings/\(held.reference)/pay",
                json: #"{"method":"online","paymentReference":"wx-1"}"#,
                token: held.token
            )
            #expect(paid.status == .ok)
        }
    }

    /// A database put back without its ticket-signing key would get a new key, and every
    /// ticket sold before would be turned away at the gate as forged: the server says so and
    /// stops, unless told the key is lost for good.
    @Test func aDatabaseRestoredWithoutItsSigningKeyIsNotServed() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        var config = ServerConfig()
        config.dataDirectory = directory
        let clock = ManualClock(TestData.now)
        try await Self.sellOneTicket(config, clock)
        try FileManager.default.removeItem(atPath: config.signingKeyPath)
        await #expect {
            _ = try await buildApplication(config, clock: clock)
        } throws: { error in
            guard case StartupError.signingKeyMissing(_, let outstanding) = error else { return false }
            return outstanding == 1 && "\(error)".contains("--new-signing-key")
        }
        #expect(!FileManager.default.fileExists(atPath: config.signingKeyPath))
        // Told the key is lost for good, it makes a new one.
        config.newSigningKey = true
        _ = try await buildApplication(config, clock: clock)
        #expect(FileManager.default.fileExists(atPath: config.signingKeyPath))
        // Once the sailing has left no gate will see those codes again: a new key needs no word.
        try FileManager.default.removeItem(atPath: config.signingKeyPath)
        config.newSigningKey = false
        clock.set(LocalTime.parse("2026-11-30T08:40:00+08:00")!)
        _ = try await buildApplication(config, clock: clock)
        #expect(FileManager.default.fileExists(atPath: config.signingKeyPath))
    }

    /// Settings that each look fine but cannot be used together, or a flag out of range.
    @Test func settingsThatCannotBeUsedAreRefused() throws {
        var config = ServerConfig()
        try config.apply(environment: ["FERRY_GREEN_RESERVE_PERCENT": "80", "FERRY_RESIDENT_RESERVE_PERCENT": "80"])
        #expect(throws: ConfigError.self) { try config.check() }
        config = ServerConfig()
        config.port = 70_000
        #expect(throws: ConfigError.self) { try config.check() }
        config = ServerConfig()
        config.dataDirectory = ""
        #expect(throws: ConfigError.self) { try config.check() }
        try ServerConfig().check()
    }
}
