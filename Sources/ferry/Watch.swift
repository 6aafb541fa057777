import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import Foundation

struct Watch: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print schedule changes for your bookings (or a route) as they are published.",
        discussion: """
            With no reference it watches every booking remembered here. For a booking it first shows \
            the notices you have not seen yet, then waits for new ones; a lost connection is resumed \
            where it stopped, so no notice is missed or shown twice. Ctrl-C stops.

            Examples:
              ferry watch
              ferry watch K7QX2M
              ferry watch --route SJW-LZS
            """
    )
    @Argument(help: "Booking references (default: all remembered).") var references: [String] = []
    @Option(help: "Watch a route instead (every notice about it, from now on).") var route: String?
    @OptionGroup var options: ServerOptions

    func validate() throws {
        if self.route != nil, !self.references.isEmpty { throw ValidationError("Watch bookings or a route, not both.") }
    }

    func execute() async throws {
        let client = try self.options.client()
        if let typed = self.route {
            let route = try await client.knownRoute(typed)
            Terminal.err("Watching route \(route); Ctrl-C stops.")
            for try await notice in client.followNotices(route: route, status: Self.report) {
                Terminal.out(self.options.json ? Display.json(notice, pretty: false) : Display.line(notice))
            }
            return
        }
        let file = try self.options.loadFile()
        var watched: [TravellerFile.Booking] = []
        if self.references.isEmpty {
            // Every booking remembered for this server that still has someone to travel.
            for booking in file.bookings where booking.server == client.server.absoluteString {
                // One the server no longer knows (its database replaced) is left out; a server
                // that cannot be reached is an error of its own, not "nothing to watch".
                let now: BookingJSON
                do { now = try await client.booking(booking.reference, token: booking.token) } catch FerryClientError.problem { continue }
                if now.status == "held" || now.status == "confirmed" { watched.append(booking) }
            }
        } else {
            watched = try self.references.map { try self.options.saved($0) }
            // Named, each must be watchable: a server that cannot be reached, or a booking it
            // refuses, is said once (exit 3 or 1) rather than retried for ever.
            for booking in watched { _ = try await self.options.client(for: booking).booking(booking.reference, token: booking.token) }
        }
        guard !watched.isEmpty else {
            throw FerryClientError.usage("No bookings are remembered here to watch; name a route with --route, or book first.")
        }
        Terminal.err("Watching \(watched.map(\.reference).joined(separator: ", ")) for schedule changes; Ctrl-C stops.")

        // One stream per booking, merged; each notice is written down as seen, so the next watch resumes after it.
        let (merged, continuation) = AsyncStream.makeStream(of: (String, Result<NoticeJSON, any Error>).self)
        let clients = try watched.map { try self.options.client(for: $0) }
        let feeds = zip(watched, clients).map { booking, client in
            Task {
                do {
                    let feed = client.followNotices(
                        since: booking.lastNoticeSeq ?? 0,
                        booking: booking.reference,
                        token: booking.token,
                        status: Self.report
                    )
                    for try await notice in feed { continuation.yield((booking.reference, .success(notice))) }
                } catch {
                    continuation.yield((booking.reference, .failure(error)))
                }
            }
        }
        Task {
            for feed in feeds { await feed.value }
            continuation.finish()
        }
        var failed = 0
        // An announcement reaches every booking it concerns: shown once.
        var announced: Set<Int> = []
        for await (reference, result) in merged {
            switch result {
            case .success(let notice):
                if notice.type != "announcement" || announced.insert(notice.seq).inserted {
                    Terminal.out(
                        self.options.json
                            ? Display.json(WatchedNotice(reference: reference, notice: notice), pretty: false)
                            : "\(reference)  \(Display.line(notice))"
                    )
                }
                try self.options.updateFile { file in
                    // The seq as served (a restored backup continues far past the old ones).
                    if var saved = file.booking(reference) {
                        saved.lastNoticeSeq = notice.seq
                        file.remember(saved)
                    }
                }
            case .failure(let error):
                failed += 1
                let text = if case FerryClientError.problem(let p) = error { p.detail } else { "\(error)" }
                Terminal.err("error: \(reference): \(text)")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    @Sendable static func report(_ status: NoticeFeedStatus) {
        if case .reconnecting(let seconds, _, let reason) = status {
            Terminal.err("Connection lost (\(reason)); reconnecting in \(Int(seconds.rounded())) s.")
        }
    }
}

/// `--json` output of `watch`: which booking a notice is about.
struct WatchedNotice: Encodable {
    let reference: String
    let notice: NoticeJSON
}
