import FerryAPI

/// Why a call failed, in words a person at a terminal can act on.
public enum FerryClientError: Error, Sendable, CustomStringConvertible {
    /// The server refused, with its problem document (`sold_out`, `invalid_id`, …).
    case problem(ProblemJSON)
    /// No answer at all: wrong address, server down, network gone.
    case unreachable(server: String, reason: String)
    /// A change was sent but its answer never came: it may have been made. `next` says what
    /// to do about it, where there is better advice than to look first.
    case unanswered(server: String, reason: String, next: String? = nil)
    /// An answer that is neither the expected JSON nor a problem document.
    case unexpected(status: Int, body: String)
    /// Something the user typed that cannot be sent.
    case usage(String)

    public var description: String {
        switch self {
        case .problem(let p):
            return "\(p.detail) (\(p.code), HTTP \(p.status))"
        case .unreachable(let server, let reason):
            return "cannot reach the ferry server at \(server): \(reason). Is ferryd running there? Set --server or FERRY_SERVER."
        case .unanswered(let server, let reason, let next):
            return "the ferry server at \(server) gave no answer (\(reason)) after the request was sent: "
                + "it may have been carried out. " + (next ?? "Look (show the booking or sailing) before trying again.")
        case .unexpected(let status, let body):
            return "the server answered HTTP \(status) with \(body)"
        case .usage(let message):
            return message
        }
    }

    /// The process exit status: 1 refused, 2 usage, 3 unreachable, 4 unexpected answer.
    public var exitCode: Int32 {
        switch self {
        case .problem: 1
        case .usage: 2
        case .unreachable, .unanswered: 3
        case .unexpected: 4
        }
    }
}
