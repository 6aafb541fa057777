import FerryAPI
import FerryDomain
import FerryServer
import FerryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Runs `body` against the real application (built by `buildApplication`, as `ferryd` does)
/// over a temp data directory, with a manual clock at `TestData.now`.
func withServer<T: Sendable>(
    _ setup: TestingSetup = .router,
    policy: Policy = Policy(),
    paymentSecret: String? = nil,
    _ body: @Sendable (ServerClient) async throws -> T
) async throws -> T {
    let directory = TestData.scratchDirectory()
    defer { TestData.remove(directory) }
    var config = ServerConfig()
    config.dataDirectory = directory
    config.adminKey = ServerClient.adminKey
    config.port = 0
    config.policy = policy
    config.paymentSecret = paymentSecret
    // A closed event-stream client is noticed at the next heartbeat: keep tests quick.
    config.heartbeatSeconds = 0.2
    let clock = ManualClock(TestData.now)
    let app = try await buildApplication(config, clock: clock)
    return try await app.test(setup) { client in
        // A live server shares the test process's two cores with every other suite, each
        // seeding its own database as `swift test` starts them all at once; its first answer
        // can then take longer than the live client's fixed 20 s. It is awaited here, before
        // the requests the test is about (a timed-out request is simply asked again).
        if client.port != nil {
            for attempt in 1...4 {
                do {
                    _ = try await client.execute(uri: "/v1/health", method: .get)
                    break
                } catch  where attempt < 4 {
                    continue
                }
            }
        }
        return try await body(ServerClient(client: client, clock: clock))
    }
}

/// A thin JSON client over HummingbirdTesting with the fixture's keys.
struct ServerClient: Sendable {
    static let adminKey = "test-admin-key"
    let client: any TestClientProtocol
    let clock: ManualClock

    /// 50 seats, 56 persons, tomorrow 08:40.
    static let smallSailing = "XCY-LHA-20261130-0840"
    /// The ro-ro 舟桥7, tomorrow 14:00.
    static let roroSailing = "SJW-LZS-20261130-1400"

    @discardableResult
    func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: String? = nil,
        bearer: String? = nil,
        token: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if json != nil { headers[.contentType] = "application/json" }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        if let token { headers[HTTPField.Name("X-Booking-Token")!] = token }
        return try await self.client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
    }

    func problem(_ response: TestResponse) throws -> ProblemJSON {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try self.decode(ProblemJSON.self, response)
    }

    func createKey(role: String) async throws -> String {
        let r = try await self.request(.post, "/v1/admin/keys", json: #"{"role":"\#(role)","label":"\#(role) test"}"#, bearer: Self.adminKey)
        #expect(r.status == .created)
        return try self.decode(CreatedKeyJSON.self, r).key
    }

    static func adultJSON(_ n: Int, name: String = "张三") -> String {
        #"{"name":"\#(name)","idType":"resident_id","idNumber":"\#(TestData.adultId(n))","fareType":"adult","seatClass":"economy"}"#
    }

    static let freeChildJSON =
        #"{"name":"张小宝","idType":"passport","idNumber":"E7654321","birthDate":"2023-05-01","fareType":"free_child","seatClass":"business","guardian":0}"#

    static func bookingJSON(sailing: String = smallSailing, passengers: [String]) -> String {
        #"{"sailingId":"\#(sailing)","passengers":[\#(passengers.joined(separator: ","))]}"#
    }

    /// Books one adult and returns the held booking.
    func book(_ n: Int, sailing: String = smallSailing, bearer: String? = nil) async throws -> BookingJSON {
        let r = try await self.request(
            .post,
            "/v1/bookings",
            json: Self.bookingJSON(sailing: sailing, passengers: [Self.adultJSON(n)]),
            bearer: bearer
        )
        #expect(r.status == .created)
        return try self.decode(BookingJSON.self, r)
    }
}
