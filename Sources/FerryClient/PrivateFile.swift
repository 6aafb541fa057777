import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only their owner may read (booking tokens, database copies), written whole.
public enum PrivateFile {
    /// Writes `data` to a new file created with mode 0600 from the start, flushes it to disk,
    /// then renames it over `path`: never readable by others, never half-written.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".partial-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Self.failure(path) }
        var written = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return fsync(fd) == 0 }
            while written < buffer.count {
                let n = systemWrite(fd, base.advanced(by: written), buffer.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.failure(path)
        }
        // The rename itself reaches the disk only with its directory.
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Runs `body` holding an exclusive lock on `path + ".lock"`, so that two runs of a tool
    /// read, change and write the same file one after the other, not over each other.
    public static func withLock<T>(on path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw Self.failure(path + ".lock") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw Self.failure(path + ".lock") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func failure(_ path: String) -> FerryClientError {
        FerryClientError.usage("cannot write \(path) (\(String(cString: strerror(errno)))); check that directory exists and is yours.")
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
