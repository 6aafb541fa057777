import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import Foundation

/// `ferry`: the travellers' tool. It remembers the bookings made with it (and their tokens)
/// so that a reference is all anyone has to type.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Book Shengsi ferries from the terminal.",
        discussion: """
            Finds the server through --server or FERRY_SERVER (default \(FerryClient.defaultServer)). \
            Bookings made here are remembered, with their tokens, in \
            $XDG_CONFIG_HOME/ferry/bookings.json (else ~/.config/ferry/bookings.json), readable by you only.

            A first trip:
              ferry search 沈家湾 Sijiao --date 2026-12-01
              ferry book SJW-LZS-20261201-1400 --passenger "张三,11010519491231002X" --free-child "张小宝,110105202205010017,0"
              ferry pay K7QX2M
              ferry tickets K7QX2M

            Exit status: 0 done, 1 refused by the server, 2 bad input, 3 server unreachable, \
            4 unexpected answer, 64 a command line it cannot use (unknown command or option, a value out of range).
            """,
        subcommands: [
            Ports.self, Search.self, Book.self, Pay.self, Show.self, Bookings.self, Tickets.self, Rebook.self, Refund.self,
            Watch.self,
        ]
    )
}

/// A traveller reads the server's sentence alone.
protocol TravellerCommand: ToolCommand {}

extension TravellerCommand {
    static var plainErrors: Bool { true }
}

/// The bookings file, next to the options every command takes.
extension ServerOptions {
    func client() throws -> FerryClient { FerryClient(server: try self.serverURL()) }

    var filePath: String { TravellerFile.defaultPath() }

    func loadFile() throws -> TravellerFile { try TravellerFile.load(from: self.filePath) }

    /// Changes the bookings file under its lock (another `ferry` may be writing it too).
    func updateFile(_ change: (inout TravellerFile) throws -> Void) throws {
        try TravellerFile.update(at: self.filePath, change)
    }

    /// A client for the server a remembered booking was made on: its token goes there only.
    func client(for booking: TravellerFile.Booking) throws -> FerryClient {
        FerryClient(server: try FerryClient.serverURL(booking.server))
    }

    /// The remembered booking with this reference, or a message that says how to get it remembered.
    func saved(_ reference: String) throws -> TravellerFile.Booking {
        guard let booking = try self.loadFile().booking(reference) else {
            throw FerryClientError.usage(
                "No booking \(reference.uppercased()) is remembered here. `ferry bookings` lists those that are; "
                    + "for one booked elsewhere, give its token once: ferry show \(reference.uppercased()) --token TOKEN"
            )
        }
        return booking
    }
}
