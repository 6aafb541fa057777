import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import FerryDomain
import Foundation

/// `ferryctl`: the dispatchers' and administrators' tool. Each command is one API call (or a
/// read and a call); what it prints is the server's answer, for people or, with `--json`, scripts.
@main
struct Ferryctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferryctl",
        abstract: "Run the ferry network: schedule changes, notices, staff keys and green permits.",
        discussion: """
            Finds the server through --server or FERRY_SERVER (default \(FerryClient.defaultServer)) and \
            authenticates with the staff key in FERRY_KEY: an operator key for schedule changes, \
            notices and permits, an admin key for staff keys.

            Exit status: 0 done, 1 refused by the server, 2 bad input, 3 server unreachable, \
            4 unexpected answer, 64 a command line it cannot use (unknown command or option, a value out of range).

            Example: cancel tomorrow's 07:30 from Xiaocaiyuan to Gouqi for fog
              export FERRY_KEY=…
              ferryctl sailings XCY GQI --date 2026-11-30
              ferryctl sailing cancel XCY-GQI-20261130-0730 --reason weather_fog --message "Fog at Gouqi"
            """,
        subcommands: [
            ListSailings.self, SailingCommands.self, RouteCommands.self, Announce.self, Notices.self, KeyCommands.self,
            PermitCommands.self, Backup.self,
        ]
    )
}

extension ServerOptions {
    /// A client with the staff key from `FERRY_KEY`; refused early when a key is needed and none is set.
    func client(needsKey: Bool = true) throws -> FerryClient {
        let key = ProcessInfo.processInfo.environment["FERRY_KEY"]
        if needsKey, key?.isEmpty ?? true {
            throw FerryClientError.usage("FERRY_KEY is not set: export an operator key (or an admin key for `keys` and `backup`).")
        }
        // Sent as it is, a CR or LF (a key saved with Windows line endings) breaks the request.
        if let key, key.hasControlCharacters {
            throw FerryClientError.usage("FERRY_KEY contains a control character (a line ending copied with it?): export the key alone.")
        }
        return FerryClient(server: try self.serverURL(), staffKey: key)
    }
}
