import FerryClient
import FerryDomain
import FerryServer
import FerryTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting

/// A real `ferryd` application (built by `buildApplication`, as the executable does) listening
/// on a free loopback port, over a scratch data directory, with its clock at `TestData.now`.
struct LiveServer: Sendable {
    static let adminKey = "e2e-admin-key"
    let url: String
    let clock: ManualClock

    /// An HTTP client as a script would use it (the same library as the tools).
    func client(key: String? = nil) -> FerryClient {
        FerryClient(server: URL(string: self.url)!, staffKey: key)
    }

    static func with<T: Sendable>(_ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        var config = ServerConfig()
        config.dataDirectory = directory
        config.adminKey = Self.adminKey
        config.port = 0
        config.heartbeatSeconds = 0.5
        let clock = ManualClock(TestData.now)
        let app = try await buildApplication(config, clock: clock)
        return try await app.test(.live) { client in
            guard let port = client.port else { throw ToolError("the live test server has no port") }
            return try await body(LiveServer(url: "http://127.0.0.1:\(port)", clock: clock))
        }
    }
}

struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
