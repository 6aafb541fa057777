import Foundation

/// A published schedule change or announcement, numbered without gaps so a client that
/// reconnects can ask for everything after the last one it saw.
public struct Notice: Sendable, Equatable {
    public let seq: Int
    public let type: NoticeType
    public let sailingId: String?
    public let routeId: String?
    public let reason: DisruptionReason?
    public let title: String?
    public let message: String?
    public let createdAt: Date
    /// For `delayed`, the new departure; for `added` and `resumed`, the departure.
    public let departure: Date?
    /// For `weather_pending`, when the decision will be taken.
    public let decisionAt: Date?
    /// For `vessel_changed` and `added`, the vessel.
    public let vesselId: String?
    /// For announcements: the routes and ports it is addressed to (empty: everyone).
    public let routeIds: [String]
    public let ports: [String]
    /// The live bookings it affects: they list it, and a subscriber filtered by booking sees it.
    public let bookings: [String]

    public var affectedBookings: Int { self.bookings.count }

    public init(
        seq: Int,
        type: NoticeType,
        sailingId: String? = nil,
        routeId: String? = nil,
        reason: DisruptionReason? = nil,
        title: String? = nil,
        message: String? = nil,
        createdAt: Date,
        departure: Date? = nil,
        decisionAt: Date? = nil,
        vesselId: String? = nil,
        routeIds: [String] = [],
        ports: [String] = [],
        bookings: [String] = []
    ) {
        self.seq = seq
        self.type = type
        self.sailingId = sailingId
        self.routeId = routeId
        self.reason = reason
        self.title = title
        self.message = message
        self.createdAt = createdAt
        self.departure = departure
        self.decisionAt = decisionAt
        self.vesselId = vesselId
        self.routeIds = routeIds
        self.ports = ports
        self.bookings = bookings
    }

    /// Whether a subscriber asking for `route`, `sailing` and `booking` (each optional) sees it.
    /// An announcement to routes is seen by subscribers of those routes and of their sailings,
    /// and by the holder of a booking on one (`bookingScope`): "Lizhushan pier closed until
    /// noon" concerns every traveller booked through it.
    public func matches(route: String?, sailing: String?, booking: String?, bookingScope: BookingScope? = nil) -> Bool {
        if let booking, !self.bookings.contains(booking) {
            guard self.type == .announcement, let bookingScope, self.createdAt >= bookingScope.since,
                bookingScope.routeId.map(self.addresses(route:)) ?? true
            else { return false }
        }
        if let sailing {
            guard self.sailingId == sailing || (self.type == .announcement && self.addresses(route: Sailing.routeId(of: sailing))) else {
                return false
            }
        }
        if let route {
            guard self.routeId == route || (self.type == .announcement && self.addresses(route: route)) else { return false }
        }
        return true
    }

    /// An announcement to everyone addresses any route, even one named by a sailing id of no
    /// known shape (`route` nil).
    private func addresses(route: String?) -> Bool {
        if self.routeIds.isEmpty && self.ports.isEmpty { return true }
        guard let route else { return false }
        return self.routeIds.contains(route) || route.split(separator: "-").contains { self.ports.contains(String($0)) }
    }
}

/// The announcements a booking's holder hears: those to its route made since it was booked
/// (older ones were news before it existed).
public struct BookingScope: Sendable, Equatable {
    /// Nil for any route.
    public let routeId: String?
    public let since: Date

    public init(routeId: String?, since: Date) {
        self.routeId = routeId
        self.since = since
    }

    /// Every announcement: what a booking's subscription takes before its booking is read.
    public static let anyAnnouncement = BookingScope(routeId: nil, since: .distantPast)
}

public enum NoticeType: String, Sendable, Codable, CaseIterable {
    case delayed
    case weatherPending = "weather_pending"
    case cancelled
    case vesselChanged = "vessel_changed"
    case added
    case announcement
    /// A weather-pending sailing goes after all (雾散开航): back to scheduled, or delayed.
    case resumed
}

/// Why a sailing is delayed, pending or cancelled.
public enum DisruptionReason: String, Sendable, Codable, CaseIterable {
    case weatherWind = "weather_wind"
    case weatherFog = "weather_fog"
    case technical
    case other
}

extension Sailing {
    /// The route part of a sailing id: `XCY-GQI-20261201-0730` → `XCY-GQI`.
    public static func routeId(of sailingId: String) -> String? {
        let parts = sailingId.split(separator: "-")
        guard parts.count >= 4 else { return nil }
        return parts.dropLast(2).joined(separator: "-")
    }
}
