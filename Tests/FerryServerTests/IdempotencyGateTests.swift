import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import FerryServer

@Suite struct IdempotencyGateTests {
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
        async let first = gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) {
            startedSignal.yield()
            for await _ in release { break }
            return (.created, Data("{\"n\":1}".utf8))
        }
        for await _ in started { break }
        await #expect(throws: FerryError(.idempotencyInProgress, "A request with this Idempotency-Key is still being processed; retry shortly.")) {
            try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { (.created, Data()) }
        }
        releaseSignal.yield()
        #expect(try await first.status == .created)
        // Once finished, the same key replays.
        let replay = try await gate.run(request, body: ByteBuffer(string: "{}"), engine: engine) { (.created, Data("{\"n\":2}".utf8)) }
        #expect(replay.status == .created)
        #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
    }
}
