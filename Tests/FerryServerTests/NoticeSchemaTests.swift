import FerryAPI
import Foundation
import Testing

/// `Schemas/notice.schema.json` describes the notices the server really sends: one of each
/// type, produced through the API, is checked against it.
@Suite struct NoticeSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas/notice.schema.json")

    @Test func everyNoticeTypeMatchesTheSchema() async throws {
        try await withServer { c in
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL)) as? [String: Any])
            let ops = try await c.createKey(role: "operator")
            let change = #"{"reason":"weather_wind","message":"大风"}"#
            try await c.request(
                .post,
                "/v1/sailings/XCY-GQI-20261130-0730/delay",
                json: #"{"departure":"2026-11-30T09:00:00+08:00","reason":"weather_wind"}"#,
                bearer: ops
            )
            try await c.request(
                .post,
                "/v1/sailings/XCY-GQI-20261130-1430/pending",
                json: #"{"decisionAt":"2026-11-30T12:00:00+08:00","reason":"weather_fog"}"#,
                bearer: ops
            )
            try await c.request(.post, "/v1/sailings/XCY-GQI-20261130-1430/resume", json: #"{"message":"雾散开航"}"#, bearer: ops)
            try await c.request(.post, "/v1/sailings/XCY-DYS-20261130-0800/cancel", json: change, bearer: ops)
            try await c.request(.post, "/v1/sailings/XCY-HNA-20261130-0820/vessel", json: #"{"vessel":"luhua-ferry"}"#, bearer: ops)
            try await c.request(
                .post,
                "/v1/sailings",
                json: #"{"routeId":"XCY-GQI","departure":"2026-11-30T16:00:00+08:00","vessel":"shengsi-6"}"#,
                bearer: ops
            )
            try await c.request(.post, "/v1/notices", json: #"{"ports":["GQI"],"title":"Pier works","message":"Closed until noon"}"#, bearer: ops)
            let r = try await c.request(.get, "/v1/notices?since=0")
            let notices = try #require(try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [[String: Any]])
            #expect(
                Set(notices.compactMap { $0["type"] as? String }) == [
                    "delayed", "weather_pending", "resumed", "cancelled", "vessel_changed", "added", "announcement",
                ]
            )
            for notice in notices {
                let violations = Self.violations(of: notice, against: schema)
                #expect(violations.isEmpty, "\(violations)")
            }
        }
    }

    /// The part of JSON Schema the document uses: required, additionalProperties, type
    /// (one or a list), enum, pattern, minimum and array items.
    static func violations(of object: [String: Any], against schema: [String: Any]) -> [String] {
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        var found: [String] = []
        for name in schema["required"] as? [String] ?? [] where object[name] == nil { found.append("\(name) missing") }
        if schema["additionalProperties"] as? Bool == false {
            for name in object.keys where properties[name] == nil { found.append("\(name) not in the schema") }
        }
        for (name, value) in object {
            guard let rule = properties[name] else { continue }
            found += Self.check(value, rule).map { "\(name): \($0)" }
        }
        return found
    }

    static func check(_ value: Any, _ rule: [String: Any]) -> [String] {
        let types = (rule["type"] as? [String]) ?? [rule["type"] as? String].compactMap { $0 }
        let kind: String
        switch value {
        case is NSNull: kind = "null"
        case let n as NSNumber: kind = n.doubleValue == n.doubleValue.rounded() ? "integer" : "number"
        case is String: kind = "string"
        case is [Any]: kind = "array"
        default: kind = "object"
        }
        guard types.contains(kind) else { return ["\(kind) where \(types) is allowed"] }
        var found: [String] = []
        if let allowed = rule["enum"] as? [Any] {
            let matches = allowed.contains { option in
                (option is NSNull && value is NSNull) || ((option as? String).map { $0 == value as? String } ?? false)
            }
            if !matches { found.append("\(value) is not one of \(allowed)") }
        }
        if let pattern = rule["pattern"] as? String, let text = value as? String, text.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(text) does not match \(pattern)")
        }
        if let minimum = rule["minimum"] as? NSNumber, let n = value as? NSNumber, n.doubleValue < minimum.doubleValue {
            found.append("\(n) < \(minimum)")
        }
        if let items = rule["items"] as? [String: Any], let list = value as? [Any] {
            for item in list { found += Self.check(item, items) }
        }
        return found
    }
}
