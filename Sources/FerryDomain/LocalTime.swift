import Foundation

/// The fixed offset of the network's time zone. Asia/Shanghai has had no daylight saving
/// since 1991, so a constant offset is exact for every date this system sells.
public enum LocalTime {
    public static let offsetSeconds = 8 * 3600

    /// The instant at which `date` reaches `minuteOfDay` local time.
    public static func instant(_ date: LocalDate, minuteOfDay: Int) -> Date {
        let seconds = date.dayNumber * 86_400 + minuteOfDay * 60 - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The local date on which `instant` falls.
    public static func date(of instant: Date) -> LocalDate {
        let local = Int(floor(instant.timeIntervalSince1970)) + offsetSeconds
        return LocalDate(dayNumber: Int(floor(Double(local) / 86_400)))
    }

    /// Minutes past local midnight of `instant` (seconds dropped).
    public static func minuteOfDay(of instant: Date) -> Int {
        let local = Int(floor(instant.timeIntervalSince1970)) + offsetSeconds
        return ((local % 86_400 + 86_400) % 86_400) / 60
    }

    /// RFC 3339 with the +08:00 offset, as the API speaks it: `2026-12-01T07:30:00+08:00`.
    public static func format(_ instant: Date) -> String {
        let local = Int(floor(instant.timeIntervalSince1970)) + offsetSeconds
        let day = LocalDate(dayNumber: Int(floor(Double(local) / 86_400)))
        let secs = ((local % 86_400) + 86_400) % 86_400
        // Written digit by digit: String(format:), then concatenation, dominated the cost of
        // encoding a search on Linux.
        guard (0...9999).contains(day.year) else {
            return day.description + "T" + pad2(secs / 3600) + ":" + pad2(secs % 3600 / 60) + ":" + pad2(secs % 60) + "+08:00"
        }
        var out: [UInt8] = []
        out.reserveCapacity(25)
        func digits(_ n: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(n / divisor % 10))
                divisor /= 10
            }
        }
        digits(day.year, 4)
        out.append(UInt8(ascii: "-"))
        digits(day.month, 2)
        out.append(UInt8(ascii: "-"))
        digits(day.day, 2)
        out.append(UInt8(ascii: "T"))
        digits(secs / 3600, 2)
        out.append(UInt8(ascii: ":"))
        digits(secs % 3600 / 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(secs % 60, 2)
        out.append(contentsOf: "+08:00".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// `HH:MM` for a minute of the day, as timetables write it.
    public static func hhmm(_ minuteOfDay: Int) -> String { pad2(minuteOfDay / 60) + ":" + pad2(minuteOfDay % 60) }

    /// Parses `HH:MM` into a minute of the day.
    public static func minuteOfDay(hhmm text: String) -> Int? {
        // Exactly two digits, a colon, two digits: `Int("+9")` would take a sign.
        let c = Array(text.utf8)
        let digit = { (i: Int) -> Int? in (0x30...0x39).contains(c[i]) ? Int(c[i] - 0x30) : nil }
        guard c.count == 5, c[2] == UInt8(ascii: ":"), let h1 = digit(0), let h2 = digit(1), let m1 = digit(3), let m2 = digit(4) else { return nil }
        let (h, m) = (h1 * 10 + h2, m1 * 10 + m2)
        guard h < 24, m < 60 else { return nil }
        return h * 60 + m
    }

    /// Parses RFC 3339 with any explicit offset (`Z` or `±hh:mm`); fractional seconds allowed.
    /// A timestamp without an offset is refused: local time would be a guess.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<(from + len)] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard chars.count >= 20, let y = num(0, 4), chars[4] == 45, let mo = num(5, 2), chars[7] == 45,
            let d = num(8, 2), chars[10] == 84 || chars[10] == 116, let h = num(11, 2), chars[13] == 58,
            let mi = num(14, 2), chars[16] == 58, let s = num(17, 2),
            let date = LocalDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < chars.count, chars[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                fraction += Double(chars[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        guard i < chars.count else { return nil }
        if chars[i] == 90 || chars[i] == 122 {
            guard i + 1 == chars.count else { return nil }
        } else if chars[i] == 43 || chars[i] == 45 {
            guard i + 6 == chars.count, let oh = num(i + 1, 2), chars[i + 3] == 58, let om = num(i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (chars[i] == 43 ? 1 : -1)
        } else {
            return nil
        }
        let seconds = date.dayNumber * 86_400 + h * 3600 + mi * 60 + s - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }
}

/// `n` as at least two digits, zero-padded.
@inline(__always) func pad2(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
