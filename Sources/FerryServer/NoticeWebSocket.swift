import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging

/// `GET /v1/notices/ws`: the notices of the SSE stream as WebSocket text frames, one JSON
/// notice each. Resume with `Last-Event-ID` or `?since=` (neither: live notices only);
/// filter with `route`, `sailing`, `booking` (+ `token`).
enum NoticeWebSocket {
    static let path = "/v1/notices/ws"

    static func shouldUpgrade<S>(
        _ request: HTTPRequest,
        engine: Engine<S>,
        json: NoticeJSONCache
    ) async throws -> ShouldUpgradeResult<
        WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
    > {
        guard let components = URLComponents(string: request.path ?? ""), components.path == Self.path else { return .dontUpgrade }
        let items = components.queryItems ?? []
        let query = { (name: String) in items.first { $0.name == name }?.value }
        // As on the event stream: `Last-Event-ID` wins over `since`; with neither, only what
        // is published from now on. Only a malformed one refuses the upgrade.
        let since: Int?
        do {
            since = try ScheduleController<S>.seq(request.headerFields[HTTPField.Name("Last-Event-ID")!] ?? query("since"))
        } catch { return .dontUpgrade }
        var booking: String? = nil
        if let reference = query("booking")?.uppercased() {
            guard let token = request.headerFields[Caller.bookingTokenHeader] ?? query("token"),
                try await engine.tokenMatches(reference: reference, token: token)
            else { return .dontUpgrade }
            booking = reference
        }
        // Subscribed before the upgrade is answered: a live-only client misses nothing
        // published once its handshake has succeeded.
        let notices = try await engine.noticeStream(since: since, route: query("route"), sailing: query("sailing"), booking: booking).notices
        return .upgrade([:]) { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reading keeps the connection's control frames flowing; a close ends both.
                group.addTask { for try await _ in inbound {} }
                group.addTask {
                    for try await notice in notices {
                        let json = try json.json(notice)
                        try await outbound.write(.text(json))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
