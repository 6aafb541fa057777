import Foundation
import Synchronization

/// Where every time-dependent rule gets "now". Injected so tests move time instead of sleeping.
public protocol FerryClock: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemClock: FerryClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to: for tests and for replaying a scenario.
public final class ManualClock: FerryClock {
    private let current: Mutex<Date>

    public init(_ start: Date) { self.current = Mutex(start) }

    public func now() -> Date { self.current.withLock { $0 } }

    public func set(_ instant: Date) { self.current.withLock { $0 = instant } }

    public func advance(seconds: TimeInterval) { self.current.withLock { $0 += seconds } }
}
