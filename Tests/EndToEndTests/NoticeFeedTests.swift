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

    @Test(.timeLimit(.minutes(1))) func aDroppedStreamResumesFromTheLastSeqWithoutGapOrRepeat() async throws {
        let seen = Mutex<[String?]>([])  // the Last-Event-ID of each connection
        let head = Mutex(4)  // the server's last notice
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
            // Resuming from 9, past this server's last notice (4, after a restore): it says it
            // starts after 4, then publishes 5, 6 and 7.
            let body: String
            switch (attempt, lastEventId) {
            case (_, "9"): body = Self.notice(5) + Self.notice(6) + Self.notice(7)
            case (1, _): body = ": ferry notices\n\n"
            case (2, _): body = Self.notice(5)
            default: body = Self.notice(5) + Self.notice(6) + Self.notice(7)
            }
            // It says where it starts, as ferryd does: the resume position, never past its last notice.
            let start = head.withLock { head in
                if lastEventId == "9" { head = 4 }  // the restored database
                let start = lastEventId.flatMap(Int.init).map { min($0, head) } ?? head
                head = attempt == 2 ? 5 : 7
                return start
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", HTTPField.Name("X-Notice-Seq")!: "\(start)"],
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

            // A position past the server's last notice (its database was restored from a
            // backup): the client starts where the server says, and misses the new notices not.
            var afterRestore: [Int] = []
            for try await notice in ferry.followNotices(since: 9, firstRetrySeconds: 0.01) {
                afterRestore.append(notice.seq)
                if notice.seq == 7 { break }
            }
            #expect(afterRestore == [5, 6, 7])

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
