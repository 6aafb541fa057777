import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import FerryDomain
import Foundation

struct Book: TravellerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hold seats on a sailing for named passengers; pay within the hold time to get tickets.",
        discussion: """
            Each traveller is named as on their identity document (real-name tickets). ID is the \
            18-character citizen number of a resident ID card or household register; another \
            document is TYPE:NUMBER followed by the birth date, e.g. "Ann Lee,passport:E12345678,1990-04-02" \
            (TYPE: \(Passengers.documentTypes.joined(separator: ", "))).

            --passenger  an adult (14 or older), "NAME,ID"
            --child      a child under 14, half fare with a seat, "NAME,ID"
            --free-child a child under 6 travelling free on a guardian's knee, "NAME,ID,GUARDIAN" (with \
            a passport or permit "NAME,TYPE:NUMBER,BIRTHDATE,GUARDIAN"), GUARDIAN being the 0-based \
            position of an adult --passenger (18 or older)
            --vehicle    "PLATE,KIND,CATEGORY[,PERMIT]", KIND car, van, truck or bus, CATEGORY general, \
            resident or green; the first vehicle is driven by the first --passenger, the second by the second

            Without --class, each seat is in the cheapest class that still has room for everyone. \
            The phone number is remembered for next time.

            Examples:
              ferry book SJW-LZS-20261201-1400 --passenger "张三,11010519491231002X" --free-child "张小宝,110105202205010017,0"
              ferry book SJW-LZS-20261201-1400 --passenger "李四,330922198001010017" --vehicle "浙L12345,car,resident" --phone 13800000000
            """
    )
    @Argument(help: "The sailing id, as `ferry search` shows it.") var sailing: String
    @Option(name: .customLong("passenger"), help: ArgumentHelp("An adult: \"NAME,ID\".", valueName: "name,id")) var adults: [String] = []
    @Option(name: .customLong("child"), help: ArgumentHelp("A child under 14: \"NAME,ID\".", valueName: "name,id")) var children: [String] = []
    @Option(name: .customLong("free-child"), help: ArgumentHelp("A child under 6: \"NAME,ID,GUARDIAN\".", valueName: "name,id,guardian"))
    var freeChildren: [String] = []
    @Option(name: .customLong("vehicle"), help: ArgumentHelp("\"PLATE,KIND,CATEGORY[,PERMIT]\".", valueName: "plate,kind,category"))
    var vehicles: [String] = []
    @Option(name: .customLong("class"), help: "economy or business (default: the cheapest with room).") var seatClass: SeatClassArgument?
    @Option(help: "A mobile number for the ferry company to reach you (remembered).") var phone: String?
    @OptionGroup var options: ServerOptions

    func validate() throws {
        guard !self.adults.isEmpty || !self.children.isEmpty else {
            throw ValidationError("Name at least one traveller with --passenger (or --child).")
        }
        guard self.vehicles.count <= self.adults.count else {
            throw ValidationError("Each vehicle needs its own driver: give one --passenger per --vehicle.")
        }
    }

    func execute() async throws {
        let client = try self.options.client()
        let file = try self.options.loadFile()
        var passengers = try self.adults.map { try Passengers.parse($0, fareType: "adult", flag: "--passenger") }
        passengers += try self.children.map { try Passengers.parse($0, fareType: "child", flag: "--child") }
        passengers += try self.freeChildren.map { try Passengers.parseFreeChild($0, adults: self.adults.count) }
        let vehicles = try self.vehicles.enumerated().map { i, text in try Passengers.parseVehicle(text, driver: i) }

        let server = client.server.absoluteString
        // The command as given (its own --class and --phone, nothing the client chose or
        // remembered): the same command run again after a lost answer finds what it sent then.
        let intent = try Self.json(Self.request(self.sailing, passengers, vehicles, seatClass: self.seatClass?.rawValue, phone: self.phone))
        let sending: TravellerFile.PendingBooking
        let recovering = file.pending(server: server, intent: intent, at: Date())
        if let earlier = recovering {
            Terminal.err("Asking again for the booking sent at \(Display.time(LocalTime.format(earlier.sentAt))), whose answer was lost.")
            sending = earlier
        } else {
            let seated = self.adults.count + self.children.count
            var seatClass = self.seatClass?.rawValue
            if seatClass == nil { seatClass = Self.cheapestClass(for: seated, on: try await client.sailing(self.sailing)) }
            let body = try Self.json(Self.request(self.sailing, passengers, vehicles, seatClass: seatClass, phone: self.phone ?? file.phone))
            sending = .init(key: UUID().uuidString, server: server, intent: intent, body: body, sentAt: Date())
            // Written down before it is sent: if the answer is lost, the token comes back only
            // by asking again under this key.
            try self.options.updateFile { $0.send(sending) }
        }
        let booking: BookingJSON
        do {
            booking = try await client.createBooking(encoded: Data(sending.body.utf8), idempotencyKey: sending.key)
        } catch FerryClientError.unanswered(let server, let reason, _) {
            throw FerryClientError.unanswered(
                server: server,
                reason: reason,
                next: "Run this same command again: it asks for this booking once more, and gets it if it was made, never a second one."
            )
        } catch let error as FerryClientError {
            if case .problem = error { try? self.options.updateFile { $0.settle(key: sending.key) } }
            throw error
        }
        do {
            try self.options.updateFile { file in
                file.settle(key: sending.key)
                if let token = booking.token {
                    file.remember(
                        .init(reference: booking.reference, token: token, server: client.server.absoluteString, sailingId: booking.sailingId)
                    )
                }
                if let phone = self.phone { file.phone = phone }
            }
        } catch {
            // The seats are held: whatever happened to the file, the traveller must not lose the token.
            Terminal.err("Booked \(booking.reference) but could not remember it; keep its token: \(booking.token ?? "?")")
            throw error
        }
        let sailing = try? await client.sailing(booking.sailingId)
        // The answer found again is the one given when the booking was made: its hold may
        // have ended since, so show the booking as it stands.
        let current = recovering == nil ? booking : (try? await client.booking(booking.reference, token: booking.token)) ?? booking
        self.options.show(current) { b in
            guard b.status == "held" else { return BookingText.summary(b, sailing: sailing) }
            return BookingText.summary(b, sailing: sailing) + "\n"
                + "Pay by \(b.expiresAt.map(Display.time) ?? "the hold's end") or the seats are released: ferry pay \(b.reference)\n"
                + "(Where the ferry company takes online payments through a provider, pay in its app with the reference, or at a counter.)"
        }
    }

    /// The booking request for these travellers, every seated one in `seatClass`.
    static func request(
        _ sailingId: String,
        _ passengers: [CreateBookingRequest.Passenger],
        _ vehicles: [CreateBookingRequest.Vehicle],
        seatClass: String?,
        phone: String?
    ) -> CreateBookingRequest {
        CreateBookingRequest(
            sailingId: sailingId,
            passengers: passengers.map { p in
                var p = p
                if p.fareType != "free_child" { p.seatClass = seatClass }
                return p
            },
            vehicles: vehicles.isEmpty ? nil : vehicles,
            contact: phone.map { CreateBookingRequest.Contact(phone: $0) }
        )
    }

    /// JSON text, its members in one order whatever the run (an intent is compared as text).
    static func json(_ request: CreateBookingRequest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(request), as: UTF8.self)
    }

    /// The cheapest class with a seat for every seated traveller; if none has, the cheapest,
    /// so the server's own refusal (`sold_out`) says what is wrong.
    static func cheapestClass(for seated: Int, on sailing: SailingJSON) -> String? {
        let byFare = sailing.seats.sorted { $0.fareFen < $1.fareFen }
        return (byFare.first { $0.available >= seated } ?? byFare.first)?.class
    }
}

/// Turning `--passenger` and friends into the API's passengers and vehicles.
enum Passengers {
    static let documentTypes = [
        "resident_id", "temporary_resident_id", "household_register", "passport", "hk_macau_permit", "taiwan_permit",
        "foreign_permanent_resident",
    ]

    /// "NAME,ID" or "NAME,TYPE:NUMBER,BIRTHDATE".
    static func parse(_ text: String, fareType: String, flag: String) throws -> CreateBookingRequest.Passenger {
        let fields = Self.fields(text)
        guard fields.count == 2 || fields.count == 3 else {
            throw FerryClientError.usage("\(flag) \"\(text)\" should be \"NAME,ID\" (or \"NAME,TYPE:NUMBER,BIRTHDATE\" for a passport or permit).")
        }
        return try Self.passenger(
            name: fields[0],
            document: fields[1],
            birthDate: fields.count == 3 ? fields[2] : nil,
            fareType: fareType,
            flag: flag
        )
    }

    /// "NAME,ID,GUARDIAN", or with a passport or permit "NAME,TYPE:NUMBER,BIRTHDATE,GUARDIAN"
    /// (the birth date follows the document, as for every passenger; the guardian may also come
    /// before it).
    static func parseFreeChild(_ text: String, adults: Int) throws -> CreateBookingRequest.Passenger {
        let fields = Self.fields(text)
        let guardianAt = fields.count == 4 && Int(fields[2]) == nil ? 3 : 2
        guard fields.count == 3 || fields.count == 4, let guardian = Int(fields[guardianAt]) else {
            throw FerryClientError.usage(
                "--free-child \"\(text)\" should be \"NAME,ID,GUARDIAN\" (or \"NAME,TYPE:NUMBER,BIRTHDATE,GUARDIAN\" for a passport or permit), GUARDIAN the position of a --passenger (0 for the first)."
            )
        }
        guard (0..<adults).contains(guardian) else {
            throw FerryClientError.usage("--free-child \"\(text)\": guardian \(guardian) is not one of the \(adults) --passenger (counted from 0).")
        }
        var child = try Self.passenger(
            name: fields[0],
            document: fields[1],
            birthDate: fields.count == 4 ? fields[5 - guardianAt] : nil,
            fareType: "free_child",
            flag: "--free-child"
        )
        child.guardian = guardian
        return child
    }

    /// "PLATE,KIND,CATEGORY[,PERMIT]".
    static func parseVehicle(_ text: String, driver: Int) throws -> CreateBookingRequest.Vehicle {
        let fields = Self.fields(text)
        guard fields.count == 3 || fields.count == 4 else {
            throw FerryClientError.usage("--vehicle \"\(text)\" should be \"PLATE,KIND,CATEGORY\" or \"PLATE,KIND,green,PERMIT\".")
        }
        return CreateBookingRequest.Vehicle(
            plate: fields[0],
            kind: fields[1].lowercased(),
            category: fields[2].lowercased(),
            driver: driver,
            permit: fields.count == 4 ? fields[3] : nil
        )
    }

    private static func fields(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func passenger(
        name: String,
        document: String,
        birthDate: String?,
        fareType: String,
        flag: String
    ) throws
        -> CreateBookingRequest.Passenger
    {
        guard !name.isEmpty else { throw FerryClientError.usage("\(flag): the name comes first, as on the document.") }
        if let colon = document.firstIndex(of: ":") {
            let type = document[..<colon].lowercased()
            guard Self.documentTypes.contains(type) else {
                throw FerryClientError.usage("\(flag): \"\(type)\" is not a document type; use one of \(Self.documentTypes.joined(separator: ", ")).")
            }
            return .init(
                name: name,
                idType: type,
                idNumber: String(document[document.index(after: colon)...]),
                birthDate: birthDate,
                fareType: fareType
            )
        }
        return .init(name: name, idType: "resident_id", idNumber: document.uppercased(), birthDate: birthDate, fareType: fareType)
    }
}

/// A seat class as typed, in any case; another word is a command line the tool cannot use.
enum SeatClassArgument: String, ExpressibleByArgument, CaseIterable {
    case economy, business

    init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
