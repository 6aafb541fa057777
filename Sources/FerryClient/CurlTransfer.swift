import CCurl
import Foundation
import Synchronization

/// One HTTP exchange as it arrives, over libcurl's easy interface on a thread of its own:
/// every request of the clients, and the notice stream.
///
/// Foundation's URLSession on Linux busy-loops a core for as long as a response is awaited
/// (a whole core for a slow or silent server, and for an idle notice stream all the time);
/// libcurl itself waits in `poll`.
enum CurlTransfer {
    enum Chunk: Sendable {
        /// The status line and headers (names lower-cased) are in.
        case opened(status: Int, headers: [String: String])
        case bytes(Data)
    }

    /// What to send, and how long to wait for it.
    struct Request: Sendable {
        var method = "GET"
        var url: URL
        var headers: [String: String] = [:]
        var body: Data? = nil
        /// The transfer ends once this long passes without a byte, however long it takes in
        /// all while bytes keep coming (a large backup, a notice stream with its heartbeats).
        var silentFor: TimeInterval = 30
    }

    /// No answer: why, in words for a person at a pier, and whether asking again may help (not
    /// for a bad certificate, say).
    struct Failure: Error, Sendable {
        let reason: String
        var retryable = true
        /// Whether the server was reached (so a request may have been received, and acted on).
        var connected = true
    }

    static func open(_ request: Request) -> AsyncThrowingStream<Chunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Chunk.self)
        let transfer = Transfer(continuation)
        continuation.onTermination = { _ in transfer.cancelled.store(true, ordering: .relaxed) }
        let thread = Thread { transfer.perform(request) }
        thread.name = "ferry-http"
        thread.start()
        return stream
    }

    /// The status, headers and whole body of a request; a task cancelled meanwhile throws
    /// rather than pass off part of a body as the whole.
    static func exchange(_ request: Request) async throws -> (status: Int, headers: [String: String], body: Data) {
        var status = 0
        var headers: [String: String] = [:]
        var body = Data()
        for try await chunk in Self.open(request) {
            switch chunk {
            case .opened(let code, let fields): (status, headers) = (code, fields)
            case .bytes(let data): body.append(data)
            }
        }
        try Task.checkCancellation()
        return (status, headers, body)
    }

    /// libcurl is initialised once per process, before any transfer.
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The state libcurl's callbacks reach through their user-data pointer.
    final class Transfer: @unchecked Sendable {
        let continuation: AsyncThrowingStream<Chunk, any Error>.Continuation
        /// Set when the reader stops; the next callback aborts the transfer.
        let cancelled = Atomic<Bool>(false)
        fileprivate var handle: UnsafeMutableRawPointer?
        fileprivate var headers: [String: String] = [:]

        init(_ continuation: AsyncThrowingStream<Chunk, any Error>.Continuation) { self.continuation = continuation }

        /// Blocks until the response ends, fails or is cancelled.
        func perform(_ request: Request) {
            let url = request.url
            guard CurlTransfer.initialised, let curl = curl_easy_init() else {
                self.continuation.finish(throwing: Failure(reason: "libcurl could not start"))
                return
            }
            self.handle = curl
            var list: UnsafeMutablePointer<curl_slist>? = nil
            for (name, value) in request.headers { list = curl_slist_append(list, "\(name): \(value)") }
            // A body is sent at once, not after waiting for a `100 Continue` the server may not send.
            if request.method == "POST" { list = curl_slist_append(list, "Expect:") }
            defer {
                curl_easy_cleanup(curl)
                curl_slist_free_all(list)
            }
            let me = Unmanaged.passUnretained(self).toOpaque()
            // libcurl copies the strings and the body it is given.
            _ = url.absoluteString.withCString { ferry_curl_set_pointer(curl, CURLOPT_URL, UnsafeMutableRawPointer(mutating: $0)) }
            if request.method != "GET" && request.method != "POST" {
                _ = request.method.withCString { ferry_curl_set_pointer(curl, CURLOPT_CUSTOMREQUEST, UnsafeMutableRawPointer(mutating: $0)) }
            }
            if let body = request.body ?? (request.method == "POST" ? Data() : nil) {
                _ = ferry_curl_set_long(curl, CURLOPT_POSTFIELDSIZE, body.count)
                // libcurl copies `body.count` bytes, and needs a pointer even for none.
                let bytes = body.isEmpty ? Data([0]) : body
                _ = bytes.withUnsafeBytes { ferry_curl_set_pointer(curl, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
            }
            _ = ferry_curl_set_pointer(curl, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
            _ = ferry_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
            _ = ferry_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, 10)
            // Redirects are not followed (libcurl's default): one would turn a booking's POST into
            // a GET and drop the staff key, so the caller says where the server is instead.
            _ = ferry_curl_set_long(curl, CURLOPT_LOW_SPEED_LIMIT, 1)
            _ = ferry_curl_set_long(curl, CURLOPT_LOW_SPEED_TIME, Int(request.silentFor.rounded(.up)))
            _ = ferry_curl_set_data_callback(curl, CURLOPT_HEADERFUNCTION, Self.onHeader)
            _ = ferry_curl_set_pointer(curl, CURLOPT_HEADERDATA, me)
            _ = ferry_curl_set_data_callback(curl, CURLOPT_WRITEFUNCTION, Self.onBody)
            _ = ferry_curl_set_pointer(curl, CURLOPT_WRITEDATA, me)
            // The progress callback runs about once a second even when nothing arrives: it is
            // where a stopped reader ends the transfer.
            _ = ferry_curl_set_long(curl, CURLOPT_NOPROGRESS, 0)
            _ = ferry_curl_set_progress_callback(curl, Self.onProgress)
            _ = ferry_curl_set_pointer(curl, CURLOPT_XFERINFODATA, me)

            let result = curl_easy_perform(curl)
            switch result {
            case CURLE_OK:
                self.continuation.finish()
            case CURLE_ABORTED_BY_CALLBACK,
                CURLE_WRITE_ERROR where self.cancelled.load(ordering: .relaxed):
                self.continuation.finish()
            case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
                CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
                // Asking again will not help: say what is wrong, once.
                // Nothing was sent: the address, or the secure connection before it, failed.
                self.continuation.finish(
                    throwing: Failure(reason: String(cString: curl_easy_strerror(result)), retryable: false, connected: false)
                )
            default:
                let reason =
                    switch result {
                    case CURLE_COULDNT_CONNECT: "connection refused"
                    case CURLE_COULDNT_RESOLVE_HOST: "unknown host"
                    case CURLE_OPERATION_TIMEDOUT: "no answer in time"
                    default: "the connection was lost"
                    }
                let connected = result != CURLE_COULDNT_CONNECT && result != CURLE_COULDNT_RESOLVE_HOST
                self.continuation.finish(throwing: Failure(reason: reason, connected: connected))
            }
        }

        private static let onHeader: ferry_curl_data_callback = { data, size, count, user in
            guard let data, let user else { return 0 }
            let me = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("HTTP/") {
                me.headers = [:]  // a new response (after a 100 Continue)
            } else if let colon = line.firstIndex(of: ":") {
                me.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else if line.isEmpty, let handle = me.handle {
                let status = ferry_curl_response_code(handle)
                if status >= 200 { me.continuation.yield(.opened(status: status, headers: me.headers)) }
            }
            return me.cancelled.load(ordering: .relaxed) ? 0 : length
        }

        private static let onBody: ferry_curl_data_callback = { data, size, count, user in
            guard let data, let user else { return 0 }
            let me = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            guard !me.cancelled.load(ordering: .relaxed) else { return 0 }
            me.continuation.yield(.bytes(Data(bytes: data, count: length)))
            return length
        }

        private static let onProgress: ferry_curl_progress_callback = { user, _, _, _, _ in
            guard let user else { return 1 }
            return Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue().cancelled.load(ordering: .relaxed) ? 1 : 0
        }
    }
}
