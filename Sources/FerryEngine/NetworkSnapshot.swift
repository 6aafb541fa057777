import FerryDomain

/// The network (ports, vessels, routes) as loaded from the store, indexed for lookups.
///
/// It changes only when an operator changes the network, so commands read it from memory
/// instead of querying it in every transaction.
public struct NetworkSnapshot: Sendable {
    public let ports: [FerryPort]
    public let vessels: [String: Vessel]
    public let routes: [Route]
    public let routesById: [String: Route]

    public init(ports: [FerryPort], vessels: [Vessel], routes: [Route]) {
        self.ports = ports
        self.vessels = Dictionary(vessels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.routes = routes
        self.routesById = Dictionary(routes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The port codes a search term names: a port code, or an island code for all its ports.
    public func portCodes(matching term: String) -> Set<String> {
        let upper = term.uppercased()
        if self.ports.contains(where: { $0.code == upper }) { return [upper] }
        return Set(self.ports.filter { $0.island == upper }.map(\.code))
    }

    func route(_ id: String) throws(FerryError) -> Route {
        guard let route = self.routesById[id] else { throw FerryError(.notFound, "No route \(id).") }
        return route
    }

    func vessel(_ id: String) throws(FerryError) -> Vessel {
        guard let vessel = self.vessels[id] else { throw FerryError(.notFound, "No vessel \(id).") }
        return vessel
    }
}
