import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A loopback proxy in front of a live server that loses answers on the way back: each POST
/// is passed on and carried out, but while `losing` is set its answer is dropped and the
/// connection closed, as a mobile network does. Everything else passes both ways.
final class LossyProxy: Sendable {
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let losing = Mutex(true)
    /// POSTs the server carried out whose answer was dropped.
    let lost = Mutex(0)

    init(upstream: String) throws {
        guard let port = URL(string: upstream)?.port else { throw ToolError("no port in \(upstream)") }
        self.upstreamPort = port
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        self.listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in self.serve() }.start()
    }

    var url: String { "http://127.0.0.1:\(self.port)" }

    /// From now on answers come through.
    func stopLosing() { self.losing.withLock { $0 = false } }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    private func serve() {
        while true {
            let client = accept(self.listener, nil, nil)
            guard client >= 0 else { return }
            Thread { [self] in self.relay(client) }.start()
        }
    }

    /// One request each way, then the connection is closed.
    private func relay(_ client: Int32) {
        defer { close(client) }
        guard let request = Self.readMessage(client) else { return }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var address = Self.loopback(port: self.upstreamPort)
        let connected = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected, Self.writeAll(upstream, request), let answer = Self.readMessage(upstream) else { return }
        if request.starts(with: Array("POST ".utf8)), self.losing.withLock({ $0 }) {
            self.lost.withLock { $0 += 1 }
            return
        }
        _ = Self.writeAll(client, answer)
    }

    /// A whole HTTP/1.1 message: its head, then as many body bytes as `Content-Length` says.
    private static func readMessage(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = bytes.firstRange(of: separator) {
                let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).lowercased()
                let length =
                    head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if bytes.count - end.upperBound >= length { return bytes }
            }
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { return nil }
            bytes += buffer[..<n]
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
