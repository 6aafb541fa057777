import FerryClient
import FerryTestSupport
import Foundation
import Testing

@Suite struct TravellerFileTests {
    /// No file yet is no booking yet; a file that is there but cannot be read is an error, so
    /// that the next booking does not write over the tokens it holds.
    @Test func aMissingFileIsEmptyAndAnUnreadableOneIsAnError() throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let path = directory + "/ferry/bookings.json"
        #expect(try TravellerFile.load(from: path) == TravellerFile())

        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: FerryClientError.self) { try TravellerFile.load(from: path) }
        #expect(throws: FerryClientError.self) {
            try TravellerFile.update(at: path) { $0.phone = "13800000000" }
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    /// Remembering a booking again (`ferry show REF --token T`) keeps how far its notices were
    /// read, so `ferry watch` does not show them twice.
    @Test func rememberingABookingAgainKeepsItsNoticePosition() {
        var file = TravellerFile()
        file.remember(.init(reference: "K7QX2M", token: "t", server: "http://s", sailingId: "A", lastNoticeSeq: 12))
        file.remember(.init(reference: "K7QX2M", token: "t2", server: "http://s", sailingId: "B"))
        #expect(file.booking("K7QX2M")?.lastNoticeSeq == 12)
        #expect(file.booking("K7QX2M")?.token == "t2")
        #expect(file.booking("K7QX2M")?.sailingId == "B")
    }

    /// A file from before pending bookings were kept still reads; a pending booking is found
    /// by the same command on the same server while the server still keeps its answer, and
    /// is gone once settled.
    @Test func aPendingBookingIsFoundByItsCommandUntilSettledOrForgotten() throws {
        let old = #"{"bookings":[{"reference":"K7QX2M","token":"t","server":"http://s","sailingId":"A"}],"phone":"13800000000"}"#
        var file = try JSONDecoder().decode(TravellerFile.self, from: Data(old.utf8))
        #expect(file.bookings.count == 1 && file.pending.isEmpty)
        let sent = Date() - 2 * 86_400
        file.send(.init(key: "k1", server: "http://s", intent: "book A", body: "{}", sentAt: sent))
        #expect(file.pending(server: "http://s", intent: "book A", at: sent + 3600)?.key == "k1")
        #expect(file.pending(server: "http://other", intent: "book A", at: sent + 3600) == nil)
        #expect(file.pending(server: "http://s", intent: "book B", at: sent + 3600) == nil)
        #expect(file.pending(server: "http://s", intent: "book A", at: sent + 24 * 3600) == nil)
        file.send(.init(key: "k2", server: "http://s", intent: "book B", body: "{}", sentAt: sent + 60))
        file.settle(key: "k2")
        #expect(file.pending.map(\.key) == ["k1"])
        // Written back a day later, the file forgets the one the server no longer remembers.
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let path = directory + "/ferry/bookings.json"
        try TravellerFile.update(at: path) { $0 = file }
        #expect(try TravellerFile.load(from: path).pending.isEmpty)
    }
}
