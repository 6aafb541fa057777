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
}
