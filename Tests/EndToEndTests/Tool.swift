import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ferry` and `ferryctl` executables as a user would: arguments, environment,
/// no terminal on standard input; captures what they print and how they exit.
struct Tool {
    struct Result: Sendable, CustomStringConvertible {
        let status: Int32
        let out: String
        let err: String
        var description: String { "exit \(self.status)\nstdout: \(self.out)\nstderr: \(self.err)" }
    }

    let name: String
    var environment: [String: String]

    /// `server`: FERRY_SERVER; `key`: FERRY_KEY; `home`: where the tool keeps its files.
    init(_ name: String, server: String, key: String? = nil, home: String? = nil) {
        self.name = name
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") }
        environment["FERRY_SERVER"] = server
        if let key { environment["FERRY_KEY"] = key }
        if let home {
            environment["HOME"] = home
            environment["XDG_CONFIG_HOME"] = home + "/.config"
        }
        self.environment = environment
    }

    /// The executables sit beside the test bundle in the build folder.
    static let directory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if url.lastPathComponent == "MacOS" { url = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        return url
    }()

    func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = Self.directory.appendingPathComponent(self.name)
        process.arguments = arguments
        process.environment = self.environment
        process.standardInput = FileHandle.nullDevice
        return process
    }

    /// Runs to the end.
    func run(_ arguments: String...) async throws -> Result {
        let process = self.process(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Blocking reads happen off the cooperative pool.
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                let errData = Mutex(Data())
                DispatchQueue.global().async(group: group) {
                    let data = Self.readToEnd(err)
                    errData.withLock { $0 = data }
                }
                let outData = Self.readToEnd(out)
                group.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: Result(
                        status: process.terminationStatus,
                        out: String(decoding: outData, as: UTF8.self),
                        err: String(decoding: errData.withLock { $0 }, as: UTF8.self)
                    )
                )
            }
        }
    }

    /// What is there to read from `pipe` (empty at its end), read again when a signal
    /// interrupts the read: Foundation's `FileHandle` reads crash on `EINTR` (`try!`), and the
    /// tests start processes all the time.
    static func read(_ pipe: Pipe) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = Glibc.read(pipe.fileHandleForReading.fileDescriptor, &buffer, buffer.count)
            if n >= 0 { return Data(buffer[0..<n]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything written to `pipe` until its writer closes it.
    static func readToEnd(_ pipe: Pipe) -> Data {
        var data = Data()
        while true {
            let chunk = Self.read(pipe)
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }

    /// Waits (up to 10 s) for another process to reach a state this one can only observe.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// Starts a long-running command (`--follow`, `watch`) and hands back its output lines.
    func start(_ arguments: String...) throws -> Running {
        let process = self.process(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Running(process: process, out: Self.lines(out), err: Self.lines(err))
    }

    static func lines(_ pipe: Pipe) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        DispatchQueue.global().async {
            var pending = Data()
            while true {
                let chunk = Self.read(pipe)
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[pending.index(after: newline)...])
                }
            }
            continuation.finish()
        }
        return stream
    }

    final class Running: @unchecked Sendable {
        let process: Process
        var out: AsyncStream<String>.Iterator
        var err: AsyncStream<String>.Iterator

        init(process: Process, out: AsyncStream<String>, err: AsyncStream<String>) {
            self.process = process
            self.out = out.makeAsyncIterator()
            self.err = err.makeAsyncIterator()
            // A test waiting for a line that never comes fails instead of hanging: the
            // process is ended, its output closes and the wait returns nil.
            Task { [process] in
                try? await Task.sleep(for: .seconds(30))
                if process.isRunning { process.terminate() }
            }
        }

        /// The next line on standard output, or nil once it closed.
        func nextOut() async -> String? { await self.out.next() }
        func nextErr() async -> String? { await self.err.next() }

        func stop() {
            if self.process.isRunning { self.process.terminate() }
        }
    }
}
