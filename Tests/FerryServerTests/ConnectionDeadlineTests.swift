import NIOCore
import NIOEmbedded
import Testing

@testable import FerryServer

/// A connection must finish its first request head in time (after which Hummingbird's idle
/// timeout takes over), and must not stop reading what it is sent for too long.
@Suite struct ConnectionDeadlineTests {
    func connected() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(FirstHeadDeadline(.seconds(30)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return channel
    }

    @Test func aHeadSentTooSlowlyIsCutOffAtTheDeadline() throws {
        let channel = try self.connected()
        try channel.writeInbound(ByteBuffer(string: "GET /v1/health HTTP/1.1\r\nHo"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aHeadEndingAcrossTwoReadsStopsTheClock() throws {
        let channel = try self.connected()
        try channel.writeInbound(ByteBuffer(string: "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r"))
        try channel.writeInbound(ByteBuffer(string: "\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(channel.isActive)
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: FirstHeadDeadline.self) }
        // Everything read was passed on, unchanged.
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "\n"))
    }

    @Test func aClientThatStopsReadingIsClosedOnceItHasStalledTooLong() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(StalledReaderDeadline(.seconds(60)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        // A slow reader that catches up keeps its connection.
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(channel.isActive)
        // One that stays stalled is closed at the deadline.
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    /// Sends `request` on a connection of its own and reads until the server closes it, or
    /// 20 s pass (a server busy with other suites is slow, not silent): the answer, and
    /// whether the server closed the connection well before that.
    func closing(_ port: Int, _ request: String) async throws -> (answer: String, closedPromptly: Bool) {
        let started = ContinuousClock.now
        let answer = try await SSEReader(port: port, path: "", rawRequest: request).read(events: Int.max, timeoutSeconds: 20)
        return (answer, ContinuousClock.now - started < .seconds(10))
    }

    /// A first head the parser cannot read is answered `400` at once and the connection closed
    /// (before a first head nobody else answers: it would stay open until the client gave up).
    @Test func anUnreadableFirstHeadIsAnswered400AndClosed() async throws {
        try await withServer(.live) { c in
            let port = try #require(c.client.port)
            for head in ["GARBAGE\r\n\r\n", "GET /v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\r\n\r\n"] {
                let (answer, closedPromptly) = try await self.closing(port, head)
                #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(answer)")
                #expect(answer.contains(#""code":"malformed_request""#))
                #expect(closedPromptly)
            }
        }
    }

    /// An upgrade ferryd does not perform (`curl --http2` offers h2c; a WebSocket upgrade of
    /// another path) is ignored and the request served, where it used to be closed with no
    /// answer at all; the connection is then closed (its parser stopped reading HTTP at the
    /// offer), not left hanging. The notice socket itself still upgrades.
    @Test func anUpgradeOfferIsIgnoredOutsideTheNoticeSocket() async throws {
        try await withServer(.live) { c in
            let port = try #require(c.client.port)
            for (path, upgrade) in [("/v1/health", "h2c"), ("/v1/health", "websocket"), ("/v1/ports", "h2c, websocket")] {
                let head =
                    "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: \(upgrade)\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
                let (answer, closedPromptly) = try await self.closing(port, head)
                #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(path) \(upgrade): \(answer)")
                #expect(closedPromptly)
            }
            let socket =
                "GET /v1/notices/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            let upgraded = try await SSEReader(port: port, path: "", rawRequest: socket).read(events: Int.max, timeoutSeconds: 5)
            #expect(upgraded.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"), "\(upgraded)")
            // Handshakes the upgrader cannot make, or should not: told how to connect. Without
            // `Connection: upgrade` and with a request right behind it, the upgrader took it and
            // then stopped the process on the request it handed the socket.
            let key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            for refusedHandshake in [
                socket.replacingOccurrences(of: key, with: ""),
                socket.replacingOccurrences(of: key, with: key + key),
                socket.replacingOccurrences(of: key, with: "Sec-WebSocket-Key: x\r\n"),
                socket.replacingOccurrences(of: "Connection: Upgrade\r\n", with: "") + "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
            ] {
                let refused = try await self.closing(port, refusedHandshake).answer
                #expect(refused.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n") && refused.contains(#""code":"upgrade_required""#), "\(refused)")
            }
            let alive = try await self.closing(port, "GET /v1/health HTTP/1.0\r\n\r\n").answer
            #expect(alive.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(alive)")
        }
    }

    /// A request that does not keep its connection (HTTP/1.0 without keep-alive, or `close`
    /// among other tokens) is answered and the connection closed at once, not left idle
    /// until the 75 s timeout while an HTTP/1.0 client waits for the end of the stream.
    @Test func aConnectionNotKeptAliveIsClosedAfterItsAnswer() async throws {
        try await withServer(.live) { c in
            let port = try #require(c.client.port)
            for head in ["GET /v1/health HTTP/1.0\r\n\r\n", "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: TE, close\r\nTE: trailers\r\n\r\n"] {
                let (answer, closedPromptly) = try await self.closing(port, head)
                #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.hasSuffix(#"{"status":"ok"}"#), "\(answer)")
                #expect(closedPromptly)
            }
        }
    }
}
