import FerryAPI
import FerryTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ScheduleRoutesTests {
    @Test func dispatcherCancelsAndEveryoneHears() async throws {
        try await withServer(.live) { c in
            let dispatcher = try await c.createKey(role: "operator")
            let counter = try await c.createKey(role: "counter")
            let booking = try await c.book(1)
            let cancel = #"{"reason":"weather_fog","message":"大雾停航"}"#
            #expect(
                try await c.request(.post, "/v1/sailings/\(ServerClient.smallSailing)/cancel", json: cancel, bearer: counter).status == .forbidden
            )
            let badReason = try await c.request(
                .post,
                "/v1/sailings/\(ServerClient.smallSailing)/cancel",
                json: #"{"reason":"pirates"}"#,
                bearer: dispatcher
            )
            #expect(badReason.status == .unprocessableContent)

            // A subscriber to this booking's notices, over a real socket.
            let port = try #require(c.client.port)
            let stream = SSEReader(port: port, path: "/v1/notices/stream?booking=\(booking.reference)&token=\(booking.token ?? "")")
            async let events = stream.read(events: 1)
            try await Task.sleep(for: .milliseconds(300))

            let r = try await c.request(.post, "/v1/sailings/\(ServerClient.smallSailing)/cancel", json: cancel, bearer: dispatcher)
            #expect(r.status == .ok)
            let change = try c.decode(ScheduleChangeJSON.self, r)
            #expect(change.sailing.status == "cancelled")
            #expect(change.notice.type == "cancelled")
            #expect(change.notice.affectedBookings == 1)
            let again = try await c.request(.post, "/v1/sailings/\(ServerClient.smallSailing)/cancel", json: cancel, bearer: dispatcher)
            #expect(try c.problem(again).code == "sailing_cancelled")

            let text = try await events
            #expect(text.contains("id: \(change.notice.seq)\nevent: cancelled\ndata: {"))
            #expect(text.contains(#""message":"大雾停航""#))

            let read = try c.decode(BookingJSON.self, try await c.request(.get, "/v1/bookings/\(booking.reference)", token: booking.token))
            #expect(read.notices.map(\.seq) == [change.notice.seq])
            #expect(read.status == "expired")  // an unpaid hold on a cancelled sailing ends at once

            // Resume from a seq: replayed, in order.
            let notices = try c.decode([NoticeJSON].self, try await c.request(.get, "/v1/notices?since=0&sailing=\(ServerClient.smallSailing)"))
            #expect(notices.map(\.seq) == [change.notice.seq])
            let replay = try await SSEReader(port: port, path: "/v1/notices/stream", lastEventId: 0).read(events: 1)
            #expect(replay.contains("id: 1\n"))
        }
    }

    @Test func webSocketReplaysThenStaysLive() async throws {
        try await withServer(.live) { c in
            let dispatcher = try await c.createKey(role: "operator")
            _ = try await c.request(.post, "/v1/notices", json: #"{"message":"first"}"#, bearer: dispatcher)
            let received = Mutex<[NoticeJSON]>([])
            let client = c.client
            let reader = Task {
                try await client.ws("/v1/notices/ws?since=0") { inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        guard case .text(let text) = message else { continue }
                        let notice = try JSONDecoder().decode(NoticeJSON.self, from: Data(text.utf8))
                        let count = received.withLock {
                            $0.append(notice)
                            return $0.count
                        }
                        if count == 2 {
                            try await outbound.close(.normalClosure, reason: nil)
                            return
                        }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await c.request(.post, "/v1/notices", json: #"{"message":"second"}"#, bearer: dispatcher)
            _ = try await reader.value
            #expect(received.withLock { $0.map(\.seq) } == [1, 2])
            #expect(received.withLock { $0.map(\.message) } == ["first", "second"])
        }
    }

    /// Like the event stream: with neither `since` nor `Last-Event-ID` a socket gets only what
    /// is published after its handshake; `Last-Event-ID` alone resumes.
    @Test func webSocketWithoutSinceIsLiveOnlyAndLastEventIdResumes() async throws {
        try await withServer(.live) { c in
            let dispatcher = try await c.createKey(role: "operator")
            _ = try await c.request(.post, "/v1/notices", json: #"{"message":"before"}"#, bearer: dispatcher)
            let client = c.client
            let connected = Handshakes()
            func collect(_ path: String, headers: HTTPFields = [:], until seq: Int) -> Task<[Int], any Error> {
                Task {
                    let seen = Mutex<[Int]>([])
                    try await client.ws(path, configuration: .init(additionalHeaders: headers)) { inbound, outbound, _ in
                        connected.count.withLock { $0 += 1 }
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            guard case .text(let text) = message else { continue }
                            let notice = try JSONDecoder().decode(NoticeJSON.self, from: Data(text.utf8))
                            seen.withLock { $0.append(notice.seq) }
                            if notice.seq == seq {
                                try await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                        }
                    }
                    return seen.withLock { $0 }
                }
            }
            // A booking's holder: the X-Booking-Token header wins over a stale ?token=, as on the
            // event stream, and an announcement to everyone reaches her.
            let booking = try await c.book(1)
            let sockets = [
                collect("/v1/notices/ws", until: 2),
                collect("/v1/notices/ws?route=SJW-LZS", until: 2),
                collect("/v1/notices/ws", headers: [HTTPField.Name("Last-Event-ID")!: "0"], until: 2),
                collect(
                    "/v1/notices/ws?booking=\(booking.reference)&token=stale",
                    headers: [HTTPField.Name("X-Booking-Token")!: booking.token ?? ""],
                    until: 2
                ),
            ]
            // Every handshake done (the server subscribes before it answers one), then publish.
            let deadline = ContinuousClock.now + .seconds(10)
            while connected.count.withLock({ $0 }) < sockets.count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            _ = try await c.request(.post, "/v1/notices", json: #"{"message":"after"}"#, bearer: dispatcher)
            // A socket that missed the notice would wait for ever: give up after a while instead.
            let watchdog = Task {
                try await Task.sleep(for: .seconds(10))
                for socket in sockets { socket.cancel() }
            }
            defer { watchdog.cancel() }
            #expect(try await sockets[0].value == [2])
            #expect(try await sockets[1].value == [2])
            #expect(try await sockets[2].value == [1, 2])
            #expect(try await sockets[3].value == [2])
        }
    }

    @Test func delayPendingVesselExtraAndAnnouncement() async throws {
        try await withServer { c in
            let dispatcher = try await c.createKey(role: "operator")
            let delay = try await c.request(
                .post,
                "/v1/sailings/\(ServerClient.roroSailing)/delay",
                json: #"{"departure":"2026-11-30T15:30:00+08:00","reason":"weather_wind"}"#,
                bearer: dispatcher
            )
            let delayed = try c.decode(ScheduleChangeJSON.self, delay)
            #expect(delayed.sailing.id == ServerClient.roroSailing)
            #expect(delayed.sailing.scheduledDeparture == "2026-11-30T14:00:00+08:00")
            #expect(delayed.sailing.departure == "2026-11-30T15:30:00+08:00")
            #expect(delayed.sailing.status == "delayed")
            #expect(delayed.sailing.reason == "weather_wind" && delayed.sailing.decisionAt == nil)
            #expect(delayed.sailing.salesCloseAt == "2026-11-30T15:00:00+08:00")  // the delayed departure less 30 minutes
            let pending = try await c.request(
                .post,
                "/v1/sailings/\(ServerClient.roroSailing)/pending",
                json: #"{"decisionAt":"2026-11-30T12:00:00+08:00","reason":"weather_fog"}"#,
                bearer: dispatcher
            )
            #expect(try c.decode(ScheduleChangeJSON.self, pending).sailing.status == "weather_pending")
            // What search and GET show travellers who never saw the notice: why, and when it is decided.
            let shown = try c.decode(SailingJSON.self, try await c.request(.get, "/v1/sailings/\(ServerClient.roroSailing)"))
            #expect(shown.reason == "weather_fog" && shown.decisionAt == "2026-11-30T12:00:00+08:00")
            // The fog lifts: it goes, still at its delayed departure.
            let resumePath = "/v1/sailings/\(ServerClient.roroSailing)/resume"
            let counter = try await c.createKey(role: "counter")
            #expect(try await c.request(.post, resumePath, json: "{}", bearer: counter).status == .forbidden)
            let resumed = try c.decode(
                ScheduleChangeJSON.self,
                try await c.request(.post, resumePath, json: #"{"message":"雾散"}"#, bearer: dispatcher)
            )
            #expect(resumed.sailing.status == "delayed" && resumed.sailing.departure == "2026-11-30T15:30:00+08:00")
            #expect(resumed.notice.type == "resumed" && resumed.notice.departure == "2026-11-30T15:30:00+08:00" && resumed.notice.reason == nil)
            let again = try await c.request(.post, resumePath, json: "{}", bearer: dispatcher)
            #expect(again.status == .conflict)
            #expect(try c.problem(again).code == "not_weather_pending")
            let vessel = try await c.request(
                .post,
                "/v1/sailings/\(ServerClient.roroSailing)/vessel",
                json: #"{"vessel":"zhouqiao-9"}"#,
                bearer: dispatcher
            )
            #expect(try c.decode(ScheduleChangeJSON.self, vessel).sailing.vessel.id == "zhouqiao-9")
            let extra = try await c.request(
                .post,
                "/v1/sailings",
                json: #"{"routeId":"SJW-LZS","departure":"2026-12-24T18:00:00+08:00","vessel":"zhouqiao-7"}"#,
                bearer: dispatcher
            )
            #expect(extra.status == .created)
            #expect(try c.decode(SailingJSON.self, extra).id == "SJW-LZS-20261224-1800")
            let clash = try await c.request(
                .post,
                "/v1/sailings",
                json: #"{"routeId":"SJW-LZS","departure":"2026-12-24T18:00:00+08:00","vessel":"zhouqiao-7"}"#,
                bearer: dispatcher
            )
            #expect(try c.problem(clash).code == "sailing_exists")
            let announcement = try await c.request(
                .post,
                "/v1/notices",
                json: #"{"routeIds":["SJW-LZS"],"message":"Holiday timetable"}"#,
                bearer: dispatcher
            )
            #expect(announcement.status == .created)
            let day = try await c.request(
                .post,
                "/v1/routes/XCY-GQI/cancel-day",
                json: #"{"date":"2026-12-03","reason":"weather_wind"}"#,
                bearer: dispatcher
            )
            #expect(try c.decode([ScheduleChangeJSON].self, day).map(\.sailing.id) == ["XCY-GQI-20261203-0730", "XCY-GQI-20261203-1430"])
            let all = try c.decode([NoticeJSON].self, try await c.request(.get, "/v1/notices?route=SJW-LZS"))
            #expect(all.map(\.type) == ["delayed", "weather_pending", "resumed", "vessel_changed", "added", "announcement"])
            #expect(all.map(\.seq) == [1, 2, 3, 4, 5, 6])
            #expect(try await c.request(.get, "/v1/notices?since=%2B5").status == .unprocessableContent)

            // A boat with a saloon swapped onto an economy-only route: the saloon is not on sale.
            let swap = try await c.request(
                .post,
                "/v1/sailings/\(ServerClient.roroSailing)/vessel",
                json: #"{"vessel":"sijiao-kuai-1"}"#,
                bearer: dispatcher
            )
            #expect(try c.decode(ScheduleChangeJSON.self, swap).sailing.seats.map(\.class) == ["economy"])
        }
    }
}

/// How many sockets have finished their handshake, shared with their handlers.
private final class Handshakes: Sendable {
    let count = Mutex(0)
}

/// A minimal HTTP/1.1 reader for an event stream over a blocking socket: enough to see
/// frames arrive as a browser's EventSource would.
struct SSEReader: Sendable {
    let port: Int
    let path: String
    var lastEventId: Int? = nil
    /// Sent as it is instead of the stream's request (a malformed one, say).
    var rawRequest: String? = nil

    func read(events: Int, timeoutSeconds: Int = 5) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.readBlocking(events: events, timeoutSeconds: timeoutSeconds) })
            }
        }
    }

    private func readBlocking(events: Int, timeoutSeconds: Int) throws -> String {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(self.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
        var request = "GET \(self.path) HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
        if let id = self.lastEventId { request += "Last-Event-ID: \(id)\r\n" }
        request += "\r\n"
        if let raw = self.rawRequest { request = raw }
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var received = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.components(separatedBy: "\ndata: ").count - 1 < events {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return received
    }
}
