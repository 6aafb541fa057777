import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Hummingbird

/// Gates and counters: check-in, offline gates, the manifest, and the public ticket key.
struct CheckinController<Store: FerryStore> {
    let engine: Engine<Store>
    let idempotency: IdempotencyGate

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/keys/ticket-signing") { _, _ in
            let signer = self.engine.signer
            return try Wire.response(
                TicketSigningKeyJSON(
                    keyId: signer.keyId,
                    algorithm: "Ed25519",
                    pem: try signer.publicKey.pem(),
                    publicKey: Base64URL.encode(signer.publicKey.raw)
                )
            )
        }
        router.post("/v1/checkin") { request, _ in
            let staff = try await Caller.identify(request, engine: self.engine).require(.counter)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, body: buffer, engine: self.engine) { answering in
                let body = try Wire.decode(CheckinRequestJSON.self, from: buffer)
                let render: @Sendable ([TicketHolder]) throws -> (HTTPResponse.Status, Data) = {
                    (.ok, try Wire.encode($0.map(BoardedTicketJSON.init)))
                }
                return try render(try await self.engine.checkIn(try Self.request(body), gate: staff.id, answer: answering?.answer(render)))
            }
        }
        router.post("/v1/checkin/offline-scans") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.counter)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, body: buffer, engine: self.engine) { answering in
                let body = try Wire.decode(OfflineScansRequestJSON.self, from: buffer)
                var scans: [(code: String, scannedAt: Date)] = []
                for (i, scan) in body.scans.enumerated() {
                    guard let at = LocalTime.parse(scan.scannedAt) else {
                        throw FerryError(.validationFailed, "scans[\(i)].scannedAt \"\(scan.scannedAt)\" is not an RFC 3339 time with offset.")
                    }
                    scans.append((scan.code, at))
                }
                let render: @Sendable ([OfflineScan]) throws -> (HTTPResponse.Status, Data) = { results in
                    let json = results.map {
                        OfflineScanResultJSON(
                            ticketId: $0.ticketId,
                            scannedAt: LocalTime.format($0.scannedAt),
                            outcome: $0.outcome.rawValue,
                            detail: $0.detail,
                            uploadedAt: LocalTime.format($0.uploadedAt)
                        )
                    }
                    return (.ok, try Wire.encode(json))
                }
                return try render(try await self.engine.applyOfflineScans(gateId: body.gateId, scans: scans, answer: answering?.answer(render)))
            }
        }
        router.get("/v1/sailings/:id/gate-list") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.counter)
            let list = try await self.engine.gateList(sailingId: try context.parameters.require("id"))
            return try Wire.response(
                GateListJSON(
                    sailingId: list.sailing.id,
                    status: list.sailing.status(at: self.engine.clock.now()).rawValue,
                    departure: LocalTime.format(list.sailing.departure),
                    boardingOpensAt: LocalTime.format(list.boardingOpensAt),
                    keyId: self.engine.signer.keyId,
                    publicKey: Base64URL.encode(self.engine.signer.publicKey.raw),
                    valid: list.valid.map {
                        .init(
                            ticketId: $0.ticket.id,
                            fareType: $0.passenger.fareType.rawValue,
                            seatClass: $0.passenger.seatClass?.rawValue,
                            guardianTicketId: $0.ticket.guardianTicketId
                        )
                    },
                    boarded: list.boarded.map(\.ticket.id),
                    revoked: list.revoked.map(\.ticket.id)
                ),
                noStore: true
            )
        }
        router.get("/v1/sailings/:id/manifest") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.counter)
            let manifest = try await self.engine.manifest(sailingId: try context.parameters.require("id"))
            let network = try await self.engine.network()
            switch request.uri.queryParameters.get("format") ?? "json" {
            case "json":
                return try Wire.response(
                    ManifestJSON(manifest, vessel: network.vessels[manifest.sailing.vesselId], now: self.engine.clock.now()),
                    noStore: true
                )
            case "csv":
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                        .contentDisposition: "attachment; filename=\"manifest-\(manifest.sailing.id).csv\"",
                    ],
                    body: .init(byteBuffer: ByteBuffer(string: ManifestCSV.render(manifest)))
                )
            case let other:
                throw FerryError(.validationFailed, "format \"\(other)\" is not one of: json, csv.")
            }
        }
    }

    static func request(_ body: CheckinRequestJSON) throws(FerryError) -> CheckinRequest {
        switch (body.code, body.codes, body.idType, body.idNumber) {
        case (let code?, nil, nil, nil): return .codes([code], sailingId: body.sailingId)
        case (nil, let codes?, nil, nil): return .codes(codes, sailingId: body.sailingId)
        case (nil, nil, let type?, let number?):
            guard let sailingId = body.sailingId else {
                throw FerryError(.validationFailed, "A document check-in names the gate's sailingId.")
            }
            return .identity(type: try Wire.parse(type, "idType", as: DocumentType.self), number: number, sailingId: sailingId)
        default:
            throw FerryError(.validationFailed, "Send one of: {code, sailingId?}, {codes: [...]}, or {idType, idNumber, sailingId}.")
        }
    }
}

extension BoardedTicketJSON {
    init(_ h: TicketHolder) {
        self.init(
            ticketId: h.ticket.id,
            status: h.ticket.status.rawValue,
            sailingId: h.sailingId,
            bookingReference: h.bookingReference,
            passengerIndex: h.passenger.index,
            name: h.passenger.name,
            idType: h.passenger.idType.rawValue,
            idNumber: IdentityDocument.masked(h.passenger.idNumber),
            fareType: h.passenger.fareType.rawValue,
            fareBasis: h.passenger.fareBasis.rawValue,
            seatClass: h.passenger.seatClass?.rawValue,
            guardianTicketId: h.ticket.guardianTicketId,
            boardedAt: h.ticket.boardedAt.map(LocalTime.format),
            boardedBy: h.ticket.boardedBy
        )
    }
}

extension ManifestJSON {
    init(_ m: Manifest, vessel: Vessel?, now: Date) {
        let totals = m.totals
        self.init(
            sailingId: m.sailing.id,
            status: m.sailing.status(at: now).rawValue,
            departure: LocalTime.format(m.sailing.departure),
            vessel: .init(id: m.sailing.vesselId, name: vessel?.name ?? m.sailing.vesselId),
            passengers: m.entries.map(BoardedTicketJSON.init),
            totals: .init(
                adult: totals[.adult, default: 0],
                child: totals[.child, default: 0],
                freeChild: totals[.freeChild, default: 0],
                persons: m.entries.count,
                seated: m.entries.filter { $0.passenger.seatClass != nil }.count,
                boarded: m.boardedCount
            )
        )
    }
}

/// The manifest as CSV (RFC 4180), for the harbour authority's forms.
enum ManifestCSV {
    static func render(_ m: Manifest) -> String {
        var lines = ["booking,passenger,ticket,status,name,id_type,id_number,fare_type,fare_basis,seat_class,guardian_ticket,boarded_at"]
        for e in m.entries {
            let fields = [
                e.bookingReference, String(e.passenger.index), e.ticket.id, e.ticket.status.rawValue, e.passenger.name,
                e.passenger.idType.rawValue, IdentityDocument.masked(e.passenger.idNumber), e.passenger.fareType.rawValue,
                e.passenger.fareBasis.rawValue, e.passenger.seatClass?.rawValue ?? "", e.ticket.guardianTicketId ?? "",
                e.ticket.boardedAt.map(LocalTime.format) ?? "",
            ]
            lines.append(fields.map(Self.field).joined(separator: ","))
        }
        let t = m.totals
        lines.append("")
        let seated = m.entries.filter { $0.passenger.seatClass != nil }.count
        lines.append(
            "totals,adult=\(t[.adult, default: 0]),child=\(t[.child, default: 0]),free_child=\(t[.freeChild, default: 0]),"
                + "persons=\(m.entries.count),seated=\(seated),boarded=\(m.boardedCount)"
        )
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field that holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
    /// is prefixed with `'` so a spreadsheet never runs a name as a formula.
    static func field(_ s: String) -> String {
        var value = s
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
