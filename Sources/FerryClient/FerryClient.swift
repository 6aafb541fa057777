import FerryAPI
import Foundation

/// The HTTP client of `ferry` and `ferryctl`: one call per API operation, answers decoded
/// into the shared wire types, refusals thrown as the server's problem document.
///
/// Built on the system's libcurl (`CurlTransfer`), so the tools reach a server behind a TLS
/// proxy without a TLS stack of their own.
public struct FerryClient: Sendable {
    /// `FERRY_SERVER`, or the address `ferryd` listens on by default.
    public static let defaultServer = "http://127.0.0.1:8080"

    public let server: URL
    /// A staff key (`Authorization: Bearer`), for counter, gate, operator and admin calls.
    public let staffKey: String?

    public init(server: URL, staffKey: String? = nil) {
        self.server = server
        self.staffKey = staffKey.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `--server`, then `FERRY_SERVER`, then the default; refuses what is not an http(s)
    /// URL. A trailing `/` is dropped, so one server has one spelling, and so is a trailing
    /// `/v1`, the API's prefix that people copy with the address.
    public static func serverURL(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let raw = flag ?? environment["FERRY_SERVER"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultServer
        let refusal = FerryClientError.usage("\"\(raw)\" is not a server address; give one like \(Self.defaultServer).")
        guard var components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            components.host?.isEmpty == false
        else { throw refusal }
        var path = components.path
        while path.hasSuffix("/") || path.hasSuffix("/v1") { path.removeLast(path.hasSuffix("/") ? 1 : 3) }
        components.path = path
        guard let url = components.url else { throw refusal }
        return url
    }

    /// Sends one request and decodes the answer; a problem document becomes `.problem`. The
    /// body is `body` as JSON, or `encodedBody` as it is, byte for byte (one sent before, sent
    /// again under its `idempotencyKey`); a call gives one or the other.
    func call<Answer: Decodable>(
        _ method: String,
        _ path: String,
        query: [String: String?] = [:],
        body: (some Encodable & Sendable)? = Optional<Empty>.none,
        encodedBody: Data? = nil,
        bookingToken: String? = nil,
        idempotent: Bool = false,
        idempotencyKey: String? = nil,
        as: Answer.Type = Answer.self
    ) async throws -> Answer {
        var request = self.request(method, path, query: query, bookingToken: bookingToken)
        if let data = try encodedBody ?? body.map({ try JSONEncoder().encode($0) }) {
            request.body = data
            request.headers["Content-Type"] = "application/json"
        }
        guard idempotent else {
            let (status, data) = try await self.perform(request)
            return try Self.decode(Answer.self, data: data, status: status)
        }
        // An answer lost on the way back (a timeout, a dropped connection) is asked for again
        // with the same key: the server replays what it did the first time, never buys twice.
        request.headers["Idempotency-Key"] = idempotencyKey ?? UUID().uuidString
        var attempt = 0
        while true {
            attempt += 1
            do {
                let (status, data) = try await self.attempt(request)
                return try Self.decode(Answer.self, data: data, status: status)
            } catch let failure as CurlTransfer.Failure where failure.retryable && attempt < 3 {
                try await Task.sleep(for: .seconds(attempt))
            } catch let failure as CurlTransfer.Failure {
                throw self.unreachable(failure, sending: request.method)
            } catch FerryClientError.problem(let problem) where problem.code == "idempotency_in_progress" {
                // The server has this key: the request got there (perhaps an attempt whose
                // answer was lost) and is still being carried out.
                guard attempt < 3 else {
                    throw FerryClientError.unanswered(server: self.server.absoluteString, reason: "it was still carrying the request out")
                }
                try await Task.sleep(for: .seconds(attempt))
            }
        }
    }

    /// A request to `path` carrying this client's staff key and, for a booking, its token.
    func request(_ method: String, _ path: String, query: [String: String?] = [:], bookingToken: String? = nil) -> CurlTransfer.Request {
        var request = CurlTransfer.Request(method: method, url: self.url(path, query: query), headers: ["Accept": "application/json"])
        if let staffKey { request.headers["Authorization"] = "Bearer \(staffKey)" }
        if let bookingToken { request.headers["X-Booking-Token"] = bookingToken }
        return request
    }

    func url(_ path: String, query: [String: String?] = [:]) -> URL {
        var components = URLComponents(url: self.server, resolvingAgainstBaseURL: false) ?? URLComponents()
        let base = components.percentEncodedPath.hasSuffix("/") ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        // `path` is already percent-encoded (see `segment`): set it as such, not encoded again.
        components.percentEncodedPath = base + path
        let items = query.sorted { $0.key < $1.key }.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }
        components.queryItems = items.isEmpty ? nil : items
        return components.url ?? self.server
    }

    /// The status and body of one exchange; no answer at all is `.unreachable`.
    func perform(_ request: CurlTransfer.Request) async throws -> (status: Int, body: Data) {
        do {
            return try await self.attempt(request)
        } catch let failure as CurlTransfer.Failure {
            throw self.unreachable(failure, sending: request.method)
        }
    }

    /// One exchange, its failure to get an answer left to the caller (`CurlTransfer.Failure`)
    /// to retry or report.
    private func attempt(_ request: CurlTransfer.Request) async throws -> (status: Int, body: Data) {
        let answer = try await CurlTransfer.exchange(request)
        guard answer.status != 0 else { throw FerryClientError.unexpected(status: 0, body: "not an HTTP answer") }
        if let redirect = self.redirected(answer.status, answer.headers) { throw redirect }
        return (answer.status, answer.body)
    }

    /// No answer: for a change (anything but a read) sent to a server that was reached, one
    /// that may have been made, which the user must check rather than simply send again.
    func unreachable(_ failure: CurlTransfer.Failure, sending method: String = "GET") -> FerryClientError {
        guard failure.connected, !["GET", "HEAD"].contains(method) else {
            return .unreachable(server: self.server.absoluteString, reason: failure.reason)
        }
        return .unanswered(server: self.server.absoluteString, reason: failure.reason)
    }

    /// A server (or a proxy in front of it) that answers from another address says so with
    /// a redirect; the tools do not follow it, and say where to point them instead.
    func redirected(_ status: Int, _ headers: [String: String]) -> FerryClientError? {
        guard (300..<400).contains(status), let location = headers["location"] else { return nil }
        var server = URLComponents(string: location) ?? URLComponents()
        (server.path, server.query, server.fragment) = ("", nil, nil)
        let suggestion = server.scheme != nil && server.host != nil ? server.string ?? location : location
        return .usage("The server at \(self.server.absoluteString) answers from \(suggestion): set --server or FERRY_SERVER to that.")
    }

    static func decode<Answer: Decodable>(_ type: Answer.Type, data: Data, status: Int) throws -> Answer {
        guard (200..<300).contains(status) else {
            if let problem = try? JSONDecoder().decode(ProblemJSON.self, from: data) { throw FerryClientError.problem(problem) }
            // Not ferryd's problem document: a proxy's error page, or another web server.
            throw FerryClientError.unexpected(
                status: status,
                body: status >= 500
                    ? "an error page, not ferryd's (a proxy in front of it? ferryd may be down)"
                    : "a page that is not the ferry API's (is --server or FERRY_SERVER the address of ferryd?)"
            )
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw FerryClientError.unexpected(status: status, body: "an answer this client cannot read (\(error))")
        }
    }
}

/// The body of calls that send none.
struct Empty: Codable, Sendable {}
