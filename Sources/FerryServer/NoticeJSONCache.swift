import FerryAPI
import FerryDomain
import Synchronization

/// The JSON of recent notices, encoded once and shared by every subscriber.
///
/// A notice pushed to a thousand subscribers was encoded a thousand times, which was most of
/// the fan-out's CPU; a notice never changes once written, so its seq is a sound key (within
/// one database: each application has its own cache).
final class NoticeJSONCache: Sendable {
    private struct State {
        var json: [Int: String] = [:]
        var order: [Int] = []
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 256) { self.capacity = capacity }

    func json(_ notice: Notice) throws -> String {
        if let cached = self.state.withLock({ $0.json[notice.seq] }) { return cached }
        let json = String(decoding: try Wire.encode(NoticeJSON(notice)), as: UTF8.self)
        self.state.withLock { state in
            guard state.json.updateValue(json, forKey: notice.seq) == nil else { return }
            state.order.append(notice.seq)
            if state.order.count > self.capacity { state.json.removeValue(forKey: state.order.removeFirst()) }
        }
        return json
    }
}
