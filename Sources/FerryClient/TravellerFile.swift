import Foundation

/// What `ferry` remembers for its user between runs: the bookings they hold with their
/// tokens (a token is the only key to a booking, so the file is the user's alone, mode
/// 0600), the phone number last given, and how far each booking's notices have been read.
public struct TravellerFile: Codable, Sendable, Equatable {
    public struct Booking: Codable, Sendable, Equatable {
        public var reference: String
        public var token: String
        public var server: String
        public var sailingId: String
        /// The seq of the last notice `ferry watch` showed for it: the next watch resumes there.
        public var lastNoticeSeq: Int?

        public init(reference: String, token: String, server: String, sailingId: String, lastNoticeSeq: Int? = nil) {
            self.reference = reference
            self.token = token
            self.server = server
            self.sailingId = sailingId
            self.lastNoticeSeq = lastNoticeSeq
        }
    }

    /// A booking sent whose answer never came: what was sent and under which key, so that
    /// the same `ferry book` run again sends exactly that, and the server answers with the
    /// booking it made then (or makes it now) instead of refusing the passengers as taken.
    public struct PendingBooking: Codable, Sendable, Equatable {
        public var key: String
        public var server: String
        /// The command as the traveller gave it (before the client chose a seat class).
        public var intent: String
        /// The request's JSON, byte for byte: the server replays only to the same body.
        public var body: String
        public var sentAt: Date

        public init(key: String, server: String, intent: String, body: String, sentAt: Date) {
            self.key = key
            self.server = server
            self.intent = intent
            self.body = body
            self.sentAt = sentAt
        }
    }

    /// How long the server keeps an answer to replay: a pending booking older is forgotten.
    public static let pendingLifetime: TimeInterval = 23 * 3600

    public var phone: String?
    public var bookings: [Booking] = []
    public var pending: [PendingBooking] = []

    public init() {}

    /// Files written before pending bookings were kept have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.phone = try c.decodeIfPresent(String.self, forKey: .phone)
        self.bookings = try c.decodeIfPresent([Booking].self, forKey: .bookings) ?? []
        self.pending = try c.decodeIfPresent([PendingBooking].self, forKey: .pending) ?? []
    }

    /// The booking sent for `intent` whose answer is still to be had, if any.
    public func pending(server: String, intent: String, at now: Date) -> PendingBooking? {
        self.pending.last { $0.server == server && $0.intent == intent && now.timeIntervalSince($0.sentAt) < Self.pendingLifetime }
    }

    /// Keeps `booking` until `settle` (or until the server no longer remembers it: `update`).
    public mutating func send(_ booking: PendingBooking) {
        self.pending.removeAll { $0.key == booking.key }
        self.pending.append(booking)
    }

    /// The answer to the booking sent under `key` has come (a booking or a refusal).
    public mutating func settle(key: String) {
        self.pending.removeAll { $0.key == key }
    }

    public func booking(_ reference: String) -> Booking? {
        self.bookings.first { $0.reference == reference.uppercased() }
    }

    /// Adds the booking, or updates the one with the same reference; how far its notices were
    /// read is kept unless `booking` says, so that `ferry watch` shows none of them twice.
    public mutating func remember(_ booking: Booking) {
        if let i = self.bookings.firstIndex(where: { $0.reference == booking.reference }) {
            let read = self.bookings[i].lastNoticeSeq
            self.bookings[i] = booking
            if booking.lastNoticeSeq == nil { self.bookings[i].lastNoticeSeq = read }
        } else {
            self.bookings.append(booking)
        }
    }

    /// Where the file lives: `$XDG_CONFIG_HOME/ferry/bookings.json`, else `~/.config/ferry/bookings.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return config + "/ferry/bookings.json"
    }

    /// The file's contents; an absent file is an empty one. One that is there but cannot be
    /// read (another owner, a directory) is an error: taken for empty, the next booking would
    /// write over every token it holds.
    public static func load(from path: String) throws -> TravellerFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return TravellerFile()
        } catch {
            throw FerryClientError.usage(
                "cannot read \(path) (\(error.localizedDescription)); your remembered bookings are in it, so fix its owner or permissions and try again."
            )
        }
        do {
            return try JSONDecoder().decode(TravellerFile.self, from: data)
        } catch {
            throw FerryClientError.usage("\(path) is not a bookings file this version can read; move it aside and try again.")
        }
    }

    /// Reads the file, lets `change` edit it, and writes it back, all under a lock, so two
    /// runs of `ferry` at once both keep what they did. The file is created readable by its
    /// owner only (mode 0600, in a 0700 directory) and replaced whole, never half-written.
    @discardableResult
    public static func update<T>(at path: String, _ change: (inout TravellerFile) throws -> T) throws -> T {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FerryClientError.usage("cannot create \(directory) (\(error.localizedDescription)).")
        }
        return try PrivateFile.withLock(on: path) {
            var file = try Self.load(from: path)
            let result = try change(&file)
            // Names and document numbers of a booking the server no longer remembers are not
            // kept a day longer than needed.
            let now = Date()
            file.pending.removeAll { now.timeIntervalSince($0.sentAt) >= Self.pendingLifetime }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try PrivateFile.write(try encoder.encode(file), to: path)
            return result
        }
    }
}
