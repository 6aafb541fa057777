import FerryDomain
import Hummingbird
import Logging

/// Turns every error thrown below it into `application/problem+json`. Known refusals keep
/// their code and status; anything else is a bug: logged, and answered `500` without detail.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let ferryError = Problem.ferryError(from: error) {
                return Problem.response(ferryError)
            }
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            let body = ProblemBody.internal
            return Response(
                status: .internalServerError,
                headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}

private enum ProblemBody {
    static let `internal` =
        #"{"code":"internal_error","detail":"The server failed to answer; the error is logged. Nothing was changed if the request was refused.","status":500,"title":"Internal Server Error","type":"about:blank"}"#
}
