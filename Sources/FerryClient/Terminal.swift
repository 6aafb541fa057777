import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the tools write: results to standard output, unbuffered so a pipe reading a
/// followed stream sees each line as it comes; messages and errors to standard error.
public enum Terminal {
    public static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A person is typing (standard input is a terminal): only then may a tool ask a question.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks a yes/no question on the terminal; anything but y/yes is no.
    public static func confirm(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
