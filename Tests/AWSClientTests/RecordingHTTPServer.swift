import Foundation
import Glibc

/// A stand-in for an AWS endpoint on 127.0.0.1, on a port the kernel picks: each request is
/// read whole (method, path and query, headers, body), recorded, and answered by a closure.
/// One connection at a time, each on the accept thread; `stop` waits until that thread ends.
final class RecordingHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        /// Lowercased names.
        var headers: [String: String]
        var body: Data

        var json: [String: String]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: String]
        }

        /// `Action=GetCallerIdentity&…` of a Query API call.
        var form: [String: String] {
            Self.pairs(String(decoding: body, as: UTF8.self))
        }

        /// The access key id a SigV4 Authorization header names.
        var signingKeyId: String? {
            guard let header = headers["authorization"], let start = header.range(of: "Credential=")?.upperBound
            else { return nil }
            return String(header[start...].prefix { $0 != "/" })
        }

        static func pairs(_ text: String) -> [String: String] {
            var result: [String: String] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                result[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return result
        }
    }

    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String

        static func json(_ status: Int, _ body: String, errorType: String? = nil) -> Answer {
            Answer(
                status: status,
                headers: [("Content-Type", "application/json")] + (errorType.map { [("x-amzn-ErrorType", $0)] } ?? []),
                body: body)
        }

        static func xml(_ body: String) -> Answer {
            Answer(status: 200, headers: [("Content-Type", "text/xml")], body: body)
        }
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Answer
    private let lock = NSLock()
    private var received: [Request] = []
    private let ended = DispatchSemaphore(value: 0)

    init(_ handler: @escaping @Sendable (Request) -> Answer) {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listen(fd, 16)
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] { lock.withLock { received } }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        ended.wait()
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { break }
            respond(on: client)
            close(client)
        }
        close(listener)
        ended.signal()
    }

    private func respond(on client: Int32) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 8192)
        var headerEnd: Int?
        var contentLength = 0
        while headerEnd == nil || data.count < headerEnd! + contentLength {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: data) {
                headerEnd = end + 4
                for line in String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
                where line.lowercased().hasPrefix("content-length:") {
                    contentLength =
                        Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        let lines = String(decoding: data[..<headerEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let first = lines[0].split(separator: " ")
        let target = first.count > 1 ? String(first[1]) : "/"
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let parts = target.split(separator: "?", maxSplits: 1)
        let request = Request(
            method: first.first.map(String.init) ?? "", path: String(parts.first ?? ""),
            query: parts.count > 1 ? Request.pairs(String(parts[1])) : [:], headers: headers,
            body: Data(data[headerEnd!...]))
        lock.withLock { received.append(request) }
        let answer = handler(request)
        let body = Array(answer.body.utf8)
        var head = "HTTP/1.1 \(answer.status) X\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
        let all = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < all.count {
            let n = all[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    private static func find(_ needle: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for start in 0...(data.count - needle.count) where data[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
