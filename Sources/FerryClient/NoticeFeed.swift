import FerryAPI
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a following client is doing, for tools that tell their user.
public enum NoticeFeedStatus: Sendable, Equatable {
    /// Connected; live from after this seq.
    case connected(after: Int?)
    /// The connection was lost; trying again after this many seconds, from this seq.
    case reconnecting(inSeconds: Double, after: Int?, reason: String)
}

extension FerryClient {
    /// Notices as they are published, over `GET /v1/notices/stream`, for as long as the caller
    /// reads. A lost connection is reopened with `Last-Event-ID` = the last seq received (or
    /// the position the server gave when the stream opened), so nothing is missed and nothing
    /// arrives twice. A refusal (bad token, unknown booking) ends the stream with the problem.
    ///
    /// `booking` with its `token` follows one booking; `route` and `sailing` filter as the API does.
    public func followNotices(
        since: Int? = nil,
        route: String? = nil,
        sailing: String? = nil,
        booking: String? = nil,
        token: String? = nil,
        firstRetrySeconds: Double = 1,
        status: @escaping @Sendable (NoticeFeedStatus) -> Void = { _ in }
    ) -> AsyncThrowingStream<NoticeJSON, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: NoticeJSON.self)
        let task = Task {
            var position = since
            var backoff = firstRetrySeconds
            while !Task.isCancelled {
                var request = URLRequest(url: self.url("/v1/notices/stream", query: ["route": route, "sailing": sailing, "booking": booking]))
                request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
                if let position { request.setValue(String(position), forHTTPHeaderField: "Last-Event-ID") }
                if let staffKey { request.setValue("Bearer \(staffKey)", forHTTPHeaderField: "Authorization") }
                if let token { request.setValue(token, forHTTPHeaderField: "X-Booking-Token") }
                var parser = EventStreamParser()
                let reason: String
                do {
                    var refusal: (HTTPURLResponse, Data)? = nil
                    for try await chunk in EventStreamConnection.open(request) {
                        switch chunk {
                        case .opened(let response) where response.statusCode != 200:
                            refusal = (response, Data())
                        case .bytes(let data) where refusal != nil:
                            refusal?.1.append(data)
                        case .opened(let response):
                            if position == nil, let start = response.value(forHTTPHeaderField: "X-Notice-Seq").flatMap(Int.init) {
                                position = start
                            }
                            backoff = firstRetrySeconds
                            status(.connected(after: position))
                        case .bytes(let data):
                            for event in parser.feed(data) {
                                let notice = try JSONDecoder().decode(NoticeJSON.self, from: Data(event.data.utf8))
                                if let last = position, notice.seq <= last { continue }
                                continuation.yield(notice)
                                position = notice.seq
                            }
                        }
                    }
                    if let (response, body) = refusal {
                        // A refusal does not get better by asking again; a server error may.
                        if response.statusCode < 500 { _ = try Self.decode(Empty.self, data: body, response: response) }
                        reason = "the server answered HTTP \(response.statusCode)"
                    } else {
                        reason = "the server closed the stream"
                    }
                } catch let error as FerryClientError {
                    continuation.finish(throwing: error)
                    return
                } catch is DecodingError {
                    continuation.finish(throwing: FerryClientError.unexpected(status: 200, body: "a notice this client cannot read"))
                    return
                } catch {
                    reason = Self.describe(error)
                }
                if Task.isCancelled { break }
                let wait = max(backoff, Double(parser.retryMilliseconds ?? 0) / 1000)
                status(.reconnecting(inSeconds: wait, after: position, reason: reason))
                try? await Task.sleep(for: .seconds(wait))
                backoff = min(backoff * 2, 30)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// One streaming HTTP response as it arrives: URLSession's delegate callbacks as an async sequence.
enum EventStreamConnection {
    enum Chunk: Sendable {
        case opened(HTTPURLResponse)
        case bytes(Data)
    }

    static func open(_ request: URLRequest) -> AsyncThrowingStream<Chunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Chunk.self)
        let configuration = URLSessionConfiguration.ephemeral
        // Heartbeats arrive every 15 s; a minute of silence means the connection is gone.
        configuration.timeoutIntervalForRequest = 60
        configuration.timeoutIntervalForResource = .infinity
        let session = URLSession(configuration: configuration, delegate: Delegate(continuation), delegateQueue: nil)
        session.dataTask(with: request).resume()
        continuation.onTermination = { _ in session.invalidateAndCancel() }
        return stream
    }

    private final class Delegate: NSObject, URLSessionDataDelegate, Sendable {
        let continuation: AsyncThrowingStream<Chunk, any Error>.Continuation
        init(_ continuation: AsyncThrowingStream<Chunk, any Error>.Continuation) { self.continuation = continuation }

        func urlSession(
            _ session: URLSession,
            dataTask: URLSessionDataTask,
            didReceive response: URLResponse,
            completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
        ) {
            if let http = response as? HTTPURLResponse { self.continuation.yield(.opened(http)) }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            self.continuation.yield(.bytes(data))
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            if let error { self.continuation.finish(throwing: error) } else { self.continuation.finish() }
            session.finishTasksAndInvalidate()
        }
    }
}
