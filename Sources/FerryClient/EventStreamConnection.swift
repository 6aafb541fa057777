import CCurl
import Foundation
import Synchronization

/// One streaming HTTP GET as it arrives, over libcurl's easy interface on a thread of its own.
///
/// Foundation's URLSession on Linux busy-loops a core for as long as a streamed response is
/// idle, and a notice stream is idle most of the time; libcurl itself waits in `poll`.
enum EventStreamConnection {
    enum Chunk: Sendable {
        /// The status line and headers (names lower-cased) are in.
        case opened(status: Int, headers: [String: String])
        case bytes(Data)
    }

    static func open(url: URL, headers: [String: String]) -> AsyncThrowingStream<Chunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Chunk.self)
        let transfer = Transfer(continuation)
        continuation.onTermination = { _ in transfer.cancelled.store(true, ordering: .relaxed) }
        let thread = Thread { transfer.perform(url: url, headers: headers) }
        thread.name = "ferry-notice-stream"
        thread.start()
        return stream
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
        fileprivate var opened = false

        init(_ continuation: AsyncThrowingStream<Chunk, any Error>.Continuation) { self.continuation = continuation }

        /// Blocks until the response ends, fails or is cancelled.
        func perform(url: URL, headers: [String: String]) {
            guard EventStreamConnection.initialised, let curl = curl_easy_init() else {
                self.continuation.finish(throwing: URLError(.unknown))
                return
            }
            self.handle = curl
            var list: UnsafeMutablePointer<curl_slist>? = nil
            for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
            defer {
                curl_easy_cleanup(curl)
                curl_slist_free_all(list)
            }
            let me = Unmanaged.passUnretained(self).toOpaque()
            // libcurl copies the strings it is given.
            _ = url.absoluteString.withCString { ferry_curl_set_pointer(curl, CURLOPT_URL, UnsafeMutableRawPointer(mutating: $0)) }
            _ = ferry_curl_set_pointer(curl, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
            _ = ferry_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
            _ = ferry_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, 10)
            // Heartbeats come every 15 s: a minute without a byte means the connection is gone.
            _ = ferry_curl_set_long(curl, CURLOPT_LOW_SPEED_LIMIT, 1)
            _ = ferry_curl_set_long(curl, CURLOPT_LOW_SPEED_TIME, 60)
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
                let reason = String(cString: curl_easy_strerror(result))
                self.continuation.finish(throwing: FerryClientError.unreachable(server: url.absoluteString, reason: reason))
            default:
                let code: URLError.Code =
                    switch result {
                    case CURLE_COULDNT_CONNECT: .cannotConnectToHost
                    case CURLE_COULDNT_RESOLVE_HOST: .cannotFindHost
                    case CURLE_OPERATION_TIMEDOUT: .timedOut
                    default: .networkConnectionLost
                    }
                self.continuation.finish(throwing: URLError(code))
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
                if status >= 200 {
                    me.opened = true
                    me.continuation.yield(.opened(status: status, headers: me.headers))
                }
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
