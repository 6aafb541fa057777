import Testing

@testable import FerryClient

@Suite struct EventStreamParserTests {
    static let stream =
        "retry: 3000\n: ferry notices\n\nid: 7\nevent: cancelled\ndata: {\"seq\":7}\n\n: heartbeat\n\nid: 8\r\nevent: delayed\r\ndata: a\r\ndata: b\r\n\r\n"

    /// However the bytes are split across reads, the same events come out.
    @Test(arguments: [1, 2, 3, 5, 8, 13, 1000])
    func sameEventsWhateverTheChunking(size: Int) {
        var parser = EventStreamParser()
        var events: [ServerSentEvent] = []
        let bytes = Array(Self.stream.utf8)
        for start in stride(from: 0, to: bytes.count, by: size) {
            events += parser.feed(bytes[start..<min(start + size, bytes.count)])
        }
        #expect(
            events == [
                ServerSentEvent(id: "7", event: "cancelled", data: "{\"seq\":7}"),
                ServerSentEvent(id: "8", event: "delayed", data: "a\nb"),
            ]
        )
        #expect(parser.retryMilliseconds == 3000)
    }

    @Test func commentsAndIdOnlyBlocksDispatchNothingAndTheIdCarriesOver() {
        var parser = EventStreamParser()
        #expect(parser.feed(Array(": only a comment\n\nid: 4\n\n".utf8)).isEmpty)
        #expect(parser.feed(Array("data: x\n\n".utf8)) == [ServerSentEvent(id: "4", event: "message", data: "x")])
        // An unfinished event is held until its blank line.
        #expect(parser.feed(Array("data: y\n".utf8)).isEmpty)
        #expect(parser.feed(Array("\n".utf8)).map(\.data) == ["y"])
    }
}
