import Foundation
import Synchronization
import Testing

@testable import FerryClient

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP server on a loopback port for `times` connections, one request each: it records
/// the last request it reads and answers with the bytes given (or with nothing, holding the
/// connection open).
final class StubServer: Sendable {
    let port: Int
    private let listener: Int32
    private let received = Mutex<String?>(nil)
    /// Requests read so far.
    let count = Mutex(0)

    init(answer: String?, times: Int = 1) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        self.listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            for _ in 0..<times { self.serve(answer) }
            close(self.listener)
        }
        thread.start()
    }

    /// The request as read: head and body.
    var request: String? { self.received.withLock { $0 } }

    private func serve(_ answer: String?) {
        let connection = accept(self.listener, nil, nil)
        guard connection >= 0 else { return }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: bytes, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let length =
                    text[..<end.lowerBound].split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length { break }
            }
            let n = read(connection, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        self.received.withLock { $0 = String(decoding: bytes, as: UTF8.self) }
        self.count.withLock { $0 += 1 }
        guard let answer else {
            sleep(5)  // holds the connection, saying nothing
            close(connection)
            return
        }
        _ = answer.withCString { write(connection, $0, strlen($0)) }
        close(connection)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(self.port)")! }
}

@Suite struct CurlTransferTests {
    static func answer(_ status: String, _ headers: [String] = [], body: String = "") -> String {
        (["HTTP/1.1 \(status)", "Content-Length: \(body.utf8.count)", "Connection: close"] + headers).joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// A POST goes out as one, its body at once (no `Expect: 100-continue` wait), even empty;
    /// the staff key and JSON headers with it.
    @Test func aPostCarriesItsBodyAndHeaders() async throws {
        let server = try StubServer(answer: Self.answer("200 OK", ["Content-Type: application/json"], body: #"{"status":"ok"}"#))
        let client = FerryClient(server: server.url, staffKey: "k1")
        var request = client.request("POST", "/v1/x")
        request.body = Data(#"{"a":1}"#.utf8)
        let (status, body) = try await client.perform(request)
        #expect(status == 200 && String(decoding: body, as: UTF8.self) == #"{"status":"ok"}"#)
        let sent = try #require(server.request)
        #expect(sent.hasPrefix("POST /v1/x HTTP/1.1\r\n"))
        #expect(sent.contains("Authorization: Bearer k1\r\n") && sent.contains("Content-Length: 7\r\n") && sent.hasSuffix(#"{"a":1}"#))
        #expect(!sent.lowercased().contains("expect:"))

        let empty = try StubServer(answer: Self.answer("200 OK"))
        _ = try await FerryClient(server: empty.url).perform(FerryClient(server: empty.url).request("POST", "/v1/y"))
        #expect(try #require(empty.request).hasPrefix("POST /v1/y HTTP/1.1\r\n") && empty.request?.contains("Content-Length: 0\r\n") == true)
    }

    /// A redirect (a proxy sending http to https) is not followed, which would turn a POST into
    /// a GET and drop the staff key: the tool says which address to use instead.
    @Test func aRedirectSaysWhereTheServerIs() async throws {
        let server = try StubServer(answer: Self.answer("301 Moved Permanently", ["Location: https://tickets.ferry.example/v1/ports"]))
        let client = FerryClient(server: server.url)
        let error = await #expect(throws: FerryClientError.self) { _ = try await client.ports() }
        #expect(error?.description.contains("answers from https://tickets.ferry.example: set --server or FERRY_SERVER to that") == true)
        #expect(error?.exitCode == 2)
    }

    /// A proxy's error page while ferryd is down is named as such, not dumped.
    @Test func aProxysErrorPageIsNamed() async throws {
        let server = try StubServer(answer: Self.answer("502 Bad Gateway", ["Content-Type: text/html"], body: "<html>bad gateway</html>"))
        let error = await #expect(throws: FerryClientError.self) { _ = try await FerryClient(server: server.url).ports() }
        #expect(error?.description == "the server answered HTTP 502 with an error page, not ferryd's (a proxy in front of it? ferryd may be down)")
    }

    /// A server that accepts and says nothing is given up on once it has been silent for the
    /// request's limit (a second here; 30 s for the tools' calls).
    @Test(.timeLimit(.minutes(1))) func aSilentServerIsGivenUpOn() async throws {
        let server = try StubServer(answer: nil)
        let client = FerryClient(server: server.url)
        var request = client.request("GET", "/v1/ports")
        request.silentFor = 1
        let error = await #expect(throws: FerryClientError.self) { _ = try await client.perform(request) }
        #expect(error?.description.hasPrefix("cannot reach the ferry server at \(server.url.absoluteString): no answer in time.") == true)
    }

    /// A booking sent again under its key finds the server still carrying out the first
    /// sending (`409 idempotency_in_progress`) each time: it may have been made, so the tool
    /// says so (exit 3) rather than that the server refused it.
    @Test(.timeLimit(.minutes(1))) func aKeyStillInProgressMayHaveBeenCarriedOut() async throws {
        let problem = #"{"type":"about:blank","title":"Conflict","status":409,"code":"idempotency_in_progress","detail":"still running"}"#
        let server = try StubServer(answer: Self.answer("409 Conflict", ["Content-Type: application/problem+json"], body: problem), times: 3)
        let client = FerryClient(server: server.url)
        let error = await #expect(throws: FerryClientError.self) {
            _ = try await client.createBooking(encoded: Data(#"{"sailingId":"S"}"#.utf8), idempotencyKey: "k-1")
        }
        #expect(error?.exitCode == 3)
        #expect(error?.description.contains("it may have been carried out") == true)
        #expect(server.count.withLock { $0 } == 3)
        let sent = try #require(server.request)
        #expect(sent.contains("Idempotency-Key: k-1\r\n") && sent.hasSuffix(#"{"sailingId":"S"}"#))
    }

    /// A change whose answer is lost after it was sent may have been made: the tool says so,
    /// rather than "cannot reach", which would invite sending it (a delay, say) twice. A read,
    /// or a server never reached, is plainly unreachable.
    @Test func aChangeWithoutAnAnswerMayHaveBeenMade() async throws {
        let dropped = try StubServer(answer: "")
        let client = FerryClient(server: dropped.url)
        let lost = await #expect(throws: FerryClientError.self) { _ = try await client.perform(client.request("POST", "/v1/sailings/X/delay")) }
        #expect(
            lost?.description.contains("gave no answer (the connection was lost) after the request was sent: it may have been carried out") == true
        )
        #expect(lost?.exitCode == 3)
        #expect(try #require(dropped.request).hasPrefix("POST /v1/sailings/X/delay HTTP/1.1\r\n"))

        let readDropped = try StubServer(answer: "")
        let read = await #expect(throws: FerryClientError.self) {
            _ = try await client.perform(FerryClient(server: readDropped.url).request("GET", "/v1/ports"))
        }
        #expect(read?.description.hasPrefix("cannot reach the ferry server") == true)

        let closedPort = FerryClient(server: URL(string: "http://127.0.0.1:1")!)
        let refused = await #expect(throws: FerryClientError.self) { _ = try await closedPort.perform(closedPort.request("POST", "/v1/notices")) }
        #expect(refused?.description.hasPrefix("cannot reach the ferry server at http://127.0.0.1:1: connection refused.") == true)
    }
}
