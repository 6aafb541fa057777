import FerryDomain
import Hummingbird

/// A path that exists answers a method it does not offer with `405` and `Allow`, not `404`:
/// the client has the address right and the method wrong (RFC 9110 §15.5.6).
struct MethodGuard<Context: RequestContext>: RouterMiddleware {
    /// Each route's path as segments (`{id}` matches any one segment), with its methods.
    private let patterns: [(segments: [Substring], methods: [HTTPRequest.Method])]

    init(routes: [(path: String, method: HTTPRequest.Method)]) {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        for route in routes { byPath[route.path, default: []].append(route.method) }
        self.patterns = byPath.map { path, methods in (path.split(separator: "/"), methods) }
    }

    /// Looks at the path only when the router found no route: answered requests pay nothing.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let refusal = self.refusal(request) else { throw error }
            return refusal
        }
    }

    /// `405` when the path exists with other methods; nil when it does not exist at all.
    private func refusal(_ request: Request) -> Response? {
        let segments = request.uri.path.split(separator: "/")
        let offered = self.patterns.filter { pattern in
            pattern.segments.count == segments.count
                && zip(pattern.segments, segments).allSatisfy { wanted, given in wanted.hasPrefix("{") || wanted == given }
        }.flatMap(\.methods)
        guard !offered.isEmpty else { return nil }
        // The router answers HEAD wherever it answers GET.
        let methods = offered.contains(.get) ? offered + [.head] : offered
        let allow = Set(methods.map(\.rawValue)).sorted().joined(separator: ", ")
        return Problem.response(
            FerryError(.methodNotAllowed, "\(request.method.rawValue) is not offered on this path; it takes \(allow)."),
            headers: [.allow: allow]
        )
    }
}
