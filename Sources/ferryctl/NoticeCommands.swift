import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine

struct Announce: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish a free-text announcement to routes or ports (to everyone when neither is given).",
        discussion: "Example: ferryctl announce \"Gouqi pier closed for repairs until 12:00\" --port GQI --title \"Pier works\""
    )
    @Argument(help: "The announcement text.") var message: String
    @Option(name: .customLong("route"), help: "A route id it concerns; repeat for more.") var routes: [String] = []
    @Option(name: .customLong("port"), help: "A port code it concerns; repeat for more.") var ports: [String] = []
    @Option(help: "A short title.") var title: String?
    @OptionGroup var connection: ServerOptions

    func execute() async throws {
        let client = try self.connection.client()
        let notice = try await client.announce(
            AnnouncementRequest(
                routeIds: try await client.knownRoutes(self.routes),
                ports: self.ports.map { $0.uppercased() },
                title: self.title,
                message: self.message
            )
        )
        self.connection.show(notice) { "Published notice #\($0.seq).\n" + Display.line($0) }
    }
}

struct Notices: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "List notices, or follow them live as they are published.",
        discussion: """
            Without --follow, lists the notices after --since (default: all). With --follow, lists \
            those after --since if given, then prints each new notice as it is published, reconnecting \
            by itself without missing one, until interrupted. With --json: a JSON array, or with \
            --follow one JSON notice per line.

            Examples:
              ferryctl notices --route XCY-GQI
              ferryctl notices --follow
            """
    )
    @Option(help: "Only notices after this seq.") var since: Int?
    @Option(help: "Only notices about this route id.") var route: String?
    @Option(help: "Only notices about this sailing id.") var sailing: String?
    @Flag(help: "Keep printing notices as they are published.") var follow = false
    @OptionGroup var connection: ServerOptions

    func validate() throws {
        if let since = self.since, since < 0 { throw ValidationError("--since is a notice seq, 0 or more.") }
    }

    func execute() async throws {
        let client = try self.connection.client(needsKey: false)
        // A mistyped route or sailing is refused here, not left to match no notice.
        var route: String? = nil
        if let typed = self.route { route = try await client.knownRoute(typed) }
        var sailing: String? = nil
        if let typed = self.sailing { sailing = try await client.sailing(typed.uppercased()).id }
        guard self.follow else {
            let notices = try await client.notices(since: self.since, route: route, sailing: sailing)
            self.connection.show(notices) { list in list.isEmpty ? "No notices." : list.map(Display.line).joined(separator: "\n") }
            return
        }
        // A wrong address is said once, as by every other command (exit 3); only a connection
        // that worked is retried for as long as the dispatcher follows.
        if route == nil && sailing == nil { _ = try await client.ports() }
        let feed = client.followNotices(since: self.since, route: route, sailing: sailing) { status in
            switch status {
            case .connected(let after):
                Terminal.err("Following notices\(after.map { " after #\($0)" } ?? "") on \(client.server.absoluteString); Ctrl-C stops.")
            case .reconnecting(let seconds, _, let reason):
                Terminal.err("Connection lost (\(reason)); reconnecting in \(Int(seconds.rounded())) s.")
            }
        }
        for try await notice in feed {
            Terminal.out(self.connection.json ? Display.json(notice, pretty: false) : Display.line(notice))
        }
    }
}
