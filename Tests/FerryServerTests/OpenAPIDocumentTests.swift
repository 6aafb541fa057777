import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Testing

@testable import FerryServer

/// `Schemas/openapi.yaml` must document every route the server answers, and no other.
@Suite struct OpenAPIDocumentTests {
    static let documentURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schemas/openapi.yaml")

    /// `METHOD /path/{param}` for every operation under `paths:` (paths at two spaces,
    /// methods at four, as the document is written).
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: self.documentURL, encoding: .utf8)
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") {
                inPaths = true
                continue
            }
            if inPaths, let first = line.first, first != " ", first != "#" { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).prefix { $0 != ":" })
            } else if line.hasPrefix("    ") && !line.hasPrefix("     "), let path {
                let key = line.dropFirst(4).prefix { $0 != ":" }
                if methods.contains(String(key)) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test func everyServedRouteIsDocumented() throws {
        let router = buildRouter(engine: Engine(store: try GRDBStore(), signer: try .ephemeral()))
        let routed = Set(
            router.routes.map { route in
                let path = "\(route.path)".split(separator: "/").map { String($0) }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            }
        )
        // The WebSocket is answered by the server's upgrade handler, not the router.
        let served = routed.union(["GET \(NoticeWebSocket.path)"])
        let documented = try Self.documentedOperations()
        #expect(served.subtracting(documented).isEmpty, "served but not in Schemas/openapi.yaml: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.count >= 9)
    }

    /// Every code the server can answer with is in the `Problem` schema's `code` enum, which
    /// clients validate against; and the enum names no code the server lacks.
    @Test func everyProblemCodeIsDocumented() throws {
        let text = try String(contentsOf: Self.documentURL, encoding: .utf8)
        let problem = try #require(text.range(of: "\n    Problem:\n"))
        let code = try #require(
            text.range(of: "\n        code:\n          type: string\n          enum:\n", range: problem.upperBound..<text.endIndex)
        )
        let listed = text[code.upperBound...].split(separator: "\n").prefix { $0.hasPrefix("            - ") }.map { String($0.dropFirst(14)) }
        let codes = FerryError.Code.allCases.map(\.rawValue) + ["internal_error"]
        #expect(Set(codes).subtracting(listed).isEmpty, "not in the Problem code enum: \(Set(codes).subtracting(listed).sorted())")
        #expect(Set(listed).subtracting(codes).isEmpty, "in the enum but never answered: \(Set(listed).subtracting(codes).sorted())")
    }
}
