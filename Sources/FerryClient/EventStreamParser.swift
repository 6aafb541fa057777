import Foundation

/// One Server-Sent Event as dispatched (WHATWG HTML §9.2.6).
public struct ServerSentEvent: Sendable, Equatable {
    public var id: String?
    public var event: String
    public var data: String
}

/// An incremental `text/event-stream` parser: feed it bytes as they arrive, in any chunks,
/// and it returns the events completed so far. Comments (heartbeats) are skipped.
struct EventStreamParser {
    /// The `retry:` the server asked for, in milliseconds.
    private(set) var retryMilliseconds: Int?
    private var pending: [UInt8] = []
    private var id: String?
    private var event = ""
    private var data: [String] = []
    private var sawCarriageReturn = false

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n") where self.sawCarriageReturn:
                self.sawCarriageReturn = false  // the \n of a \r\n: the line already ended
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                self.sawCarriageReturn = byte == UInt8(ascii: "\r")
                if let event = self.line(String(decoding: self.pending, as: UTF8.self)) { events.append(event) }
                self.pending.removeAll(keepingCapacity: true)
            default:
                self.sawCarriageReturn = false
                self.pending.append(byte)
            }
        }
        return events
    }

    private mutating func line(_ line: String) -> ServerSentEvent? {
        if line.isEmpty { return self.dispatch() }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = ""
        }
        switch field {
        case "data": self.data.append(String(value))
        case "event": self.event = String(value)
        case "id" where !value.contains("\0"): self.id = String(value)
        case "retry": if let ms = Int(value), ms >= 0 { self.retryMilliseconds = ms }
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            self.data = []
            self.event = ""
        }
        guard !self.data.isEmpty else { return nil }
        return ServerSentEvent(id: self.id, event: self.event.isEmpty ? "message" : self.event, data: self.data.joined(separator: "\n"))
    }
}
