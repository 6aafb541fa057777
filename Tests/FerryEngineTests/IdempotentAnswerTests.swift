import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Testing

@Suite struct IdempotentAnswerTests {
    /// A stored answer is replayed for a day, then forgotten (it may hold a booking's token).
    @Test func answersAreForgottenADayLater() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let answer = { (at: Date) in StoredResponse(fingerprint: "f", status: 201, body: Array("{}".utf8), createdAt: at) }
        try await f.engine.save(response: answer(f.clock.now()), key: "early")
        f.clock.advance(seconds: 2 * 3600)
        try await f.engine.save(response: answer(f.clock.now()), key: "later")
        // 24 h after the first, to the second: not yet a day old.
        f.clock.advance(seconds: 22 * 3600)
        #expect(try await f.engine.forgetOldIdempotentAnswers() == 0)
        f.clock.advance(seconds: 1)
        #expect(try await f.engine.forgetOldIdempotentAnswers() == 1)
        #expect(try await f.engine.storedResponse(key: "early") == nil)
        #expect(try await f.engine.storedResponse(key: "later") != nil)
    }
}
