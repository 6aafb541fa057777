import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import Foundation

struct Pay: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pay for a held booking online; its tickets are issued at once.",
        discussion: """
            On the demo server the payment provider is simulated: --payment-reference stands for the \
            provider's confirmation, and one is made up when it is not given.

            Example: ferry pay K7QX2M
            """
    )
    @Argument(help: "The booking reference.") var reference: String
    @Option(help: "The payment provider's reference for this payment.") var paymentReference: String?
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let saved = try self.options.saved(self.reference)
        let paymentReference = self.paymentReference ?? "demo-" + UUID().uuidString.prefix(8).lowercased()
        let booking = try await self.options.client(for: saved).pay(
            saved.reference,
            token: saved.token,
            PayRequest(method: "online", paymentReference: paymentReference)
        )
        self.options.show(booking) { b in
            let tickets = b.passengers.filter { $0.ticket != nil }.count
            return "Paid \(Display.money(b.paidFen)) for \(b.reference) (payment reference \(paymentReference)). "
                + "\(tickets) ticket\(tickets == 1 ? "" : "s") issued: ferry tickets \(b.reference)"
        }
    }
}

struct Show: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a booking: passengers, fares, tickets, payments and schedule-change notices.",
        discussion: """
            A booking made elsewhere (at a counter, on another computer) is remembered once you give \
            its token with --token.

            Examples:
              ferry show K7QX2M
              ferry show Q3JX9V --token q3Jx9vT0bZk2pL8wYc4nRf6uHs1aE7dG
            """
    )
    @Argument(help: "The booking reference.") var reference: String
    @Option(help: "The booking's token, to remember a booking made elsewhere.") var token: String?
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let client: FerryClient
        let token: String
        if let given = self.token {
            (client, token) = (try self.options.client(), given)
        } else {
            let saved = try self.options.saved(self.reference)
            (client, token) = (try self.options.client(for: saved), saved.token)
        }
        let booking = try await client.booking(self.reference.uppercased(), token: token)
        if self.token != nil {
            try self.options.updateFile { file in
                file.remember(.init(reference: booking.reference, token: token, server: client.server.absoluteString, sailingId: booking.sailingId))
            }
        }
        let sailing = try? await client.sailing(booking.sailingId)
        self.options.show(booking) { BookingText.summary($0, sailing: sailing) }
    }
}

struct Bookings: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bookings remembered here, as they stand now on the server.",
        discussion: """
            NET PAID is what a booking holds now: what was paid for it, less what was refunded or \
            moved to another booking with its passengers (so a refunded booking shows the fee kept).

            Example: ferry bookings --server https://tickets.ferry.example
            """
    )
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let client = try self.options.client()
        let saved = try self.options.loadFile().bookings.filter { $0.server == client.server.absoluteString }
        var found: [BookingJSON] = []
        var rows: [[String]] = []
        for b in saved {
            do {
                let booking = try await client.booking(b.reference, token: b.token)
                let sailing = try? await client.sailing(booking.sailingId)
                found.append(booking)
                // An expired hold carries nobody, whatever its passengers' own status says.
                let live = booking.status == "held" || booking.status == "confirmed"
                let travelling = live ? booking.passengers.filter { $0.status == "travelling" }.count : 0
                rows.append([
                    booking.reference, booking.status, booking.sailingId, sailing.map { Display.time($0.departure) } ?? "",
                    sailing?.status ?? "", "\(travelling)", Display.money(booking.balanceFen),
                ])
            } catch FerryClientError.problem(let problem) {
                rows.append([b.reference, "unavailable: \(problem.detail)", b.sailingId, "", "", "", ""])
                // The JSON lists bookings only: a script hears of the others on standard error.
                if self.options.json { Terminal.err("\(b.reference) unavailable: \(problem.detail)") }
            }
        }
        self.options.show(found) { _ in
            rows.isEmpty
                ? "No bookings remembered for \(client.server.absoluteString). Book with: ferry book SAILING --passenger \"NAME,ID\""
                : Display.table(["BOOKING", "STATUS", "SAILING", "DEPARTS", "SAILING STATUS", "TRAVELLING", "NET PAID"], rows)
        }
    }
}

struct Tickets: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a booking's ticket codes, one per travelling passenger, for the gate to scan.",
        discussion: "Example: ferry tickets K7QX2M"
    )
    @Argument(help: "The booking reference.") var reference: String
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let saved = try self.options.saved(self.reference)
        let booking = try await self.options.client(for: saved).booking(saved.reference, token: saved.token)
        let ticketed = booking.passengers.filter { $0.ticket != nil && $0.status == "travelling" }
        guard !ticketed.isEmpty else {
            throw FerryClientError.usage(
                booking.status == "held"
                    ? "\(booking.reference) has no tickets until it is paid: ferry pay \(booking.reference)"
                    : "\(booking.reference) has no tickets (\(booking.status))."
            )
        }
        self.options.show(ticketed.compactMap(\.ticket)) { _ in
            ticketed.map { p in
                "\(p.name) (\(p.fareType.replacingOccurrences(of: "_", with: " ")), \(p.seatClass ?? "no seat")): \(p.ticket?.status ?? "")\n\(p.ticket?.code ?? "")"
            }
            .joined(separator: "\n\n")
        }
    }
}

struct Rebook: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a booking, or some of its passengers, to another sailing between the same islands (改签).",
        discussion: """
            Fares are worked out again for the new date. A move that costs more (a higher fare, \
            or the fee within 2 hours of departure) says how much and asks before paying it \
            online (a made-up payment reference on the demo server), unless --yes; when standard \
            input is not a terminal it never asks, and needs --yes to pay. A lower fare is \
            refunded the way it was paid. Moving only some passengers (--passenger N, counted \
            from 0) gives them a booking of their own, which is remembered too. The old ticket \
            codes stop working: print the new ones with ferry tickets.

            Examples:
              ferry rebook K7QX2M SJW-LZS-20261211-1400
              ferry rebook K7QX2M SJW-LZS-20261211-1400 --passenger 1 --yes
            """
    )
    @Argument(help: "The booking reference.") var reference: String
    @Argument(help: "The sailing to move to.") var sailing: String
    @Option(name: .customLong("passenger"), help: "Move only this passenger (0 for the first); repeat for more.") var passengers: [Int] = []
    @Option(name: .customLong("class"), help: "The class on the new sailing (default: as before).") var seatClass: SeatClassArgument?
    @Option(help: "The payment provider's reference, if a difference is to be paid.") var paymentReference: String?
    @Flag(help: "Pay what the move costs without asking.") var yes = false
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let saved = try self.options.saved(self.reference)
        let client = try self.options.client(for: saved)
        // The booking as it stands: moved elsewhere meanwhile, the server refuses instead of moving it twice.
        let current = try await client.booking(saved.reference, token: saved.token)
        let request = RebookRequestJSON(
            sailingId: self.sailing,
            passengers: self.passengers.isEmpty ? nil : self.passengers,
            seatClass: self.seatClass?.rawValue,
            method: self.yes ? "online" : nil,
            paymentReference: self.yes ? self.onlineReference : nil,
            fromSailingId: current.sailingId
        )
        let result: RebookResultJSON
        do {
            // Without a way to pay, a move that costs nothing happens and one that costs more
            // is refused with its price, which the traveller sees before anything is paid.
            result = try await client.rebook(saved.reference, token: saved.token, request)
        } catch FerryClientError.problem(let problem) where request.method == nil && problem.amounts["amountDueFen"] != nil {
            let due = problem.amounts["amountDueFen"] ?? 0
            let price = "Moving to \(self.sailing) costs \(Display.money(due)) more (\(Self.breakdown(problem.amounts)))"
            guard Terminal.isInteractive else {
                throw FerryClientError.usage("\(price): add --yes to pay it online.")
            }
            guard Terminal.confirm("\(price). Pay it online?") else {
                Terminal.err("Nothing moved or paid.")
                return
            }
            var paying = request
            paying.method = "online"
            paying.paymentReference = self.onlineReference
            // Never more than the traveller said yes to: a fee that began meanwhile is refused.
            paying.amountDueFen = due
            result = try await client.rebook(saved.reference, token: saved.token, paying)
        }
        let moved = result.booking
        try self.options.updateFile { file in
            file.remember(.init(reference: moved.reference, token: moved.token ?? saved.token, server: saved.server, sailingId: moved.sailingId))
        }
        let sailing = try? await client.sailing(moved.sailingId)
        self.options.show(result) { r in
            let difference =
                r.fareDifferenceFen > 0
                ? "fare difference \(Display.money(r.fareDifferenceFen)) paid"
                : r.fareDifferenceFen < 0 ? "fare difference \(Display.money(-r.fareDifferenceFen)) refunded" : "same fare"
            let header = moved.reference == saved.reference ? "Moved \(saved.reference)" : "Moved to a new booking \(moved.reference) (remembered)"
            return "\(header); fee \(Display.money(r.feeFen)), \(difference).\n" + BookingText.summary(moved, sailing: sailing)
                + "\nThe old ticket codes no longer board: ferry tickets \(moved.reference)"
        }
    }

    /// The provider's reference given, or on the demo server a made-up one.
    var onlineReference: String { self.paymentReference ?? "demo-" + UUID().uuidString.prefix(8).lowercased() }

    /// The fee and the fare difference a priced refusal names.
    static func breakdown(_ amounts: [String: Int]) -> String {
        let fee = amounts["feeFen"] ?? 0
        let difference = amounts["fareDifferenceFen"] ?? 0
        return "fee \(Display.money(fee)), fare difference \(difference < 0 ? "-" : "")\(Display.money(abs(difference)))"
    }
}

struct Refund: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refund a booking, or some of its passengers or vehicles; the money goes back the way it came.",
        discussion: """
            Fees: none with 24 hours or more before departure, 10% from 2 to 24 hours, 20% under 2 \
            hours; a cancelled or long-delayed sailing refunds in full at any time. A guardian's \
            free child and a driver's vehicle go with them; a vehicle alone can be refunded with \
            --vehicle (its driver still travels). Asks before refunding, unless --yes; when standard \
            input is not a terminal it never asks, and needs --yes.

            Examples:
              ferry refund K7QX2M
              ferry refund K7QX2M --passenger 1 --yes
              ferry refund K7QX2M --vehicle 0
            """
    )
    @Argument(help: "The booking reference.") var reference: String
    @Option(name: .customLong("passenger"), help: "Refund only this passenger (0 for the first); repeat for more.") var passengers: [Int] = []
    @Option(name: .customLong("vehicle"), help: "Refund only this vehicle (0 for the first); repeat for more.") var vehicles: [Int] = []
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @OptionGroup var options: ServerOptions

    func execute() async throws {
        let saved = try self.options.saved(self.reference)
        if !self.yes {
            guard Terminal.isInteractive else {
                throw FerryClientError.usage("Refunding needs confirmation and nobody is at a terminal: add --yes.")
            }
            let booking = try await self.options.client(for: saved).booking(saved.reference, token: saved.token)
            guard Terminal.confirm("\(self.question(booking))?") else {
                Terminal.err("Nothing refunded.")
                return
            }
        }
        let result = try await self.options.client(for: saved).refund(
            saved.reference,
            token: saved.token,
            RefundRequest(passengers: self.passengers.isEmpty ? nil : self.passengers, vehicles: self.vehicles.isEmpty ? nil : self.vehicles)
        )
        self.options.show(result) { r in
            Display.refunded(r) + "\n"
                + BookingText.summary(r.booking, sailing: nil)
        }
    }

    /// What the traveller is asked: who and what goes (a guardian's free child and a driver's
    /// vehicle with them), and the fares that come back less the fee for the time left.
    func question(_ b: BookingJSON) -> String {
        let everyone = self.passengers.isEmpty && self.vehicles.isEmpty
        let people = b.passengers.filter { p in
            p.status == "travelling"
                && (everyone || self.passengers.contains(p.index) || p.fareType == "free_child" && p.guardian.map(self.passengers.contains) == true)
        }
        let cars = b.vehicles.filter { v in
            v.status == "travelling" && (everyone || self.vehicles.contains(v.index) || self.passengers.contains(v.driver))
        }
        let names = people.map { $0.fareType == "free_child" ? "\($0.name) (free child)" : $0.name } + cars.map(\.plate)
        let fares = people.reduce(0) { $0 + $1.fareFen } + cars.reduce(0) { $0 + $1.fareFen }
        let who = names.isEmpty ? "the named passengers" : names.joined(separator: ", ")
        return "Refund \(who) of \(b.reference): fares \(Display.money(fares)), less the fee for the time left before departure"
    }
}
