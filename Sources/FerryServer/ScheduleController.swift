import AsyncAlgorithms
import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// Dispatchers' schedule changes (operators) and the notices they publish (everyone).
struct ScheduleController<Store: FerryStore> {
    let engine: Engine<Store>
    /// How often an idle event stream sends a comment, so proxies and clients know it lives.
    let heartbeatSeconds: Double
    let json: NoticeJSONCache

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/sailings") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(AddSailingRequest.self, from: request)
            guard let departure = LocalTime.parse(body.departure) else {
                throw FerryError(.validationFailed, "departure is an RFC 3339 time with offset.")
            }
            let (sailing, _) = try await self.engine.addSailing(routeId: body.routeId, departure: departure, vesselId: body.vessel)
            return try Wire.response(SailingJSON(try await self.engine.sailing(id: sailing.id)), status: .created)
        }
        router.post("/v1/sailings/:id/delay") { request, context in
            try await self.change(request, context) { id, body in
                guard let departure = body.departure.flatMap(LocalTime.parse) else {
                    throw FerryError(.validationFailed, "departure is the new departure, an RFC 3339 time with offset.")
                }
                return try await self.engine.delay(sailingId: id, to: departure, reason: try Self.reason(body), message: body.message)
            }
        }
        router.post("/v1/sailings/:id/pending") { request, context in
            try await self.change(request, context) { id, body in
                guard let decisionAt = body.decisionAt.flatMap(LocalTime.parse) else {
                    throw FerryError(.validationFailed, "decisionAt is when the decision will be taken, an RFC 3339 time with offset.")
                }
                return try await self.engine.markPending(sailingId: id, decisionAt: decisionAt, reason: try Self.reason(body), message: body.message)
            }
        }
        router.post("/v1/sailings/:id/resume") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(ResumeRequest.self, from: request)
            let (sailing, notice) = try await self.engine.resume(sailingId: try context.parameters.require("id"), message: body.message)
            return try await self.answer(sailing, notice)
        }
        router.post("/v1/sailings/:id/cancel") { request, context in
            try await self.change(request, context) { id, body in
                try await self.engine.cancel(sailingId: id, reason: try Self.reason(body), message: body.message)
            }
        }
        router.post("/v1/sailings/:id/vessel") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(VesselChangeRequest.self, from: request)
            let (sailing, notice) = try await self.engine.changeVessel(sailingId: try context.parameters.require("id"), to: body.vessel)
            return try await self.answer(sailing, notice)
        }
        router.post("/v1/routes/:id/cancel-day") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(ScheduleChangeRequest.self, from: request)
            guard let date = body.date.flatMap(LocalDate.init) else { throw FerryError(.validationFailed, "date is a local date YYYY-MM-DD.") }
            let changes = try await self.engine.cancelDay(
                routeId: try context.parameters.require("id"),
                date: date,
                reason: try Self.reason(body),
                message: body.message
            )
            var answers: [ScheduleChangeJSON] = []
            for (sailing, notice) in changes {
                answers.append(ScheduleChangeJSON(sailing: SailingJSON(try await self.engine.sailing(id: sailing.id)), notice: NoticeJSON(notice)))
            }
            return try Wire.response(answers)
        }
        router.post("/v1/notices") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(AnnouncementRequest.self, from: request)
            let notice = try await self.engine.announce(
                routeIds: body.routeIds ?? [],
                ports: body.ports ?? [],
                title: body.title,
                message: body.message
            )
            return try Wire.response(NoticeJSON(notice), status: .created)
        }
        router.get("/v1/notices") { request, _ in
            let query = request.uri.queryParameters
            let since = try Self.seq(query.get("since")) ?? 0
            let notices = try await self.engine.notices(after: since, route: query.get("route"), sailing: query.get("sailing"))
            return try Wire.response(notices.map(NoticeJSON.init))
        }
        // A WebSocket upgrade is taken before routing (`NoticeWebSocket`); a plain request
        // reaching the router asked the right path the wrong way.
        router.get(RouterPath(NoticeWebSocket.path)) { _, _ -> Response in
            Problem.response(
                FerryError(.upgradeRequired, "\(NoticeWebSocket.path) is a WebSocket: connect with Upgrade: websocket, or use /v1/notices/stream."),
                headers: [.upgrade: "websocket", .connection: "Upgrade"]
            )
        }
        router.get("/v1/notices/stream") { request, _ in try await self.eventStream(request) }
        // HEAD states what GET would (the same checks, headers and `X-Notice-Seq`), with no
        // Content-Length: the stream has no end. The subscription it opens is dropped unread.
        router.head("/v1/notices/stream") { request, _ in
            let stream = try await self.eventStream(request)
            return Response(status: stream.status, headers: stream.headers, body: ResponseBody { writer in try await writer.finish(nil) })
        }
    }

    private func eventStream(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let since = try Self.seq(request.headers[HTTPField.Name("Last-Event-ID")!] ?? query.get("since"))
        let booking = try await self.bookingFilter(request)
        let subscription = try await self.engine.noticeStream(
            since: since,
            route: query.get("route"),
            sailing: query.get("sailing"),
            booking: booking
        )
        let notices = subscription.notices
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no",
                // Where this stream starts: a client that loses it before any notice arrives
                // resumes from here (as `Last-Event-ID`) and misses nothing.
                HTTPField.Name("X-Notice-Seq")!: "\(subscription.after)",
            ],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 3000\n: ferry notices\n\n"))
                let (shutdown, signal) = AsyncStream.makeStream(of: ServerSentEvents.Event.self)
                let events = ServerSentEvents.events(notices, heartbeatSeconds: self.heartbeatSeconds, until: shutdown)
                // A stream never ends by itself: on shutdown it closes, and clients resume by seq.
                try await withGracefulShutdownHandler {
                    for try await event in events {
                        switch event {
                        case .notice(let n):
                            let json = try self.json.json(n)
                            try await writer.write(ByteBuffer(string: "id: \(n.seq)\nevent: \(n.type.rawValue)\ndata: \(json)\n\n"))
                        case .heartbeat:
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        case .fellBehind:
                            try await writer.write(ByteBuffer(string: ": closed: too far behind; reconnect with Last-Event-ID\n\n"))
                            return
                        case .shuttingDown:
                            return
                        }
                    }
                } onGracefulShutdown: {
                    signal.yield(.shuttingDown)
                }
                try await writer.finish(nil)
            }
        )
    }

    /// The shared shape of delay, pending and cancel: operator, body, change, answer.
    private func change(
        _ request: Request,
        _ context: some RequestContext,
        _ apply: (String, ScheduleChangeRequest) async throws -> (Sailing, Notice)
    ) async throws -> Response {
        _ = try await Caller.identify(request, engine: self.engine).require(.operator)
        let body = try await Wire.decode(ScheduleChangeRequest.self, from: request)
        let (sailing, notice) = try await apply(try context.parameters.require("id"), body)
        return try await self.answer(sailing, notice)
    }

    private func answer(_ sailing: Sailing, _ notice: Notice) async throws -> Response {
        try Wire.response(ScheduleChangeJSON(sailing: SailingJSON(try await self.engine.sailing(id: sailing.id)), notice: NoticeJSON(notice)))
    }

    static func reason(_ body: ScheduleChangeRequest) throws(FerryError) -> DisruptionReason {
        try Wire.parse(body.reason, "reason", as: DisruptionReason.self)
    }

    static func seq(_ raw: String?) throws(FerryError) -> Int? {
        guard let raw else { return nil }
        // Digits only, as documented: `Int` alone would also take "+5".
        guard raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let n = Int(raw) else {
            throw FerryError(.validationFailed, "since / Last-Event-ID is a notice seq, a whole number.")
        }
        return n
    }

    /// `?booking=REF` streams only what affects that booking, for its holder (token in
    /// `X-Booking-Token` or `?token=`, since browsers' EventSource cannot send headers) or staff.
    private func bookingFilter(_ request: Request) async throws -> String? {
        guard let reference = request.uri.queryParameters.get("booking")?.uppercased() else { return nil }
        var caller = try await Caller.identify(request, engine: self.engine)
        if caller.bookingToken == nil, let token = request.uri.queryParameters.get("token") {
            caller = Caller(staff: caller.staff, bookingToken: token)
        }
        _ = try await caller.requireBookingAccess(reference, engine: self.engine)
        return reference
    }
}

/// What a Server-Sent Events stream (WHATWG HTML §9.2) writes: `id:` = seq, `event:` =
/// type, `data:` = the notice JSON; a heartbeat is a comment.
enum ServerSentEvents {
    enum Event: Sendable {
        case notice(Notice)
        case heartbeat
        /// The subscription ended: the subscriber fell too far behind and resumes by seq.
        case fellBehind
        case shuttingDown
    }

    /// The notices with heartbeats between them, ended by `fellBehind` or by `shutdown`.
    ///
    /// Demand-driven (`merge` takes the next notice only once the last was written), so a
    /// subscriber that reads slowly holds no queue here: the notice sequence waits, and falls
    /// behind where the hub's bound can see it.
    static func events(
        _ notices: NoticeSequence,
        heartbeatSeconds: Double,
        until shutdown: AsyncStream<Event>
    ) -> some AsyncSequence<Event, any Error> & Sendable {
        let beats = AsyncTimerSequence.repeating(every: .seconds(heartbeatSeconds), clock: .continuous).map { @Sendable _ in Event.heartbeat }
        return merge(chain(notices.map { @Sendable in Event.notice($0) }, [Event.fellBehind].async), beats, shutdown)
    }
}
