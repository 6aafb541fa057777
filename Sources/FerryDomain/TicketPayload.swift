import Foundation

/// What a ticket code says about its ticket, readable by an offline gate without the server.
///
/// The payload is JSON with a fixed key order and no whitespace, so the same ticket always
/// signs the same bytes; `Schemas/ticket-code.md` documents it byte for byte.
public struct TicketPayload: Equatable, Sendable {
    /// The signing key's id, so a gate knows which public key to verify with.
    public let keyId: String
    public let ticketId: String
    public let sailingId: String
    public let departure: Date
    public let fareType: FareType
    /// Which test set the fare type: `height` tells the gate to look at the child's height.
    public let fareBasis: FareBasis
    /// Nil for a free child, who has no seat.
    public let seatClass: SeatClass?
    /// The passenger's name with the middle masked: enough for a gate to compare with a face.
    public let maskedName: String
    /// For a free child, the guardian's ticket: the gate boards them together.
    public let guardianTicketId: String?
    public let issuedAt: Date

    public init(
        keyId: String,
        ticketId: String,
        sailingId: String,
        departure: Date,
        fareType: FareType,
        fareBasis: FareBasis,
        seatClass: SeatClass?,
        maskedName: String,
        guardianTicketId: String?,
        issuedAt: Date
    ) {
        self.keyId = keyId
        self.ticketId = ticketId
        self.sailingId = sailingId
        self.departure = departure
        self.fareType = fareType
        self.fareBasis = fareBasis
        self.seatClass = seatClass
        self.maskedName = maskedName
        self.guardianTicketId = guardianTicketId
        self.issuedAt = issuedAt
    }

    /// The canonical JSON: `{"kid","tid","sid","dep","fare","basis","class","name","gtid","iat"}` in that order.
    public var json: String {
        "{\"kid\":\(Self.quote(self.keyId)),\"tid\":\(Self.quote(self.ticketId)),\"sid\":\(Self.quote(self.sailingId)),"
            + "\"dep\":\(Self.quote(LocalTime.format(self.departure))),\"fare\":\(Self.quote(self.fareType.rawValue)),\"basis\":\(Self.quote(self.fareBasis.rawValue)),"
            + "\"class\":\(self.seatClass.map { Self.quote($0.rawValue) } ?? "null"),\"name\":\(Self.quote(self.maskedName)),"
            + "\"gtid\":\(self.guardianTicketId.map(Self.quote) ?? "null"),\"iat\":\(Self.quote(LocalTime.format(self.issuedAt)))}"
    }

    /// Reads a payload; nil when it is not the JSON a ticket code carries.
    public init?(json bytes: [UInt8]) {
        struct Wire: Decodable {
            let kid, tid, sid, dep, fare, basis, name, iat: String
            let `class`, gtid: String?
        }
        guard let w = try? JSONDecoder().decode(Wire.self, from: Data(bytes)), let dep = LocalTime.parse(w.dep),
            let iat = LocalTime.parse(w.iat), let fare = FareType(rawValue: w.fare), let basis = FareBasis(rawValue: w.basis)
        else { return nil }
        let seatClass = w.class.flatMap(SeatClass.init(rawValue:))
        guard (seatClass == nil) == (w.class == nil) else { return nil }
        self.init(
            keyId: w.kid,
            ticketId: w.tid,
            sailingId: w.sid,
            departure: dep,
            fareType: fare,
            fareBasis: basis,
            seatClass: seatClass,
            maskedName: w.name,
            guardianTicketId: w.gtid,
            issuedAt: iat
        )
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest
    /// (Chinese names included) written as UTF-8.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `张三` → `张*`, `张小宝` → `张*宝`, `Anna Smith` → `A********h`.
    public static func mask(name: String) -> String {
        let chars = Array(name)
        switch chars.count {
        case 0, 1: return name
        case 2: return String(chars[0]) + "*"
        default: return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
    }
}

/// The compact form a gate scans: `base64url(payload) + "." + base64url(signature)`, both
/// unpadded, the signature made over the ASCII bytes of the first segment.
public struct TicketCode: Equatable, Sendable {
    /// The first segment, exactly as it appears in the code: what the signature covers.
    public let signingInput: String
    public let payload: TicketPayload
    public let signature: [UInt8]

    /// Splits and decodes a code; nil when it is not shaped like one (the signature is not
    /// checked here).
    public init?(_ code: String) {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 2048, parts.count == 2, let payloadBytes = Base64URL.decode(parts[0]),
            let signature = Base64URL.decode(parts[1]), signature.count == 64,
            let payload = TicketPayload(json: payloadBytes)
        else { return nil }
        self.signingInput = String(parts[0])
        self.payload = payload
        self.signature = signature
    }

    /// The first segment of the code for `payload`.
    public static func signingInput(for payload: TicketPayload) -> String {
        Base64URL.encode(Array(payload.json.utf8))
    }

    public static func compose(signingInput: String, signature: [UInt8]) -> String {
        signingInput + "." + Base64URL.encode(signature)
    }
}
