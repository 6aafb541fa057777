import FerryAPI
import FerryClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The client's promise behind `ferryctl notices --follow` and `ferry watch`: a lost
/// connection is resumed by seq, with nothing missed and nothing twice. A scripted server
/// drops the stream at will, which the real one only does on shutdown or overload.
@Suite struct NoticeFeedTests {
    static func notice(_ seq: Int) -> String {
        let n = NoticeJSON(
            seq: seq,
            type: "delayed",
            sailingId: "XCY-GQI-20261130-0730",
            routeId: "XCY-GQI",
            reason: "weather_wind",
            title: nil,
            message: nil,
            createdAt: "2026-11-29T10:00:00+08:00",
            departure: "2026-11-30T09:00:00+08:00",
            decisionAt: nil,
            vessel: nil,
            routeIds: [],
            ports: [],
            affectedBookings: 1
        )
        let json = String(decoding: (try? JSONEncoder().encode(n)) ?? Data(), as: UTF8.self)
        return "id: \(seq)\nevent: delayed\ndata: \(json)\n\n"
    }

    @Test func aDroppedStreamResumesFromTheLastSeqWithoutGapOrRepeat() async throws {
        let seen = Mutex<[String?]>([])  // the Last-Event-ID of each connection
        let router = Router()
        router.get("/v1/notices/stream") { request, _ -> Response in
            if request.uri.queryParameters.get("booking") == "GONE" {
                let problem = #"{"type":"about:blank","title":"Not Found","status":404,"detail":"No booking GONE.","code":"not_found"}"#
                return Response(
                    status: .notFound,
                    headers: [.contentType: "application/problem+json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: problem))
                )
            }
            let lastEventId = request.headers[HTTPField.Name("Last-Event-ID")!]
            let attempt = seen.withLock { list in
                list.append(lastEventId)
                return list.count
            }
            // 1: a live-only stream that starts after seq 4 and drops before any notice.
            // 2: notice 5, then drops. 3: 5 again (a server replaying generously), then 6 and 7.
            let body: String
            switch attempt {
            case 1: body = ": ferry notices\n\n"
            case 2: body = Self.notice(5)
            default: body = Self.notice(5) + Self.notice(6) + Self.notice(7)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", HTTPField.Name("X-Notice-Seq")!: "4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body))
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let ferry = FerryClient(server: URL(string: "http://127.0.0.1:\(port)")!)
            var received: [Int] = []
            for try await notice in ferry.followNotices(firstRetrySeconds: 0.01) {
                received.append(notice.seq)
                if notice.seq == 7 { break }
            }
            #expect(received == [5, 6, 7])
            #expect(seen.withLock { Array($0.prefix(3)) } == [nil, "4", "5"])

            // A refusal is not retried: it ends the feed with the server's problem.
            await #expect {
                for try await _ in ferry.followNotices(booking: "GONE", token: "t", firstRetrySeconds: 0.01) {}
            } throws: { error in
                guard case FerryClientError.problem(let problem) = error else { return false }
                return problem.code == "not_found"
            }
        }
    }
}
