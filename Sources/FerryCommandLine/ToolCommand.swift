import ArgumentParser
import FerryClient
import Foundation

/// What `ferry` and `ferryctl` share on the command line: where the server is, `--json`,
/// and how a failure ends the process.

/// The options every command of both tools takes.
public struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ferry server's address.", valueName: "url"))
    public var server: String?

    @Flag(name: .long, help: "Print the server's JSON answer instead of text, for scripts.")
    public var json = false

    public init() {}

    /// `--server`, else `FERRY_SERVER`, else the default.
    public func serverURL() throws -> URL { try FerryClient.serverURL(self.server) }

    /// Prints the answer as JSON with `--json`, else as `text` says.
    public func show<T: Encodable>(_ answer: T, _ text: (T) -> String) {
        Terminal.out(self.json ? Display.json(answer) : text(answer))
    }
}

/// A command whose failures become one line on standard error and an exit status
/// (`FerryClientError.exitCode`), never a stack trace.
public protocol ToolCommand: AsyncParsableCommand {
    /// Travellers read the server's sentence alone; operators also get its code and status.
    static var plainErrors: Bool { get }
    func execute() async throws
}

extension ToolCommand {
    public static var plainErrors: Bool { false }

    public func run() async throws {
        do {
            try await self.execute()
        } catch let error as FerryClientError {
            if Self.plainErrors, case .problem(let problem) = error {
                Terminal.err("error: \(problem.detail)")
            } else {
                Terminal.err("error: \(error)")
            }
            throw ExitCode(error.exitCode)
        }
    }
}
