import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How long a connection may keep the server waiting, so that clients that connect and send
/// nothing, or send a request a byte at a time, cannot hold every file descriptor.
enum ConnectionDeadlines {
    /// The first request's head (request line and headers) must have arrived by then.
    static let firstRequestHead = TimeAmount.seconds(30)
    /// Hummingbird's idle timeout: a connection silent this long between requests, or in the
    /// middle of one's body, is closed. Longer than nginx's 60 s upstream keep-alive, so a
    /// proxy closes its idle connections before ferryd does and never sends on a closing one.
    /// A response being written (an event stream) is not idleness.
    static let idle = TimeAmount.seconds(75)
    /// A client that has stopped reading what it is sent (its socket and the server's
    /// outbound buffer full) this long is closed: a notice stream writing to it would
    /// otherwise wait for ever, holding its task and its connection.
    static let stalledReader = TimeAmount.seconds(60)
}

/// A server channel with the deadlines Hummingbird's idle timeout does not cover: on the
/// first request head (its handler joins the pipeline only once a head has been read) and on
/// a client that stops reading while a response is being written.
struct DeadlinedChannel<Inner: ServerChildChannel>: ServerChildChannel {
    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        do {
            try channel.pipeline.syncOperations.addHandlers(
                [FirstHeadDeadline(ConnectionDeadlines.firstRequestHead), StalledReaderDeadline(ConnectionDeadlines.stalledReader)],
                position: .first
            )
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return self.inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Right behind the parser, where its errors arrive first.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(FirstRequestHead(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await self.inner.handle(value: value, logger: logger)
    }
}

/// Closes the connection unless the blank line that ends the first request head arrives in
/// time; then it leaves the pipeline, and Hummingbird's idle timeout takes over.
final class FirstHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?
    /// The last bytes of the previous read: the blank line may be split across reads.
    private var carried: [UInt8] = []

    init(_ deadline: TimeAmount) { self.deadline = deadline }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes: [UInt8] = self.carried + Array(self.unwrapInboundIn(data).readableBytesView)
        let blankLine: [UInt8] = [13, 10, 13, 10]
        var headEnded = false
        if bytes.count >= 4 {
            for i in 0...(bytes.count - 4) where bytes[i..<(i + 4)].elementsEqual(blankLine) {
                headEnded = true
                break
            }
        }
        self.carried = Array(bytes.suffix(3))
        context.fireChannelRead(data)
        if headEnded { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard self.timer == nil else { return }
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: self.deadline) {
            // Told as a client's own half-close is, so the upgrade handler waiting for the head
            // gives up quietly rather than logging a failed upgrade.
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            context.close(promise: nil)
        }
    }
}

/// Closes the connection once it has stayed unwritable (the client reads nothing of what is
/// queued for it) for `deadline`; stays in the pipeline for the connection's life, WebSocket
/// included, and costs nothing while the connection keeps up.
final class StalledReaderDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?

    init(_ deadline: TimeAmount) { self.deadline = deadline }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            self.timer?.cancel()
            self.timer = nil
        } else if self.timer == nil {
            self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: self.deadline) {
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
    }
}

/// Looks at a connection's first request head, then leaves the pipeline (as the first-head
/// deadline does, so no per-read state stays on a connection, nor anything that would read
/// a WebSocket's frames as HTTP).
///
/// - A head that cannot be parsed (a header value with a bare CR, a broken request line) is
///   answered `400` and the connection closed. Before a first head nobody else answers it:
///   the WebSocket upgrade handler waits for a head that will never come, and the connection
///   would stay open, and its descriptor held, until the client gave up.
/// - An upgrade offer that is not for the notice WebSocket (`Upgrade: h2c` from
///   `curl --http2` or Java's HTTP client, or `websocket` on another path) is taken off and
///   the request served over HTTP/1.1, as RFC 9110 §7.8 lets a server do: the upgrade
///   handler, declining one, passed on the request's end without its head (swift-nio#2632)
///   and the connection closed with no answer at all. The parser has stopped reading the
///   connection as HTTP once it saw the offer, so it is closed after this answer.
/// - A request that does not keep its connection (HTTP/1.0 without `keep-alive`, or `close`
///   among other `Connection` tokens) is marked `Connection: close`, the one spelling
///   Hummingbird acts on, so the connection is closed after the answer instead of idling 75 s
///   while an HTTP/1.0 client waits for the end of the stream (RFC 9112 §9.3).
final class FirstRequestHead: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(var head) = self.unwrapInboundIn(data) {
            if head.headers.contains(name: "upgrade"), !Self.asksForTheNoticeSocket(head) {
                head.headers.remove(name: "upgrade")
                head.headers.replaceOrAdd(name: "Connection", value: "close")
            } else if !head.isKeepAlive, head.headers["connection"] != ["close"] {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
            }
            context.fireChannelRead(self.wrapInboundOut(.head(head)))
        } else {
            context.fireChannelRead(data)
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// A WebSocket opening handshake (RFC 6455 §4.1) for the notice socket's path (read as
    /// the socket's own check reads it, `NoticeWebSocket.shouldUpgrade`): a GET over HTTP/1.1
    /// with `Connection: upgrade`, version 13 and one key of 16 bytes. Anything else is
    /// answered as a plain request for that path (`426`, saying how to connect).
    ///
    /// The upgrade handler is not left to refuse: its refusals closed the connection with no
    /// answer, and an offer without `Connection: upgrade` it took anyway, then handed a
    /// request sent right behind it to the WebSocket as if it were bytes, and the process
    /// stopped on the type mismatch.
    static func asksForTheNoticeSocket(_ head: HTTPRequestHead) -> Bool {
        let keys = head.headers["sec-websocket-key"]
        return head.method == .GET && head.version == .http1_1
            && URLComponents(string: head.uri)?.path == NoticeWebSocket.path
            && head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" }
            && head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" }
            && head.headers["sec-websocket-version"] == ["13"]
            && keys.count == 1 && Data(base64Encoded: keys[0])?.count == 16
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else { return context.fireErrorCaught(error) }
        let body = ByteBuffer(
            string:
                #"{"code":"malformed_request","detail":"The request could not be read: its request line or headers are malformed.","status":400,"title":"Bad Request","type":"https://ferry.example/problems/malformed_request"}"#
        )
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Connection", value: "close")
        context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            // As at the first-head deadline: the upgrade handler hears a half-close and gives up quietly.
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            context.close(promise: nil)
        }
    }
}
