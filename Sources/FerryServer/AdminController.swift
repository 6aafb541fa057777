import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import HTTPTypes
import Hummingbird

/// Staff key management and backups (admin role).
struct AdminController<Store: FerryStore> {
    let engine: Engine<Store>

    static var backupHeaders: HTTPFields { [.contentType: "application/vnd.sqlite3", .cacheControl: "no-store"] }

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/admin/keys") { request, _ in
            let caller = try await Caller.identify(request, engine: self.engine)
            _ = try caller.require(.admin)
            let body = try await Wire.decode(CreateKeyRequest.self, from: request)
            let role = try Wire.parse(body.role, "role", as: StaffRole.self)
            let (key, record) = try await self.engine.createStaffKey(role: role, label: body.label)
            return try Wire.response(
                CreatedKeyJSON(
                    id: record.id,
                    key: key,
                    role: record.role.rawValue,
                    label: record.label,
                    createdAt: LocalTime.format(record.createdAt)
                ),
                status: .created,
                noStore: true
            )
        }
        router.get("/v1/admin/keys") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.admin)
            return try Wire.response(try await self.engine.staffKeys().map(StaffKeyJSON.init), noStore: true)
        }
        router.delete("/v1/admin/keys/:id") { request, context in
            let admin = try await Caller.identify(request, engine: self.engine).require(.admin)
            let id = try context.parameters.require("id")
            return try Wire.response(StaffKeyJSON(try await self.engine.revokeStaffKey(id: id, by: admin.id)), noStore: true)
        }
        // HEAD checks the key and says what GET would send, without making a copy: so no
        // Content-Length, which only the copy would tell.
        router.head("/v1/admin/backup") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.admin)
            return Response(status: .ok, headers: Self.backupHeaders, body: ResponseBody { writer in try await writer.finish(nil) })
        }
        router.get("/v1/admin/backup") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.admin)
            // A directory only this process may enter: the copy holds travellers' documents.
            let directory = NSTemporaryDirectory() + "ferry-backup-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/ferry.sqlite"
            try await self.engine.backup(to: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard let size, let file = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
            // The open handle keeps the copy readable after the directory is removed.
            let stamp = LocalTime.format(self.engine.clock.now()).prefix(16).replacingOccurrences(of: ":", with: "")
            return Response(
                status: .ok,
                headers: Self.backupHeaders + [HTTPField(name: .contentDisposition, value: "attachment; filename=\"ferry-\(stamp).sqlite\"")],
                body: ResponseBody(contentLength: size) { writer in
                    defer { try? file.close() }
                    while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                    try await writer.finish(nil)
                }
            )
        }
    }
}

extension StaffKeyJSON {
    init(_ k: StaffKey) {
        self.init(
            id: k.id,
            role: k.role.rawValue,
            label: k.label,
            createdAt: LocalTime.format(k.createdAt),
            revokedAt: k.revokedAt.map(LocalTime.format),
            revokedBy: k.revokedBy
        )
    }
}
