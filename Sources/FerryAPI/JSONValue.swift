/// A parsed JSON document (RFC 8259), for reading the requests sent on every sale.
///
/// Foundation's `JSONDecoder` was the largest single cost of taking a booking apart from
/// SQLite; a booking request is parsed here instead and read field by field
/// (`CreateBookingRequest.init(json:)`). Parsing is strict: it refuses everything
/// `JSONSerialization` refuses and more (a byte-order mark, UTF-16, a number with a leading
/// zero), and the server reads what it refuses with Foundation, as before.
public enum JSONValue: Sendable {
    /// Members in document order; a request object has a handful, so a lookup is a scan.
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case integer(Int)
    /// A number that is not a whole number within `Int`.
    case number
    case bool(Bool)
    case null

    var isNull: Bool { if case .null = self { true } else { false } }

    /// Parses a whole document; anything but one value surrounded by whitespace is refused.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = Array(bytes).withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            do throws(JSONSyntaxError) {
                parser.skipWhitespace()
                let value = try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw JSONSyntaxError() }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The bytes are not one well-formed JSON value.
public struct JSONSyntaxError: Error, Equatable {
    /// A member an object names twice: RFC 8259 leaves what that means to each reader, and a
    /// proxy that takes the last could pass what the server, taking another, reads otherwise.
    public var duplicateMember: String? = nil
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    /// Deeper nesting than this is refused rather than recursed into (as `JSONSerialization`).
    static let maxDepth = 512

    mutating func skipWhitespace() {
        while self.index < self.bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(self.bytes[self.index]) { self.index += 1 }
    }

    private func peek() throws(JSONSyntaxError) -> UInt8 {
        guard self.index < self.bytes.count else { throw JSONSyntaxError() }
        return self.bytes[self.index]
    }

    private mutating func expect(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard self.index + count <= self.bytes.count else { throw JSONSyntaxError() }
        for i in 0..<count where self.bytes[self.index + i] != literal.utf8Start[i] { throw JSONSyntaxError() }
        self.index += count
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maxDepth else { throw JSONSyntaxError() }
        switch try self.peek() {
        case UInt8(ascii: "{"): return try self.object(depth: depth)
        case UInt8(ascii: "["): return try self.array(depth: depth)
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"):
            try self.expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expect("null")
            return .null
        default: return try self.number()
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        self.index += 1
        var members: [(key: String, value: JSONValue)] = []
        var names: Set<String> = []
        self.skipWhitespace()
        if try self.peek() == UInt8(ascii: "}") {
            self.index += 1
            return .object(members)
        }
        while true {
            self.skipWhitespace()
            guard try self.peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError() }
            let key = try self.string()
            // A scan of a handful of names; a set, built once, for the rare large object.
            let repeated: Bool
            if members.count < 16 {
                repeated = members.contains { $0.key == key }
            } else {
                if names.isEmpty { names = Set(members.map(\.key)) }
                repeated = !names.insert(key).inserted
            }
            if repeated { throw JSONSyntaxError(duplicateMember: key) }
            self.skipWhitespace()
            guard try self.peek() == UInt8(ascii: ":") else { throw JSONSyntaxError() }
            self.index += 1
            self.skipWhitespace()
            members.append((key, try self.value(depth: depth + 1)))
            self.skipWhitespace()
            switch try self.peek() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "}"):
                self.index += 1
                return .object(members)
            default: throw JSONSyntaxError()
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        self.index += 1
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if try self.peek() == UInt8(ascii: "]") {
            self.index += 1
            return .array(elements)
        }
        while true {
            self.skipWhitespace()
            elements.append(try self.value(depth: depth + 1))
            self.skipWhitespace()
            switch try self.peek() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"):
                self.index += 1
                return .array(elements)
            default: throw JSONSyntaxError()
            }
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        self.index += 1
        let start = self.index
        // Most strings have no escape: one scan, then one validated copy.
        while true {
            let byte = try self.peek()
            if byte == UInt8(ascii: "\"") {
                defer { self.index += 1 }
                return try Self.validated(UnsafeBufferPointer(rebasing: self.bytes[start..<self.index]))
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw JSONSyntaxError() }
            self.index += 1
        }
        var out = Array(self.bytes[start..<self.index])
        while true {
            let byte = try self.peek()
            self.index += 1
            switch byte {
            case UInt8(ascii: "\""): return try out.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try Self.validated(buffer) }
            case UInt8(ascii: "\\"):
                let escape = try self.peek()
                self.index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try self.unicodeEscape())
                default: throw JSONSyntaxError()
                }
            case 0..<0x20: throw JSONSyntaxError()
            default: out.append(byte)
            }
        }
    }

    /// `XXXX` after `\u`, joined with a following low surrogate; a lone surrogate is refused.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> String.UTF8View {
        var scalar = try self.hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            try self.expect("\\u")
            let low = try self.hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw JSONSyntaxError() }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw JSONSyntaxError() }
        return String(Character(unicode)).utf8
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try self.peek()
            self.index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func validated(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else { throw JSONSyntaxError() }
        return string
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = self.index
        func isDigit(_ i: Int) -> Bool { i < self.bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self.bytes[i]) }
        if try self.peek() == UInt8(ascii: "-") { self.index += 1 }
        guard isDigit(self.index) else { throw JSONSyntaxError() }
        if self.bytes[self.index] == UInt8(ascii: "0") {
            self.index += 1
        } else {
            while isDigit(self.index) { self.index += 1 }
        }
        var integral = true
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ".") {
            integral = false
            self.index += 1
            guard isDigit(self.index) else { throw JSONSyntaxError() }
            while isDigit(self.index) { self.index += 1 }
        }
        if self.index < self.bytes.count, self.bytes[self.index] | 0x20 == UInt8(ascii: "e") {
            integral = false
            self.index += 1
            if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-") {
                self.index += 1
            }
            guard isDigit(self.index) else { throw JSONSyntaxError() }
            while isDigit(self.index) { self.index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.index]), as: UTF8.self)
        if integral, let n = Int(text) { return .integer(n) }
        // Beyond a Double (`1e400`) is malformed, as `JSONSerialization` has it.
        guard let d = Double(text), d.isFinite else { throw JSONSyntaxError() }
        // `1e2` and `100.0` are whole numbers too, as `JSONDecoder` reads them into an `Int`.
        guard d == d.rounded(), let n = Int(exactly: d) else { return .number }
        return .integer(n)
    }
}

/// A request of the wrong shape; `path` names the field as `passengers[0].idNumber`, or
/// `body` for the whole request.
public struct JSONShapeError: Error, Equatable {
    public enum Kind: Sendable { case missing, wrongType, null }
    public let kind: Kind
    public let path: String
}

/// The members of one JSON object, read with the path of each field for refusals. Missing,
/// null and mistyped fields are refused the way `JSONDecoder` refuses them for a `Decodable`.
public struct JSONFields {
    private let members: [(key: String, value: JSONValue)]
    private let path: String

    public init(_ value: JSONValue, path: String = "") throws(JSONShapeError) {
        switch value {
        case .object(let members): (self.members, self.path) = (members, path)
        case .null: throw JSONShapeError(kind: .null, path: path.isEmpty ? "body" : path)
        default: throw JSONShapeError(kind: .wrongType, path: path.isEmpty ? "body" : path)
        }
    }

    private func field(_ key: String) -> String { self.path.isEmpty ? key : "\(self.path).\(key)" }

    /// `key`'s value taken apart by `extract`; nil when absent or null, `wrongType` when
    /// `extract` finds another type. The first of repeated keys counts, as for `JSONDecoder`.
    private func optional<T>(_ key: String, _ extract: (JSONValue) -> T?) throws(JSONShapeError) -> T? {
        guard let value = self.members.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        guard let typed = extract(value) else { throw JSONShapeError(kind: .wrongType, path: self.field(key)) }
        return typed
    }

    /// As `optional`, but absent is `missing` and null is `null`.
    private func required<T>(_ key: String, _ extract: (JSONValue) -> T?) throws(JSONShapeError) -> T {
        guard let typed = try self.optional(key, extract) else {
            throw JSONShapeError(kind: self.members.contains { $0.key == key } ? .null : .missing, path: self.field(key))
        }
        return typed
    }

    public func string(_ key: String) throws(JSONShapeError) -> String { try self.required(key, Self.string) }

    public func optionalString(_ key: String) throws(JSONShapeError) -> String? { try self.optional(key, Self.string) }

    public func int(_ key: String) throws(JSONShapeError) -> Int { try self.required(key, Self.integer) }

    public func optionalInt(_ key: String) throws(JSONShapeError) -> Int? { try self.optional(key, Self.integer) }

    /// An array of objects, each read by `element`.
    public func objects<T>(_ key: String, _ element: (JSONFields) throws(JSONShapeError) -> T) throws(JSONShapeError) -> [T] {
        try self.read(key, try self.required(key, Self.array), element)
    }

    public func optionalObjects<T>(_ key: String, _ element: (JSONFields) throws(JSONShapeError) -> T) throws(JSONShapeError) -> [T]? {
        guard let elements = try self.optional(key, Self.array) else { return nil }
        return try self.read(key, elements, element)
    }

    public func optionalObject<T>(_ key: String, _ read: (JSONFields) throws(JSONShapeError) -> T) throws(JSONShapeError) -> T? {
        guard let value = try self.optional(key, { $0 }) else { return nil }
        return try read(try JSONFields(value, path: self.field(key)))
    }

    private func read<T>(
        _ key: String,
        _ elements: [JSONValue],
        _ element: (JSONFields) throws(JSONShapeError) -> T
    ) throws(JSONShapeError) -> [T] {
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (i, e) in elements.enumerated() { result.append(try element(try JSONFields(e, path: "\(self.field(key))[\(i)]"))) }
        return result
    }

    private static func string(_ value: JSONValue) -> String? { if case .string(let s) = value { s } else { nil } }
    private static func integer(_ value: JSONValue) -> Int? { if case .integer(let n) = value { n } else { nil } }
    private static func array(_ value: JSONValue) -> [JSONValue]? { if case .array(let a) = value { a } else { nil } }
}

extension CreateBookingRequest {
    /// Reads a booking request, field by field in the order `Decodable` would, so the first
    /// refusal is the same.
    public init(json: JSONValue) throws(JSONShapeError) {
        let body = try JSONFields(json)
        self.init(
            sailingId: try body.string("sailingId"),
            passengers: try body.objects("passengers") { p throws(JSONShapeError) in
                Passenger(
                    name: try p.string("name"),
                    idType: try p.string("idType"),
                    idNumber: try p.string("idNumber"),
                    birthDate: try p.optionalString("birthDate"),
                    fareType: try p.string("fareType"),
                    seatClass: try p.optionalString("seatClass"),
                    guardian: try p.optionalInt("guardian"),
                    heightCm: try p.optionalInt("heightCm")
                )
            },
            vehicles: try body.optionalObjects("vehicles") { v throws(JSONShapeError) in
                Vehicle(
                    plate: try v.string("plate"),
                    kind: try v.string("kind"),
                    category: try v.string("category"),
                    driver: try v.int("driver"),
                    permit: try v.optionalString("permit")
                )
            },
            contact: try body.optionalObject("contact") { c throws(JSONShapeError) in Contact(phone: try c.optionalString("phone")) }
        )
    }
}
