import Foundation

/// One departure of one route. Its id is derived from the schedule and never changes,
/// even when the departure is delayed.
public struct Sailing: Hashable, Sendable {
    public let id: String
    public let routeId: String
    public let scheduledDeparture: Date
    public var departure: Date
    public var vesselId: String
    public var status: Status
    /// The timetable that materialised it; nil for an extra sailing an operator added.
    public var timetableId: String? = nil
    /// Why it is delayed, weather-pending or cancelled; nil while it sails as scheduled.
    public var reason: DisruptionReason? = nil
    /// When a weather-pending sailing's fate will be decided; nil in any other status.
    public var decisionAt: Date? = nil

    public enum Status: String, Sendable, Codable {
        case scheduled, delayed
        case weatherPending = "weather_pending"
        case cancelled, departed
    }

    public init(id: String, routeId: String, scheduledDeparture: Date, departure: Date, vesselId: String, status: Status) {
        self.id = id
        self.routeId = routeId
        self.scheduledDeparture = scheduledDeparture
        self.departure = departure
        self.vesselId = vesselId
        self.status = status
    }

    /// How far past its scheduled departure a sailing may be delayed: a boat held longer
    /// than a week is cancelled, not delayed.
    public static let longestDelay: TimeInterval = 7 * 86_400
    /// How far ahead an operator may add an extra sailing.
    public static let furthestExtraSailing: TimeInterval = 366 * 86_400

    /// `XCY-GQI-20261201-0730`: route, local date and local scheduled time.
    public static func makeId(routeId: String, scheduledDeparture: Date) -> String {
        let date = LocalTime.date(of: scheduledDeparture)
        let minute = LocalTime.minuteOfDay(of: scheduledDeparture)
        return routeId + "-" + date.compact + "-" + pad2(minute / 60) + pad2(minute % 60)
    }

    /// The status a client sees at `now`: a sailing whose departure has passed has departed,
    /// unless it was cancelled.
    public func status(at now: Date) -> Status {
        if self.status != .cancelled && now >= self.departure { return .departed }
        return self.status
    }
}
