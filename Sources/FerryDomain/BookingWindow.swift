import Foundation

/// When a sailing is on sale: `[departure − salesOpenDays × 24 h, departure − cut-off)`.
public struct BookingWindow: Sendable, Equatable {
    public let opensAt: Date
    public let closesAt: Date

    public init(departure: Date, salesOpenDays: Int, cutoffMinutes: Int) {
        self.opensAt = departure - TimeInterval(salesOpenDays) * 86_400
        self.closesAt = departure - TimeInterval(cutoffMinutes) * 60
    }

    /// Half-open: on sale at `opensAt`, no longer at `closesAt`.
    public func contains(_ now: Date) -> Bool { self.opensAt <= now && now < self.closesAt }

    /// Refuses with `outside_booking_window` and says which side of the window `now` is on.
    public func check(_ now: Date) throws(FerryError) {
        if now < self.opensAt {
            throw FerryError(.outsideBookingWindow, "This sailing goes on sale at \(LocalTime.format(self.opensAt)).")
        }
        if now >= self.closesAt {
            throw FerryError(.outsideBookingWindow, "Sales for this sailing closed at \(LocalTime.format(self.closesAt)).")
        }
    }

    /// When an unpaid hold made at `created` lapses: the hold time, or the close of sales if sooner.
    public func holdExpiry(created: Date, holdMinutes: Int) -> Date {
        min(created + TimeInterval(holdMinutes) * 60, self.closesAt)
    }
}
