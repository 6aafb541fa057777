import FerryAPI
import FerryDomain
import Foundation
import Hummingbird
import Testing

@testable import FerryServer

/// The sale path writes and reads JSON by hand (`JSONWriter`, `JSONValue`); these hold it to
/// exactly what Foundation's `JSONEncoder` and `JSONDecoder` did before.
@Suite struct WireCodingTests {
    static let awkward = "引号\" 反斜杠\\ 斜杠/ \n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F} 😀 \u{2028} é"

    static func booking(token: String?, phone: String?, awkward: String = awkward) -> BookingJSON {
        var b = BookingJSON(
            reference: "K7QX2M",
            token: token,
            status: "confirmed",
            sailingId: "SJW-XCY-20261130-1330",
            channel: "online",
            createdAt: "2026-11-29T10:00:00+08:00",
            expiresAt: nil,
            totalFen: 27600,
            paidFen: -1,
            contact: phone.map { .init(phone: $0) } ?? .init(phone: nil),
            passengers: [
                .init(
                    index: 0,
                    name: awkward,
                    idType: "resident_id",
                    idNumber: "330100******1234",
                    fareType: "adult",
                    fareBasis: "age",
                    seatClass: "business",
                    fareFen: 19800,
                    guardian: nil,
                    heightCm: nil,
                    ticket: .init(id: "T1", code: "FT1.abc_-", status: "valid", issuedAt: "2026-11-29T10:01:00+08:00")
                ),
                .init(
                    index: 1,
                    name: "儿童",
                    idType: "household_register",
                    idNumber: "3301**",
                    fareType: "free_child",
                    fareBasis: "height",
                    seatClass: nil,
                    fareFen: 0,
                    guardian: 0,
                    heightCm: 118,
                    status: "rebooked",
                    rebookedTo: "M2PQ8R",
                    ticket: nil
                ),
            ],
            vehicles: [.init(index: 0, plate: "浙L12345", kind: "car", category: "resident", pool: "resident", units: 1, driver: 0, fareFen: 8000)],
            payments: [
                .init(method: "wechat", amountFen: 27600, paymentReference: nil, paidAt: "2026-11-29T10:01:00+08:00"),
                .init(method: "cash", amountFen: 100, paymentReference: awkward, paidAt: "2026-11-29T10:02:00+08:00", feeFen: 100),
            ]
        )
        b.refunds = [
            .init(
                id: "R1",
                amountFen: 9000,
                feeFen: 1000,
                method: "cash_due",
                reason: "refund",
                passengers: [0, 1],
                vehicles: [],
                refundedBy: "counter-1",
                refundedAt: "2026-11-29T11:00:00+08:00"
            )
        ]
        b.transfers = [.init(reference: "M2PQ8R", amountFen: -3800, method: "online", at: "2026-11-29T12:00:00+08:00")]
        b.balanceFen = Int.min
        b.feesFen = Int.max
        b.rebookedTo = ["M2PQ8R", awkward]
        b.rebookedFrom = "A2B3C4"
        b.notices = [Self.notice, Self.announcement]
        return b
    }

    static let notice = NoticeJSON(
        seq: 7,
        type: "delayed",
        sailingId: "SJW-XCY-20261130-1330",
        routeId: "SJW-XCY",
        reason: "weather_fog",
        title: nil,
        message: awkward,
        createdAt: "2026-11-29T10:00:00+08:00",
        departure: "2026-11-30T15:30:00+08:00",
        decisionAt: nil,
        vessel: nil,
        routeIds: [],
        ports: [],
        affectedBookings: 12
    )
    static let announcement = NoticeJSON(
        seq: 8,
        type: "announcement",
        sailingId: nil,
        routeId: nil,
        reason: nil,
        title: "通告",
        message: "港口关闭",
        createdAt: "2026-11-29T10:00:00+08:00",
        departure: nil,
        decisionAt: nil,
        vessel: nil,
        routeIds: ["SJW-XCY", "XCY-GQI"],
        ports: ["SJW"],
        affectedBookings: 0
    )

    static func expectSameBytes<T: Encodable>(_ value: T) throws {
        let written = String(decoding: try Wire.encode(value), as: UTF8.self)
        let encoded = String(decoding: try Wire.encoder.encode(value), as: UTF8.self)
        #expect(written == encoded)
    }

    @Test func theWriterWritesWhatJSONEncoderWrites() throws {
        try Self.expectSameBytes(Self.booking(token: "tok_-123", phone: "13800000000"))
        try Self.expectSameBytes(Self.booking(token: nil, phone: nil))
        try Self.expectSameBytes(Self.booking(token: nil, phone: nil, awkward: ""))
        var bare = Self.booking(token: nil, phone: nil)
        bare.contact = nil
        (bare.passengers, bare.vehicles, bare.payments, bare.refunds, bare.transfers, bare.rebookedTo, bare.notices) = ([], [], [], [], [], [], [])
        bare.expiresAt = "2026-11-29T10:15:00+08:00"
        try Self.expectSameBytes(bare)
        try Self.expectSameBytes(Self.notice)
        try Self.expectSameBytes(Self.announcement)
        try Self.expectSameBytes(RefundResultJSON(refundedFen: 9000, feeFen: 0, booking: bare))
        try Self.expectSameBytes(RebookResultJSON(booking: Self.booking(token: "t", phone: nil), feeFen: 500, fareDifferenceFen: -600))
    }

    @Test func aSearchIsWrittenAsJSONEncoderWritesIt() throws {
        let ferry = SailingJSON(
            id: "SJW-XCY-20261130-1330",
            routeId: "SJW-XCY",
            from: "SJW",
            to: "XCY",
            scheduledDeparture: "2026-11-30T13:30:00+08:00",
            departure: "2026-11-30T15:30:00+08:00",
            arrival: "2026-11-30T17:10:00+08:00",
            vessel: .init(id: "sijiao-kuai-1", name: Self.awkward),
            status: "delayed",
            salesOpenAt: "2026-11-23T00:00:00+08:00",
            headcount: .init(certified: 300, available: -2),
            seats: [
                .init(class: "economy", total: 260, available: 0, fareFen: 13800), .init(class: "business", total: 40, available: 40, fareFen: 19800),
            ],
            vehicles: nil,
            salesCloseAt: "2026-11-30T15:00:00+08:00",
            reason: "weather_fog"
        )
        var pending = ferry
        (pending.status, pending.reason, pending.decisionAt) = ("weather_pending", "weather_wind", "2026-11-30T12:00:00+08:00")
        try Self.expectSameBytes(pending)
        var roro = ferry
        roro.vehicles = .init(
            totalUnits: 30,
            fareFen: ["truck": 30000, "car": 8000, "Motorcycle": 2000, "coach": 24000, "": 1],
            available: .init(green: 2, resident: 0, general: 28)
        )
        roro.seats = []
        try Self.expectSameBytes(ferry)
        try Self.expectSameBytes(roro)
        try Self.expectSameBytes([ferry, roro, ferry])
        try Self.expectSameBytes([SailingJSON]())
    }

    /// Every control character and every escape JSONEncoder uses.
    @Test func everyControlCharacterIsEscapedAlike() throws {
        var notice = Self.notice
        notice.message = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        try Self.expectSameBytes(notice)
    }

    // MARK: Reading a booking request

    enum Outcome: Equatable {
        case decoded(String)
        case refused(FerryError.Code, String)
    }

    static func outcome(_ read: () throws -> CreateBookingRequest) -> Outcome {
        do {
            return .decoded(String(decoding: try Wire.encoder.encode(read()), as: UTF8.self))
        } catch let error as FerryError {
            return .refused(error.code, error.message)
        } catch {
            return .refused(.validationFailed, "\(error)")
        }
    }

    /// `Wire.decode` as it is for every other request: JSONSerialization and JSONDecoder.
    static func viaFoundation<T: Decodable>(_: T.Type, _ buffer: ByteBuffer) throws -> T { try Wire.decode(T.self, from: buffer) }

    static func compare(_ body: [UInt8]) -> (fast: Outcome, foundation: Outcome) {
        let buffer = ByteBuffer(bytes: body)
        return (
            self.outcome { try Wire.decode(CreateBookingRequest.self, from: buffer) },
            self.outcome { try self.viaFoundation(CreateBookingRequest.self, buffer) }
        )
    }

    static let bodies: [String] = [
        #"{"sailingId":"S1","passengers":[{"name":"旅客","idType":"resident_id","idNumber":"330100199001011234","fareType":"adult"}]}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A\u00e9\ud83d\ude00\n\"\\\/","idType":"passport","idNumber":"E1","birthDate":"1990-04-02","fareType":"adult","seatClass":"economy"},{"name":"B","idType":"household_register","idNumber":"x","fareType":"free_child","guardian":0,"heightCm":118}],"vehicles":[{"plate":"浙L1","kind":"car","category":"green","driver":0,"permit":"P1"}],"contact":{"phone":"138"},"extra":[1,2,{"a":null}]}"#,
        #" { "sailingId" : "S1" , "passengers" : [ ] , "vehicles" : null , "contact" : null } "#,
        #"{"sailingId":"S1","passengers":[],"contact":{}}"#,
        #"{"passengers":[]}"#,
        #"{"sailingId":null,"passengers":[]}"#,
        #"{"sailingId":5,"passengers":[]}"#,
        #"{"sailingId":"S1","passengers":{}}"#,
        #"{"sailingId":"S1","passengers":[5]}"#,
        #"{"sailingId":"S1","passengers":[null]}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","idNumber":"E1","fareType":"adult","guardian":"0"}]}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","idNumber":"E1","fareType":"adult","guardian":1.5}]}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","idNumber":"E1","fareType":"adult","heightCm":1e2}]}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","fareType":"adult"}]}"#,
        #"{"sailingId":"S1","passengers":[],"vehicles":[{"plate":"P","kind":"car","category":"general"}]}"#,
        #"{"sailingId":"S1","passengers":[],"vehicles":[{"plate":"P","kind":"car","category":"general","driver":99999999999999999999}]}"#,
        #"{"sailingId":"S1","passengers":[],"contact":{"phone":7}}"#,
        #"{"sailingId":"S1","passengers":[],"contact":"138"}"#,
        #"{"sailingId":"S1","sailingId":"S2","passengers":[]}"#,
        #"[]"#, #""S1""#, #"null"#, #"7"#, "", " ",
        #"{"sailingId":"S1","passengers":[],}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","idNumber":"E1","fareType":"adult",},],}"#,
        #"{"sailingId":"S1","passengers":[,]}"#, #"{,}"#, #"{"sailingId":"S1","passengers":[],,}"#,
        #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","idNumber":"E1","fareType":"adult","heightCm":118.0,"guardian":-0}]}"#,
        #"{"sailingId":"S1" "passengers":[]}"#, #"{"sailingId":'S1',"passengers":[]}"#,
        #"{"sailingId":"S1","passengers":[01]}"#, #"{"sailingId":"S1","passengers":[-]}"#, #"{"sailingId":"S1","passengers":[1.]}"#,
        #"{"sailingId":"\ud800","passengers":[]}"#, #"{"sailingId":"\x","passengers":[]}"#, "{\"sailingId\":\"a\u{01}b\",\"passengers\":[]}",
        #"{"sailingId":"S1","passengers":[]} x"#, #"{"sailingId":"S1","passengers":[]"#, #"{"sailingId":tru,"passengers":[]}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]

    /// The same answer, or the same refusal. Where Foundation names no field (a number that
    /// is not a whole number, or too large: "A field has the wrong type: …"), only the code
    /// must agree.
    static func agree(_ fast: Outcome, _ foundation: Outcome) -> Bool {
        guard case .refused(let code, let message) = foundation, message.hasPrefix("A field has the wrong type") || message.contains("does not fit")
        else { return fast == foundation }
        guard case .refused(let fastCode, _) = fast else { return false }
        return fastCode == code
    }

    @Test func aBookingRequestIsReadAsJSONDecoderReadsIt() {
        for body in Self.bodies {
            let (fast, foundation) = Self.compare(Array(body.utf8))
            #expect(Self.agree(fast, foundation), "\(body): \(fast) ≠ \(foundation)")
        }
        // Not UTF-8 at all.
        let (fast, foundation) = Self.compare([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
        #expect(Self.agree(fast, foundation))
    }

    /// `JSONDecoder` skips members it does not read; malformed JSON anywhere is still `400`.
    @Test(arguments: [
        #"{"method":"cash","x":-}"#, #"{"method":"cash","x":01}"#, #"{"method":"cash","x":"\q"}"#, "{\"method\":\"cash\",\"x\":\"a\u{01}b\"}",
        #"{"method":"cash","x":1e999}"#, #"{"method":"cash","x":"\ud800"}"#,
        // Trailing commas, which Foundation's parser would let through.
        #"{"method":"cash",}"#, #"{"method":"cash","x":[1,2, ]}"#, #"{"method":"cash","x":{"a":1,}}"#,
    ])
    func malformedJSONInAMemberNotReadIsStill400(_ body: String) {
        let buffer = ByteBuffer(string: body)
        #expect(throws: FerryError(.malformedRequest, "The request body is not valid JSON.")) { _ = try Wire.decode(PayRequest.self, from: buffer) }
        #expect(throws: FerryError(.malformedRequest, "The request body is not valid JSON.")) {
            _ = try Wire.decode(CreateBookingRequest.self, from: ByteBuffer(string: body))
        }
    }

    /// What the strict parser refuses is read the general way: a byte-order mark is accepted
    /// as before, a number beyond a Double refused as before.
    @Test func bodiesTheStrictParserRefusesAreReadAsBefore() {
        let valid = #"{"sailingId":"S1","passengers":[{"name":"A","idType":"passport","idNumber":"E1","fareType":"adult"}]}"#
        for body in [
            [0xEF, 0xBB, 0xBF] + Array(valid.utf8),
            Array(valid.replacingOccurrences(of: #""adult"}"#, with: #""adult","heightCm":1e400}"#).utf8),
            Array(valid.replacingOccurrences(of: #""adult"}"#, with: #""adult","x":1e999}"#).utf8),
            Array(valid.replacingOccurrences(of: #""adult"}"#, with: #""adult","x":[01]}"#).utf8),
        ] {
            let (fast, foundation) = Self.compare(body)
            #expect(fast == foundation, "\(String(decoding: body, as: UTF8.self))")
        }
        #expect(Self.compare([0xEF, 0xBB, 0xBF] + Array(valid.utf8)).fast != .refused(.malformedRequest, "The request body is not valid JSON."))
    }

    /// Thousands of damaged requests: cut, spliced and retyped copies of valid ones, from a
    /// fixed seed so a failure repeats.
    @Test func damagedRequestsAreRefusedAlike() {
        var rng = SplitMix64(seed: 20_261_129)
        let pieces = ["{", "}", "[", "]", "\"", ",", ":", "0", "-1", "1.5", "null", "true", "\\", "\\u00e9", " ", "é", "\"x\"", "{}", "[]"]
        let seeds = Self.bodies.prefix(2).map { Array($0.utf8) }
        var differences: [String] = []
        for _ in 0..<4000 {
            var body = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0...(rng.next() % 3) {
                let at = Int(rng.next() % UInt64(body.count + 1))
                switch rng.next() % 3 {
                case 0 where at < body.count: body.remove(at: at)
                case 1: body.insert(contentsOf: Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8), at: at)
                default: body = Array(body.prefix(at))
                }
            }
            let (fast, foundation) = Self.compare(body)
            if !Self.agree(fast, foundation) { differences.append("\(String(decoding: body, as: UTF8.self)): \(fast) ≠ \(foundation)") }
        }
        #expect(differences.isEmpty, "\(differences.count) differ, first: \(differences.prefix(3))")
    }

    /// The facts a refusal carries travel as members of their own type (text as strings, sums
    /// of money as integers), and a client reads both back.
    @Test func aProblemCarriesTextAndAmountsAsTheirOwnTypes() throws {
        let error = FerryError(
            .validationFailed,
            "This rebooking costs 1900 fen more.",
            details: ["boardedAt": "2026-11-30T07:40:00+08:00"],
            amounts: ["amountDueFen": 1900, "feeFen": 0]
        )
        let data = try Wire.encode(Problem.body(error))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["amountDueFen"] as? Int == 1900)
        #expect(object["feeFen"] as? Int == 0)
        #expect(object["boardedAt"] as? String == "2026-11-30T07:40:00+08:00")
        #expect(try JSONDecoder().decode(ProblemJSON.self, from: data) == Problem.body(error))
    }
}

/// A small, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
