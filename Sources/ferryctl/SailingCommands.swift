import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import FerryDomain

struct ListSailings: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "sailings",
        abstract: "List the sailings between two ports or islands on a date, to find their ids.",
        discussion: "Example: ferryctl sailings XCY GQI --date 2026-11-30"
    )
    @Argument(help: "Port or island of departure: its code (XCY, SIJIAO) or name (Xiaocaiyuan, 小菜园).") var from: String
    @Argument(help: "Port or island of arrival, the same way.") var to: String
    @Option(help: ArgumentHelp("Local date, YYYY-MM-DD (default: today).", valueName: "date")) var date: String?
    @OptionGroup var connection: ServerOptions

    func execute() async throws {
        let client = try self.connection.client(needsKey: false)
        let ports = try await client.ports()
        let sailings = try await client.sailings(
            from: try PortNames.code(self.from, in: ports),
            to: try PortNames.code(self.to, in: ports),
            date: self.date
        )
        self.connection.show(sailings) { list in
            guard !list.isEmpty else { return "No sailings from \(self.from) to \(self.to)\(self.date.map { " on \($0)" } ?? "")." }
            return Display.sailings(list)
        }
    }
}

struct SailingCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sailing",
        abstract: "Show a sailing, or change it: delay, weather pending, resume, cancel, vessel, or add an extra one.",
        subcommands: [Show.self, Delay.self, Pending.self, Resume.self, Cancel.self, Vessel.self, Add.self]
    )

    struct Show: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one sailing as the public sees it.",
            discussion: "Example: ferryctl sailing show XCY-GQI-20261130-0730"
        )
        @Argument(help: "The sailing id, e.g. XCY-GQI-20261130-0730.") var sailing: String
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let s = try await self.connection.client(needsKey: false).sailing(self.sailing)
            self.connection.show(s, Render.sailing)
        }
    }

    struct Delay: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delay a sailing to a new departure; its id stays the same.",
            discussion: """
                Examples:
                  ferryctl sailing delay XCY-GQI-20261130-0730 --to 09:10 --reason weather_wind
                  ferryctl sailing delay XCY-GQI-20261130-0730 --by 45 --reason technical --message "Engine check"
                """
        )
        @Argument(help: "The sailing id.") var sailing: String
        @Option(
            help: ArgumentHelp(
                "New departure: 'YYYY-MM-DD HH:MM', RFC 3339, or HH:MM on the sailing's date (the next day's within 12 hours after its scheduled departure: 23:30 to 00:45).",
                valueName: "time"
            )
        )
        var to: String?
        @Option(help: ArgumentHelp("Minutes later than the current departure.", valueName: "minutes")) var by: Int?
        @OptionGroup var reason: ReasonOptions
        @OptionGroup var connection: ServerOptions

        func validate() throws {
            guard (self.to == nil) != (self.by == nil) else { throw ValidationError("Give the new departure with --to or --by, one of them.") }
            // The server takes at most `Sailing.longestDelay`; far beyond it the arithmetic, not
            // the server, would fail.
            let longest = Int(Sailing.longestDelay) / 60
            if let by = self.by, !(1...longest).contains(by) {
                throw ValidationError("--by is 1 to \(longest) minutes (\(longest / 1440) days).")
            }
        }

        func execute() async throws {
            let client = try self.connection.client()
            let current = try await client.sailing(self.sailing)
            let departure: String
            if let by = self.by {
                guard let shifted = Render.shift(current.departure, minutes: by) else {
                    throw FerryClientError.unexpected(status: 200, body: "a departure this tool cannot read")
                }
                departure = shifted
            } else {
                departure = try Render.time(self.to ?? "", flag: "--to", for: current, reading: .departure)
            }
            let change = try await client.delay(self.sailing, self.reason.request(departure: departure))
            self.connection.show(change, Render.change)
        }
    }

    struct Pending: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a sailing weather pending (视天气): sailing or not will be decided at a given time.",
            discussion: "Example: ferryctl sailing pending SJW-LZS-20261130-1400 --decision-at 12:00 --reason weather_wind"
        )
        @Argument(help: "The sailing id.") var sailing: String
        @Option(
            help: ArgumentHelp(
                "When the decision will be taken: a full time, or HH:MM on the day of the current departure (the day before's within 12 hours before it).",
                valueName: "time"
            )
        )
        var decisionAt: String
        @OptionGroup var reason: ReasonOptions
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let client = try self.connection.client()
            let decisionAt = try Render.time(self.decisionAt, flag: "--decision-at", for: try await client.sailing(self.sailing), reading: .decision)
            let change = try await client.markPending(self.sailing, self.reason.request(decisionAt: decisionAt))
            self.connection.show(change, Render.change)
        }
    }

    struct Resume: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a weather-pending spell with the decision to sail (雾散开航), at the sailing's current departure.",
            discussion: "Example: ferryctl sailing resume SJW-LZS-20261130-1400 --message \"Fog lifted; boarding at 13:20\""
        )
        @Argument(help: "The sailing id.") var sailing: String
        @Option(help: "Free text for travellers, shown with the notice.") var message: String?
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let change = try await self.connection.client().resume(self.sailing, ResumeRequest(message: self.message))
            self.connection.show(change, Render.change)
        }
    }

    struct Cancel: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a sailing: its holds are released and its travellers may refund or rebook free.",
            discussion: "Example: ferryctl sailing cancel XCY-GQI-20261130-0730 --reason weather_fog --message \"Fog at Gouqi\""
        )
        @Argument(help: "The sailing id.") var sailing: String
        @OptionGroup var reason: ReasonOptions
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let change = try await self.connection.client().cancel(self.sailing, self.reason.request())
            self.connection.show(change, Render.change)
        }
    }

    struct Vessel: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put another vessel on a sailing; refused when it cannot carry what is already sold.",
            discussion: "Example: ferryctl sailing vessel XCY-GQI-20261130-0730 shengsi-6"
        )
        @Argument(help: "The sailing id.") var sailing: String
        @Argument(help: "The vessel id.") var vessel: String
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let change = try await self.connection.client().changeVessel(self.sailing, to: self.vessel)
            self.connection.show(change, Render.change)
        }
    }

    struct Add: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an extra sailing on a route.",
            discussion: "Example: ferryctl sailing add XCY-GQI '2026-11-30 16:00' --vessel shengsi-6"
        )
        @Argument(help: "The route id, e.g. XCY-GQI.") var route: String
        @Argument(help: "Departure: 'YYYY-MM-DD HH:MM' local, or RFC 3339.") var departure: String
        @Option(help: "The vessel id.") var vessel: String
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            guard let departure = Display.departure(self.departure) else {
                throw FerryClientError.usage("\"\(self.departure)\" is not a departure: give 'YYYY-MM-DD HH:MM' or RFC 3339.")
            }
            let client = try self.connection.client()
            let sailing = try await client.addSailing(
                AddSailingRequest(routeId: try await client.knownRoute(self.route), departure: departure, vessel: self.vessel)
            )
            self.connection.show(sailing) { "Added \($0.id).\n" + Render.sailing($0) }
        }
    }
}

struct RouteCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Change every sailing of a route on a day.",
        subcommands: [CancelDay.self]
    )

    struct CancelDay: ToolCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel-day",
            abstract: "Cancel every sailing of a route on a date that has not left; one notice each.",
            discussion: "Example: ferryctl route cancel-day XCY-GQI 2026-11-30 --reason weather_wind --message \"Gale warning\""
        )
        @Argument(help: "The route id.") var route: String
        @Argument(help: "The local date, YYYY-MM-DD.") var date: String
        @OptionGroup var reason: ReasonOptions
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let client = try self.connection.client()
            let changes = try await client.cancelDay(route: try await client.knownRoute(self.route), self.reason.request(date: self.date))
            self.connection.show(changes) { list in
                let affected = list.reduce(0) { $0 + $1.notice.affectedBookings }
                return list.map(Render.change).joined(separator: "\n")
                    + "\n\(list.count) sailing\(list.count == 1 ? "" : "s") cancelled; \(affected) booking\(affected == 1 ? "" : "s") affected."
            }
        }
    }
}

/// `--reason` and `--message`, shared by the schedule changes.
struct ReasonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("weather_wind, weather_fog, technical or other.", valueName: "reason")) var reason: Reason
    @Option(help: "Free text for travellers, shown with the notice.") var message: String?

    enum Reason: String, ExpressibleByArgument, CaseIterable {
        case weather_wind, weather_fog, technical, other
    }

    func request(departure: String? = nil, decisionAt: String? = nil, date: String? = nil) -> ScheduleChangeRequest {
        ScheduleChangeRequest(departure: departure, decisionAt: decisionAt, date: date, reason: self.reason.rawValue, message: self.message)
    }
}
