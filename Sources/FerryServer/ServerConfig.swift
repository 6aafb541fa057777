import FerryDomain
import Foundation

/// Where the server listens, where it keeps its data, and the policies it enforces.
public struct ServerConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./data"
    /// Registered as an admin key at start-up, so a fresh install can create other keys.
    public var adminKey: String?
    /// The secret a payment provider signs its callbacks with. Set, online payments are
    /// confirmed only by those callbacks; unset, the server runs payments in demo mode.
    public var paymentSecret: String?
    public var policy = Policy()
    /// Lets the server make a new ticket-signing key although the database holds valid
    /// tickets (`ferryd --new-signing-key`): the key is lost, and those codes with it.
    public var newSigningKey = false
    /// How often unpaid holds are swept and sailings materialised.
    public var upkeepIntervalSeconds: Double = 5
    /// How often an idle notice stream sends a heartbeat comment.
    public var heartbeatSeconds: Double = 15

    public init() {}

    public var databasePath: String { URL(fileURLWithPath: self.dataDirectory).appendingPathComponent("ferry.sqlite").path }

    /// The Ed25519 key ticket codes are signed with, created on first start (mode 0600).
    public var signingKeyPath: String {
        URL(fileURLWithPath: self.dataDirectory).appendingPathComponent("ticket-signing-key.pem").path
    }

    /// Reads `FERRY_*` variables over the defaults. Unparseable numbers are refused, not ignored.
    public mutating func apply(environment env: [String: String]) throws {
        if let v = env["FERRY_HOST"] { self.host = v }
        if let v = env["FERRY_PORT"] { self.port = try Self.int(v, "FERRY_PORT", 0...65535) }
        if let v = env["FERRY_DATA_DIR"] { self.dataDirectory = v }
        if let v = env["FERRY_ADMIN_KEY"], !v.isEmpty { self.adminKey = v }
        if let v = env["FERRY_PAYMENT_SECRET"], !v.isEmpty {
            guard v.utf8.count >= 32 else {
                throw ConfigError(message: "FERRY_PAYMENT_SECRET must be at least 32 characters, as the provider issued it")
            }
            self.paymentSecret = v
        }
        if let v = env["FERRY_HOLD_MINUTES"] { self.policy.holdMinutes = try Self.int(v, "FERRY_HOLD_MINUTES", 1...1440) }
        if let v = env["FERRY_ONLINE_CUTOFF_MINUTES"] {
            self.policy.onlineCutoffMinutes = try Self.int(v, "FERRY_ONLINE_CUTOFF_MINUTES", 0...1440)
        }
        if let v = env["FERRY_COUNTER_CUTOFF_MINUTES"] {
            self.policy.counterCutoffMinutes = try Self.int(v, "FERRY_COUNTER_CUTOFF_MINUTES", 0...1440)
        }
        if let v = env["FERRY_GREEN_RESERVE_PERCENT"] {
            self.policy.greenReservePercent = try Self.int(v, "FERRY_GREEN_RESERVE_PERCENT", 0...100)
        }
        if let v = env["FERRY_RESIDENT_RESERVE_PERCENT"] {
            self.policy.residentReservePercent = try Self.int(v, "FERRY_RESIDENT_RESERVE_PERCENT", 0...100)
        }
        if let v = env["FERRY_RESIDENT_RELEASE_HOURS"] {
            self.policy.residentReleaseHours = try Self.int(v, "FERRY_RESIDENT_RELEASE_HOURS", 0...720)
        }
        if let v = env["FERRY_REFUND_TIERS"] {
            guard let tiers = RefundPolicy.tiers(v) else {
                throw ConfigError(
                    message: "FERRY_REFUND_TIERS is hours:percent pairs, most hours first, ending at 0 hours (24:0,2:10,0:20), not \"\(v)\""
                )
            }
            self.policy.refunds.refundTiers = tiers
        }
        if let v = env["FERRY_REBOOK_CUTOFF_MINUTES"] {
            self.policy.refunds.rebookCutoffMinutes = try Self.int(v, "FERRY_REBOOK_CUTOFF_MINUTES", 0...1440)
        }
        if let v = env["FERRY_REBOOK_FREE_HOURS"] { self.policy.refunds.rebookFreeHours = try Self.int(v, "FERRY_REBOOK_FREE_HOURS", 0...720) }
        if let v = env["FERRY_REBOOK_FEE_PERCENT"] { self.policy.refunds.rebookFeePercent = try Self.int(v, "FERRY_REBOOK_FEE_PERCENT", 0...100) }
        if let v = env["FERRY_DISRUPTION_DELAY_MINUTES"] {
            self.policy.refunds.disruptionDelayMinutes = try Self.int(v, "FERRY_DISRUPTION_DELAY_MINUTES", 0...1440)
        }
        if let v = env["FERRY_BOARDING_OPEN_MINUTES"] {
            self.policy.boardingOpenMinutes = try Self.int(v, "FERRY_BOARDING_OPEN_MINUTES", 1...1440)
        }
        if let v = env["FERRY_GREEN_RELEASE_HOURS"] {
            self.policy.greenReleaseHours = try Self.int(v, "FERRY_GREEN_RELEASE_HOURS", 0...720)
        }
    }

    /// What no single setting shows: checked once flags and environment are both read.
    public func check() throws {
        guard (0...65535).contains(self.port) else { throw ConfigError(message: "the port must be in 0...65535, not \(self.port)") }
        guard !self.dataDirectory.isEmpty else { throw ConfigError(message: "the data directory must not be empty") }
        let reserved = self.policy.greenReservePercent + self.policy.residentReservePercent
        guard reserved <= 100 else {
            throw ConfigError(
                message: "FERRY_GREEN_RESERVE_PERCENT and FERRY_RESIDENT_RESERVE_PERCENT add up to \(reserved)%: a deck has 100% to split"
            )
        }
    }

    private static func int(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigError(message: "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), not \"\(text)\"")
        }
        return value
    }
}

/// A configuration value that cannot be used.
public struct ConfigError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { self.message }
}
