import FerryAPI
import FerryDomain
import FerryEngine
import Foundation
import Hummingbird

/// Decoding requests and encoding responses, with the contract's error codes.
enum Wire {
    static let maxBodyBytes = 64 * 1024

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return e
    }()

    private static let decoder = JSONDecoder()

    /// The JSON of `value`: written directly when it is `JSONWritable` (the answers of every
    /// sale), else through `encoder`. Both give the same bytes.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let writable = value as? any JSONWritable { return Data(JSONWriter.bytes(writable)) }
        return try self.encoder.encode(value)
    }

    /// Reads at most 64 KiB and decodes `T`: unparseable JSON is `400`, JSON of the wrong
    /// shape `422` naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try self.decode(type, from: try await request.body.collect(upTo: self.maxBodyBytes))
    }

    /// A booking request, read without `JSONDecoder` (see `JSONValue`) and refused the same
    /// way. A body the strict parser refuses goes the general way instead, so it gets exactly
    /// the answer it always got (a byte-order mark or UTF-16, say, is still read).
    static func decode(_ type: CreateBookingRequest.Type, from buffer: ByteBuffer) throws -> CreateBookingRequest {
        let json: JSONValue
        do {
            json = try JSONValue.parse(buffer.readableBytesView)
        } catch {
            try Self.refuseDuplicate(error)
            return try self.decode(generic: type, from: buffer)
        }
        do {
            return try CreateBookingRequest(json: json)
        } catch {
            switch error.kind {
            case .missing: throw FerryError(.validationFailed, "Field \(error.path) is required.")
            case .wrongType: throw FerryError(.validationFailed, "Field \(error.path) has the wrong type.")
            case .null: throw FerryError(.validationFailed, "Field \(error.path) must not be null.")
            }
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        try self.decode(generic: type, from: buffer)
    }

    /// The whole body checked first: `JSONDecoder` skips members it does not read without
    /// checking them, and malformed JSON anywhere in a body is `400` (a trailing comma too,
    /// which Foundation's parser lets through and RFC 8259 does not).
    static func decode<T: Decodable>(generic type: T.Type, from buffer: ByteBuffer) throws -> T {
        let data = Data(buffer.readableBytesView)
        // The strict parser first (it also sees a name given twice, of which Foundation takes
        // one); what it refuses may still be JSON Foundation reads (a byte-order mark, UTF-16).
        do {
            _ = try JSONValue.parse(data)
        } catch {
            try Self.refuseDuplicate(error)
            guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil, !Self.hasTrailingComma(data) else {
                throw FerryError(.malformedRequest, "The request body is not valid JSON.")
            }
        }
        do {
            return try self.decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw FerryError(.validationFailed, self.describe(error))
        }
    }

    /// An object that names a member twice is malformed: which one a reader takes is its own
    /// choice (RFC 8259 §4), and a proxy in front could read the body otherwise than ferryd.
    static func refuseDuplicate(_ error: JSONSyntaxError) throws(FerryError) {
        guard let name = error.duplicateMember else { return }
        throw FerryError(.malformedRequest, "The request body names \(String(name.prefix(64)).debugDescription) twice in one object.")
    }

    /// A `,` followed, past whitespace, by `}` or `]`, outside strings. NUL counts as
    /// whitespace so that the ASCII of a UTF-16 body, which Foundation reads, is seen too.
    static func hasTrailingComma(_ data: Data) -> Bool {
        var inString = false
        var escaped = false
        var comma = false
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0: continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if comma { return true }
            case UInt8(ascii: "\""): inString = true
            default: break
            }
            comma = byte == UInt8(ascii: ",")
        }
        return false
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.hasPrefix(".") ? String(p.dropFirst()) : (p.isEmpty ? "body" : p)
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "Field \(path(ctx.codingPath + [key])) is required."
        case .typeMismatch(_, let ctx): return "Field \(path(ctx.codingPath)) has the wrong type."
        case .valueNotFound(_, let ctx): return "Field \(path(ctx.codingPath)) must not be null."
        case .dataCorrupted(let ctx) where ctx.codingPath.isEmpty:
            // The body is valid JSON (checked first), yet Foundation's decoder on Linux reports
            // a number that does not fit its field (0.5 or 1e40 for an index) this way, with
            // no path and "not valid JSON".
            return "A field has the wrong type: a number that is not a whole number in range where one is expected."
        case .dataCorrupted(let ctx): return "Field \(path(ctx.codingPath)) is invalid: \(ctx.debugDescription)"
        @unknown default: return "The request body does not have the expected shape."
        }
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, noStore: Bool = false) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if noStore { headers[.cacheControl] = "no-store" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try self.encode(value))))
    }

    /// Parses an enum field, or refuses with a message listing what is allowed.
    static func parse<E: RawRepresentable & CaseIterable>(_ raw: String, _ field: String, as: E.Type) throws(FerryError) -> E
    where E.RawValue == String {
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw FerryError(.validationFailed, "\(field) \"\(raw)\" is not one of: \(allowed).")
        }
        return value
    }
}

extension Wire {
    /// A payment method, or `invalid_payment_method` listing the accepted ones.
    static func paymentMethod(_ raw: String) throws(FerryError) -> PaymentMethod {
        guard let method = PaymentMethod(rawValue: raw) else {
            throw FerryError(
                .invalidPaymentMethod,
                "Payment method \"\(raw)\" is not one of: \(PaymentMethod.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        return method
    }
}

// MARK: Domain → wire

extension SailingJSON {
    init(_ v: SailingView) {
        self.init(
            id: v.sailing.id,
            routeId: v.route.id,
            from: v.route.from,
            to: v.route.to,
            scheduledDeparture: LocalTime.format(v.sailing.scheduledDeparture),
            departure: LocalTime.format(v.sailing.departure),
            arrival: LocalTime.format(v.arrival),
            vessel: .init(id: v.vessel.id, name: v.vessel.name),
            status: v.status.rawValue,
            salesOpenAt: LocalTime.format(v.salesOpenAt),
            headcount: .init(certified: v.vessel.certifiedHeadcount, available: v.headsAvailable),
            // A class the route has no fare for (a saloon on a boat swapped in) is not sold.
            seats: v.vessel.seatClasses.compactMap { c in
                v.route.fares[c].map { fare in
                    Seats(class: c.rawValue, total: v.vessel.seats[c, default: 0], available: v.seatsAvailable[c, default: 0], fareFen: fare)
                }
            },
            vehicles: v.deck.map { deck in
                Vehicles(
                    totalUnits: deck.totalUnits,
                    fareFen: Dictionary(uniqueKeysWithValues: v.route.vehicleFares.map { ($0.key.rawValue, $0.value) }),
                    available: .init(green: deck.available.green, resident: deck.available.resident, general: deck.available.general)
                )
            },
            salesCloseAt: LocalTime.format(v.salesCloseAt),
            // Once departed (a pending one too, if no decision came), there is nothing to wait for.
            reason: v.status == .departed ? nil : v.sailing.reason?.rawValue,
            decisionAt: v.status == .weatherPending ? v.sailing.decisionAt.map(LocalTime.format) : nil
        )
    }
}

extension BookingJSON {
    init(_ b: Booking, token: String?) {
        self.init(
            reference: b.reference,
            token: token,
            status: b.status.rawValue,
            sailingId: b.sailingId,
            channel: b.channel.rawValue,
            createdAt: LocalTime.format(b.createdAt),
            expiresAt: b.status == .held || b.status == .expired ? LocalTime.format(b.expiresAt) : nil,
            totalFen: b.totalFen,
            paidFen: b.payments.reduce(0) { $0 + $1.amountFen },
            contact: b.phone.map { Contact(phone: $0) },
            passengers: b.passengers.map { p in
                Passenger(
                    index: p.index,
                    name: p.name,
                    idType: p.idType.rawValue,
                    idNumber: IdentityDocument.masked(p.idNumber),
                    fareType: p.fareType.rawValue,
                    fareBasis: p.fareBasis.rawValue,
                    seatClass: p.seatClass?.rawValue,
                    fareFen: p.fareFen,
                    guardian: p.guardian,
                    heightCm: p.heightCm,
                    status: p.refundedAt != nil ? "refunded" : p.movedTo != nil ? "rebooked" : "travelling",
                    rebookedTo: p.movedTo,
                    ticket: p.ticket.map {
                        TicketJSON(id: $0.id, code: $0.code, status: $0.status.rawValue, issuedAt: LocalTime.format($0.issuedAt))
                    }
                )
            },
            vehicles: b.vehicles.map {
                Vehicle(
                    index: $0.index,
                    plate: $0.plate,
                    kind: $0.kind.rawValue,
                    category: $0.category.rawValue,
                    pool: $0.pool.rawValue,
                    units: $0.units,
                    driver: $0.driver,
                    fareFen: $0.fareFen,
                    status: $0.refundedAt != nil ? "refunded" : $0.movedTo != nil ? "rebooked" : "travelling"
                )
            },
            payments: b.payments.map {
                PaymentJSON(
                    method: $0.method.rawValue,
                    amountFen: $0.amountFen,
                    paymentReference: $0.reference,
                    paidAt: LocalTime.format($0.paidAt),
                    feeFen: $0.feeFen
                )
            }
        )
        self.refunds = b.refunds.map {
            RefundJSON(
                id: $0.id,
                amountFen: $0.amountFen,
                feeFen: $0.feeFen,
                method: $0.method.rawValue,
                reason: $0.reason.rawValue,
                passengers: $0.passengers,
                vehicles: $0.vehicles,
                refundedBy: $0.refundedBy,
                refundedAt: LocalTime.format($0.createdAt),
                paidOutAt: $0.paidOutAt.map(LocalTime.format),
                paidOutBy: $0.paidOutBy
            )
        }
        self.transfers = b.transfers.map {
            TransferJSON(
                reference: $0.otherReference,
                amountFen: $0.amountFen,
                method: b.way(of: $0).rawValue,
                at: LocalTime.format($0.createdAt)
            )
        }
        self.balanceFen = b.balanceFen
        self.feesFen = b.feesFen
        self.rebookedTo = b.rebookedTo
        self.rebookedFrom = b.rebookedFrom
        self.notices = b.notices.map(NoticeJSON.init)
    }

}

// MARK: Wire → domain

extension CreateBookingRequest {
    func domain(channel: SalesChannel) throws(FerryError) -> BookingRequest {
        let sailingId = self.sailingId
        var passengers: [PassengerRequest] = []
        for (i, p) in self.passengers.enumerated() {
            var birthDate: LocalDate? = nil
            if let raw = p.birthDate {
                guard let d = LocalDate(raw) else {
                    throw FerryError(.invalidIdNumber, "passengers[\(i)].birthDate \"\(raw)\" is not a date (YYYY-MM-DD).")
                }
                birthDate = d
            }
            let fareType = try Wire.parse(p.fareType, "passengers[\(i)].fareType", as: FareType.self)
            // A free child has no seat, so whatever seatClass came with it is ignored.
            let seatClass =
                fareType == .freeChild
                ? nil : try p.seatClass.map { raw throws(FerryError) in try Wire.parse(raw, "passengers[\(i)].seatClass", as: SeatClass.self) }
            passengers.append(
                PassengerRequest(
                    name: p.name,
                    idType: try Wire.parse(p.idType, "passengers[\(i)].idType", as: DocumentType.self),
                    idNumber: p.idNumber,
                    birthDate: birthDate,
                    fareType: fareType,
                    seatClass: seatClass,
                    guardian: p.guardian,
                    heightCm: p.heightCm
                )
            )
        }
        var vehicles: [VehicleRequest] = []
        for (i, v) in (self.vehicles ?? []).enumerated() {
            vehicles.append(
                VehicleRequest(
                    plate: v.plate,
                    kind: try Wire.parse(v.kind, "vehicles[\(i)].kind", as: VehicleKind.self),
                    category: try Wire.parse(v.category, "vehicles[\(i)].category", as: VehicleCategory.self),
                    driver: v.driver,
                    permit: v.permit
                )
            )
        }
        let phone = self.contact?.phone?.trimmingCharacters(in: .whitespaces)
        if let phone, !(phone.count <= 32 && phone.allSatisfy({ $0.isNumber || "+- ".contains($0) })) {
            throw FerryError(.validationFailed, "contact.phone must be a phone number of at most 32 digits.")
        }
        return BookingRequest(sailingId: sailingId, passengers: passengers, vehicles: vehicles, phone: phone, channel: channel)
    }
}

extension NoticeJSON {
    init(_ n: Notice) {
        self.init(
            seq: n.seq,
            type: n.type.rawValue,
            sailingId: n.sailingId,
            routeId: n.routeId,
            reason: n.reason?.rawValue,
            title: n.title,
            message: n.message,
            createdAt: LocalTime.format(n.createdAt),
            departure: n.departure.map(LocalTime.format),
            decisionAt: n.decisionAt.map(LocalTime.format),
            vessel: n.vesselId,
            routeIds: n.routeIds,
            ports: n.ports,
            affectedBookings: n.affectedBookings
        )
    }
}
