import FerryAPI
import Foundation

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
                let url = self.url("/v1/notices/stream", query: ["route": route, "sailing": sailing, "booking": booking])
                var headers = ["Accept": "text/event-stream"]
                if let position { headers["Last-Event-ID"] = String(position) }
                if let staffKey { headers["Authorization"] = "Bearer \(staffKey)" }
                if let token { headers["X-Booking-Token"] = token }
                var parser = EventStreamParser()
                let reason: String
                do {
                    var refusal: (status: Int, body: Data)? = nil
                    // Heartbeats come every 15 s: a minute without a byte means the connection is gone.
                    for try await chunk in CurlTransfer.open(.init(url: url, headers: headers, silentFor: 60)) {
                        switch chunk {
                        case .opened(let status, let responseHeaders) where status != 200:
                            if let redirect = self.redirected(status, responseHeaders) { throw redirect }
                            refusal = (status, Data())
                        case .bytes(let data) where refusal != nil:
                            refusal?.body.append(data)
                        case .opened(_, let responseHeaders):
                            // Where the stream starts: ours, or lower when the server's history is
                            // shorter than our position (a restored database numbers anew).
                            if let start = responseHeaders["x-notice-seq"].flatMap(Int.init), start < (position ?? .max) {
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
                    if let (status, body) = refusal {
                        // A refusal does not get better by asking again; a server error may.
                        if status < 500 { _ = try Self.decode(Empty.self, data: body, status: status) }
                        reason = "the server answered HTTP \(status)"
                    } else {
                        reason = "the server closed the stream"
                    }
                } catch let error as FerryClientError {
                    continuation.finish(throwing: error)
                    return
                } catch let failure as CurlTransfer.Failure where !failure.retryable {
                    continuation.finish(throwing: self.unreachable(failure))
                    return
                } catch is DecodingError {
                    continuation.finish(throwing: FerryClientError.unexpected(status: 200, body: "a notice this client cannot read"))
                    return
                } catch {
                    reason = (error as? CurlTransfer.Failure)?.reason ?? "\(error)"
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
