import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Hummingbird

/// Staff key management (admin role).
struct AdminController<Store: FerryStore> {
    let engine: Engine<Store>

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
    }
}
