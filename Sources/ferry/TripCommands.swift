import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import FerryDomain
import Foundation

struct Ports: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the ports, with the names `search` understands.",
        discussion: "Example: ferry ports"
    )
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let ports = try await self.options.client().ports()
        self.options.show(ports) { list in
            Display.table(["CODE", "PORT", "港口", "ISLAND"], list.map { [$0.code, $0.name, $0.nameZh, $0.island] })
        }
    }
}

struct Search: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find sailings between two ports or islands.",
        discussion: """
            FROM and TO are a port's code, English or Chinese name (XCY, Xiaocaiyuan, 小菜园) or an \
            island, for all its ports, by code or Chinese name (SIJIAO, 泗礁). Times are \
            Asia/Shanghai; fares are per seat.

            Examples:
              ferry search SJW SIJIAO
              ferry search 小菜园 Gouqi --date 2026-12-01 --days 3
            """
    )
    @Argument(help: "Where from.") var from: String
    @Argument(help: "Where to.") var to: String
    @Option(help: ArgumentHelp("The first local date, YYYY-MM-DD (default: today).", valueName: "date")) var date: String?
    @Option(help: "How many days from --date.") var days = 1
    @OptionGroup var options: ServerOptions

    func validate() throws {
        guard (1...31).contains(self.days) else { throw ValidationError("--days is 1 to 31.") }
        if let date = self.date, LocalDate(date) == nil { throw ValidationError("--date \(date) is not a date (YYYY-MM-DD).") }
    }

    func execute() async throws {
        let client = try self.options.client()
        let ports = try await client.ports()
        let from = try PortNames.code(self.from, in: ports)
        let to = try PortNames.code(self.to, in: ports)
        let first = self.date.flatMap(LocalDate.init) ?? LocalTime.date(of: Date())
        var found: [SailingJSON] = []
        for day in 0..<self.days {
            found += try await client.sailings(from: from, to: to, date: first.adding(days: day).description)
        }
        self.options.show(found) { list in
            let span = self.days == 1 ? "on \(first)" : "from \(first) to \(first.adding(days: self.days - 1))"
            return list.isEmpty ? "No sailings from \(self.from) to \(self.to) \(span)." : Display.sailings(list)
        }
    }
}
