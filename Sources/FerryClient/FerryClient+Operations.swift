import FerryAPI
import Foundation

/// One method per operation of DESIGN §3 that the tools use.
extension FerryClient {
    // MARK: Network (everyone)

    public func ports() async throws -> [PortJSON] {
        try await self.call("GET", "/v1/ports")
    }

    /// A route id as typed, upper-cased and checked against the network: a mistyped one would
    /// match no notice and leave a watcher waiting for nothing.
    public func knownRoute(_ typed: String) async throws -> String {
        try await self.knownRoutes([typed])[0]
    }

    /// Route ids as typed, in any case, checked against the server's in one request.
    public func knownRoutes(_ typed: [String]) async throws -> [String] {
        guard !typed.isEmpty else { return [] }
        let routes = try await self.routes().map(\.id)
        return try typed.map { text in
            guard routes.contains(text.uppercased()) else {
                throw FerryClientError.usage("There is no route \(text); routes are \(routes.joined(separator: ", ")).")
            }
            return text.uppercased()
        }
    }

    public func routes() async throws -> [RouteJSON] {
        try await self.call("GET", "/v1/routes")
    }

    /// `from`/`to` are port codes (`XCY`) or island codes (`SIJIAO`); `date` is `YYYY-MM-DD`.
    public func sailings(from: String, to: String, date: String?) async throws -> [SailingJSON] {
        try await self.call("GET", "/v1/sailings", query: ["from": from, "to": to, "date": date])
    }

    public func sailing(_ id: String) async throws -> SailingJSON {
        try await self.call("GET", "/v1/sailings/\(Self.segment(id))")
    }

    // MARK: Bookings (the holder's token, or a counter key)

    public func createBooking(_ request: CreateBookingRequest) async throws -> BookingJSON {
        try await self.call("POST", "/v1/bookings", body: request, idempotent: true)
    }

    /// A booking sent as these exact bytes under this key: sent again after its answer was
    /// lost, the server answers with the booking it made then, or makes it now.
    public func createBooking(encoded body: Data, idempotencyKey: String) async throws -> BookingJSON {
        try await self.call("POST", "/v1/bookings", encodedBody: body, idempotent: true, idempotencyKey: idempotencyKey)
    }

    public func booking(_ reference: String, token: String?) async throws -> BookingJSON {
        try await self.call("GET", "/v1/bookings/\(Self.segment(reference))", bookingToken: token)
    }

    public func pay(_ reference: String, token: String?, _ request: PayRequest) async throws -> BookingJSON {
        try await self.call("POST", "/v1/bookings/\(Self.segment(reference))/pay", body: request, bookingToken: token, idempotent: true)
    }

    public func refund(_ reference: String, token: String?, _ request: RefundRequest) async throws -> RefundResultJSON {
        try await self.call("POST", "/v1/bookings/\(Self.segment(reference))/refund", body: request, bookingToken: token, idempotent: true)
    }

    public func rebook(_ reference: String, token: String?, _ request: RebookRequestJSON) async throws -> RebookResultJSON {
        try await self.call("POST", "/v1/bookings/\(Self.segment(reference))/rebook", body: request, bookingToken: token, idempotent: true)
    }

    // MARK: Schedule changes (operator)

    public func addSailing(_ request: AddSailingRequest) async throws -> SailingJSON {
        try await self.call("POST", "/v1/sailings", body: request)
    }

    public func delay(_ sailing: String, _ request: ScheduleChangeRequest) async throws -> ScheduleChangeJSON {
        try await self.call("POST", "/v1/sailings/\(Self.segment(sailing))/delay", body: request)
    }

    public func markPending(_ sailing: String, _ request: ScheduleChangeRequest) async throws -> ScheduleChangeJSON {
        try await self.call("POST", "/v1/sailings/\(Self.segment(sailing))/pending", body: request)
    }

    public func resume(_ sailing: String, _ request: ResumeRequest) async throws -> ScheduleChangeJSON {
        try await self.call("POST", "/v1/sailings/\(Self.segment(sailing))/resume", body: request)
    }

    public func cancel(_ sailing: String, _ request: ScheduleChangeRequest) async throws -> ScheduleChangeJSON {
        try await self.call("POST", "/v1/sailings/\(Self.segment(sailing))/cancel", body: request)
    }

    public func changeVessel(_ sailing: String, to vessel: String) async throws -> ScheduleChangeJSON {
        try await self.call("POST", "/v1/sailings/\(Self.segment(sailing))/vessel", body: VesselChangeRequest(vessel: vessel))
    }

    public func cancelDay(route: String, _ request: ScheduleChangeRequest) async throws -> [ScheduleChangeJSON] {
        try await self.call("POST", "/v1/routes/\(Self.segment(route))/cancel-day", body: request)
    }

    public func announce(_ request: AnnouncementRequest) async throws -> NoticeJSON {
        try await self.call("POST", "/v1/notices", body: request)
    }

    /// Every notice after `since`: the server answers a page at a time (up to 1,000), so this
    /// asks again after the last one received until a page comes back empty.
    public func notices(since: Int?, route: String?, sailing: String?) async throws -> [NoticeJSON] {
        var all: [NoticeJSON] = []
        var after = since
        while true {
            let page: [NoticeJSON] = try await self.call(
                "GET",
                "/v1/notices",
                query: ["since": after.map(String.init), "route": route, "sailing": sailing]
            )
            guard let last = page.last else { return all }
            all += page
            after = last.seq
        }
    }

    // MARK: Staff keys (admin) and green permits (operator)

    public func createKey(role: String, label: String) async throws -> CreatedKeyJSON {
        try await self.call("POST", "/v1/admin/keys", body: CreateKeyRequest(role: role, label: label))
    }

    /// Every staff key, revoked ones included (admin).
    public func keys() async throws -> [StaffKeyJSON] {
        try await self.call("GET", "/v1/admin/keys")
    }

    /// Revokes a staff key by its id (admin); its next request is refused.
    public func revokeKey(id: String) async throws -> StaffKeyJSON {
        try await self.call("DELETE", "/v1/admin/keys/\(Self.segment(id))")
    }

    /// A consistent copy of the server's database (admin), as the SQLite file's bytes.
    public func backup() async throws -> Data {
        var request = self.request("GET", "/v1/admin/backup")
        // Making the copy can take a while on a large database before its first byte comes.
        request.silentFor = 600
        let (status, data) = try await self.perform(request)
        guard status == 200 else { return try Self.decode(Data.self, data: data, status: status) }
        guard data.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw FerryClientError.unexpected(status: 200, body: "\(data.count) bytes that are not an SQLite database")
        }
        return data
    }

    public func addGreenPermit(_ request: CreateGreenPermitRequest) async throws -> GreenPermitJSON {
        try await self.call("POST", "/v1/green-permits", body: request)
    }

    public func greenPermits(plate: String?) async throws -> [GreenPermitJSON] {
        try await self.call("GET", "/v1/green-permits", query: ["plate": plate])
    }

    public func revokeGreenPermit(_ id: String) async throws -> GreenPermitJSON {
        try await self.call("DELETE", "/v1/green-permits/\(Self.segment(id))")
    }

    /// A path segment as typed, percent-encoded so `/` or `?` in it cannot change the path.
    static func segment(_ raw: String) -> String {
        raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? raw
    }
}
