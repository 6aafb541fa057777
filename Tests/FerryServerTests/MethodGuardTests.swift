import FerryAPI
import HTTPTypes
import Testing

/// A path that exists answers an unoffered method 405 with `Allow`; an unknown path stays 404.
@Suite struct MethodGuardTests {
    @Test func wrongMethodIs405WithAllowAndUnknownPathIs404() async throws {
        try await withServer { c in
            let wrong = try await c.request(.delete, "/v1/sailings/\(ServerClient.smallSailing)")
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET, HEAD")
            #expect(try c.problem(wrong).code == "method_not_allowed")
            let put = try await c.request(.put, "/v1/notices")
            #expect(put.headers[.allow] == "GET, HEAD, POST")
            let unknown = try await c.request(.get, "/v1/nowhere")
            #expect(unknown.status == .notFound)
            #expect(try c.problem(unknown).code == "not_found")
            // A handler's own 404 (no such sailing) is not mistaken for a missing route.
            let noSailing = try await c.request(.get, "/v1/sailings/XCY-GQI-20261130-0731")
            #expect(noSailing.status == .notFound)
        }
    }

    /// The WebSocket path asked without an upgrade says so (426), rather than "no such path".
    @Test func aPlainRequestToTheWebSocketIs426() async throws {
        try await withServer { c in
            let plain = try await c.request(.get, "/v1/notices/ws")
            #expect(plain.status == .upgradeRequired)
            #expect(plain.headers[.upgrade] == "websocket")
            #expect(try c.problem(plain).code == "upgrade_required")
        }
    }

    /// HEAD answers as GET would, headers and status, with no body.
    @Test func headAnswersAsGetWithoutABody() async throws {
        try await withServer { c in
            let get = try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)")
            let head = try await c.request(.head, "/v1/sailings/\(ServerClient.smallSailing)")
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            // A stream has no length to state: HEAD gives its headers and none.
            let stream = try await c.request(.head, "/v1/notices/stream")
            #expect(stream.status == .ok && stream.body.readableBytes == 0)
            #expect(stream.headers[.contentType] == "text/event-stream")
            #expect(stream.headers[HTTPField.Name("X-Notice-Seq")!] != nil)
            #expect(stream.headers[.contentLength] == nil)
            let missing = try await c.request(.head, "/v1/sailings/XCY-GQI-20261130-0731")
            #expect(missing.status == .notFound)
            #expect(missing.body.readableBytes == 0)
        }
    }
}
