import FerryDomain
import Foundation

/// Valid, distinct identities and scratch folders for tests.
public enum TestData {
    /// A valid 18-character citizen number for person `n` born on `birth` (`YYYYMMDD`):
    /// distinct for every `n` below 1,000 per birth date.
    public static func citizenId(_ n: Int, birth: String = "19800101", region: String = "330100") -> String {
        let body = region + birth + String(format: "%03d", n % 1000)
        return body + String(CitizenNumber.checkCharacter(for: body)!)
    }

    /// A distinct adult identity for any `n`, spreading over birth dates.
    public static func adultId(_ n: Int) -> String {
        self.citizenId(n % 1000, birth: String(format: "19%02d0101", 50 + n / 1000))
    }

    /// A fresh folder under the system temp directory; delete it with `remove`.
    public static func scratchDirectory() -> String {
        let path = NSTemporaryDirectory() + "ferry-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// 10:00 local on 29 November 2026: the fixed "now" of engine and server tests.
    public static let now = LocalTime.parse("2026-11-29T10:00:00+08:00")!
}
