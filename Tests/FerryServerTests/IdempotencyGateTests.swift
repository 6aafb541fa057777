import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Testing

@testable import FerryServer

@Suite struct IdempotencyGateTests {
    static func bookingRequest(key: String) -> Request {
        Request(
            head: HTTPRequest(
                method: .post,
                scheme: "http",
                authority: "localhost",
                path: "/v1/bookings",
                headerFields: [HTTPField.Name("Idempotency-Key")!: key]
            ),
            body: .init(buffer: ByteBuffer())
        )
    }

    static func seededEngine(_ directory: String) async throws -> Engine<GRDBStore> {
        let engine = Engine(store: try GRDBStore(path: directory + "/ferry.sqlite"), signer: try .ephemeral(), clock: ManualClock(TestData.now))
        try await engine.bootstrap(adminKey: nil)
        return engine
    }

    static let booking = BookingRequest(
        sailingId: "XCY-LHA-20261130-0840",
        passengers: [PassengerRequest(name: "旅客", idType: .residentId, idNumber: TestData.adultId(1), fareType: .adult)],
        channel: .online
    )

    /// The answer is stored by the booking's own commit: when the answer is lost after it
    /// (the connection drops, the process dies before another write), a retry replays it,
    /// token and all, instead of booking again and being refused as a duplicate.
    @Test func anAnswerLostAfterTheCommitIsReplayed() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let engine = try await Self.seededEngine(directory)
        let gate = IdempotencyGate()
        let request = Self.bookingRequest(key: "lost-1")
        let sent = Mutex<Data?>(nil)
        await #expect(throws: CancellationError.self) {
            _ = try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { answering in
                let render: @Sendable ((booking: Booking, token: String)) throws -> (HTTPResponse.Status, Data) = {
                    (.created, Data("\($0.booking.reference) \($0.token)".utf8))
                }
                let (status, data) = try render(try await engine.book(Self.booking, answer: answering?.answer(render)))
                sent.withLock { $0 = data }
                _ = status
                throw CancellationError()  // the answer never leaves
            }
        }
        let first = try #require(sent.withLock { $0 })
        let replay = try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { _ in
            Issue.record("the retry ran the booking again")
            return (.internalServerError, Data())
        }
        #expect(replay.status == .created)
        #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        let body = BodyCollector()
        try await replay.body.write(body)
        #expect(body.data.withLock { $0 } == first)
    }

    /// A command that rendered its answer in a transaction that was then undone (a batch that
    /// failed as a whole and ran again alone), and was refused on the second run, committed
    /// nothing: its refusal is stored and replayed.
    @Test func aRefusalAfterAnUndoneRenderIsStored() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let engine = try await Self.seededEngine(directory)
        let gate = IdempotencyGate()
        let request = Self.bookingRequest(key: "undone-1")
        let first = try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { answering in
            let answer = try #require(answering).answer { (_: Int) in (.created, Data("{}".utf8)) }
            _ = try answer.render(1)
            throw FerryError(.soldOut, "Sold out.")
        }
        #expect(first.status == .conflict)
        let replay = try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { _ in
            Issue.record("the retry ran the command again")
            return (.created, Data())
        }
        #expect(replay.status == .conflict)
        #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
    }

    /// A booking and its stored answer commit together: an answer that cannot be stored
    /// takes the booking with it.
    @Test func aBookingWhoseAnswerCannotBeStoredIsNotKept() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let engine = try await Self.seededEngine(directory)
        struct Unrenderable: Error {}
        let failing = IdempotentAnswer<(booking: Booking, token: String)>(key: "k", fingerprint: "f") { _ in throw Unrenderable() }
        await #expect(throws: Unrenderable.self) { _ = try await engine.book(Self.booking, answer: failing) }
        #expect(try await engine.storedResponse(key: "k") == nil)
        // The passenger was not booked: the same booking goes through now.
        let stored = IdempotentAnswer<(booking: Booking, token: String)>(key: "k", fingerprint: "f") { (201, Array($0.token.utf8)) }
        let (_, token) = try await engine.book(Self.booking, answer: stored)
        #expect(try await engine.storedResponse(key: "k")?.body == Array(token.utf8))
    }

    /// While the first request with a key is still running, a second gets `409`.
    @Test func aRetryWhileTheFirstRunsIsRefused() async throws {
        let engine = Engine(store: try GRDBStore(), signer: try .ephemeral())
        let gate = IdempotencyGate()
        let request = Request(
            head: HTTPRequest(
                method: .post,
                scheme: "http",
                authority: "localhost",
                path: "/v1/bookings",
                headerFields: [HTTPField.Name("Idempotency-Key")!: "k"]
            ),
            body: .init(buffer: ByteBuffer())
        )
        let (started, startedSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        async let first = gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { _ in
            startedSignal.yield()
            for await _ in release { break }
            return (.created, Data("{\"n\":1}".utf8))
        }
        for await _ in started { break }
        await #expect(throws: FerryError(.idempotencyInProgress, "A request with this Idempotency-Key is still being processed; retry shortly.")) {
            try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { _ in (.created, Data()) }
        }
        releaseSignal.yield()
        #expect(try await first.status == .created)
        // Once finished, the same key replays.
        let replay = try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { _ in (.created, Data("{\"n\":2}".utf8)) }
        #expect(replay.status == .created)
        #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
    }
}

/// Reads a response body back in a test.
private final class BodyCollector: ResponseBodyWriter, Sendable {
    let data = Mutex(Data())

    func write(_ buffer: ByteBuffer) async throws { self.data.withLock { $0.append(contentsOf: buffer.readableBytesView) } }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
