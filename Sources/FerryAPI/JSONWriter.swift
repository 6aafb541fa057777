/// Writes JSON straight into bytes, for the answers sent on every sale.
///
/// Foundation's `JSONEncoder` builds a tree of boxed values, sorts every object's keys and
/// then serialises: about an eighth of the server's CPU per booking went there. A type that
/// is `JSONWritable` writes its fields itself, in sorted order, so the bytes are the same as
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` gives (a test holds every
/// such type to that).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the object or array being written has no member yet: no comma before it.
    private var first = true

    public init(capacity: Int = 1024) { self.bytes.reserveCapacity(capacity) }

    public static func bytes(_ value: some JSONWritable) -> [UInt8] {
        var writer = JSONWriter()
        value.write(to: &writer)
        return writer.bytes
    }

    /// An object whose members `body` writes with `field`, keys in sorted order.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        self.bytes.append(UInt8(ascii: "{"))
        let outer = self.first
        self.first = true
        body(&self)
        self.first = outer
        self.bytes.append(UInt8(ascii: "}"))
    }

    public mutating func field(_ name: StaticString, _ value: (some JSONWritable)?) {
        self.key(name)
        if let value { value.write(to: &self) } else { self.bytes.append(contentsOf: Self.null) }
    }

    public mutating func field(_ name: StaticString, _ value: some JSONWritable) {
        self.key(name)
        value.write(to: &self)
    }

    fileprivate mutating func array(_ values: [some JSONWritable]) {
        self.bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { self.bytes.append(UInt8(ascii: ",")) }
            value.write(to: &self)
        }
        self.bytes.append(UInt8(ascii: "]"))
    }

    /// An object from a dictionary, its keys in sorted (byte) order.
    fileprivate mutating func object(_ members: [String: some JSONWritable]) {
        self.object { o in
            for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                o.dynamicKey(key)
                value.write(to: &o)
            }
        }
    }

    private mutating func key(_ name: StaticString) {
        if !self.first { self.bytes.append(UInt8(ascii: ",")) }
        self.first = false
        self.bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
        self.bytes.append(contentsOf: Self.colon)
    }

    private mutating func dynamicKey(_ name: String) {
        if !self.first { self.bytes.append(UInt8(ascii: ",")) }
        self.first = false
        self.string(name)
        self.bytes.append(UInt8(ascii: ":"))
    }

    fileprivate mutating func string(_ s: String) {
        self.bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.bytes.append(contentsOf: Self.escapedQuote)
            case UInt8(ascii: "\\"): self.bytes.append(contentsOf: Self.escapedBackslash)
            case 0x0A: self.bytes.append(contentsOf: Self.escapedNewline)
            case 0x0D: self.bytes.append(contentsOf: Self.escapedReturn)
            case 0x09: self.bytes.append(contentsOf: Self.escapedTab)
            case 0x08: self.bytes.append(contentsOf: Self.escapedBackspace)
            case 0x0C: self.bytes.append(contentsOf: Self.escapedFormFeed)
            case 0..<0x20:
                self.bytes.append(contentsOf: Self.unicodeEscape)
                self.bytes.append(Self.hex[Int(byte >> 4)])
                self.bytes.append(Self.hex[Int(byte & 15)])
            default: self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    fileprivate mutating func int(_ n: Int) {
        // Fares and counts have at most 15 digits: a small string, not allocated.
        self.bytes.append(contentsOf: String(n).utf8)
    }

    private static let null = Array("null".utf8)
    private static let colon = Array("\":".utf8)
    private static let escapedQuote = Array(#"\""#.utf8)
    private static let escapedBackslash = Array(#"\\"#.utf8)
    private static let escapedNewline = Array(#"\n"#.utf8)
    private static let escapedReturn = Array(#"\r"#.utf8)
    private static let escapedTab = Array(#"\t"#.utf8)
    private static let escapedBackspace = Array(#"\b"#.utf8)
    private static let escapedFormFeed = Array(#"\f"#.utf8)
    private static let unicodeEscape = Array(#"\u00"#.utf8)
    private static let hex = Array("0123456789abcdef".utf8)
}

/// A value that writes itself as JSON.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

extension String: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(self) }
}

extension Int: JSONWritable {
    public func write(to json: inout JSONWriter) { json.int(self) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to json: inout JSONWriter) { json.array(self) }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    public func write(to json: inout JSONWriter) { json.object(self) }
}
