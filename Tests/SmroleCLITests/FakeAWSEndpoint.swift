import Foundation
import Glibc

/// A stand-in for AWS on 127.0.0.1, on a port the kernel picks: each request is read whole
/// (headers and body) and answered by a closure, which sees the operation it asks for.
/// Query APIs (STS, IAM) name it in the body (`Action=GetCallerIdentity`), JSON ones
/// (SageMaker) in `X-Amz-Target: SageMaker.DescribeDomain`; the closure gets `DescribeDomain`.
final class FakeAWSEndpoint: @unchecked Sendable {
    struct Answer {
        var status: Int
        var contentType: String
        var body: String
        var headers: [(String, String)] = []

        static func json(_ status: Int, _ body: String) -> Answer {
            Answer(status: status, contentType: "application/x-amz-json-1.1", body: body)
        }

        static func xml(_ status: Int, _ body: String) -> Answer {
            Answer(status: status, contentType: "text/xml", body: body)
        }
    }

    /// A request as read, for fakes that look past the operation (REST APIs: path, query, headers).
    struct Request: Sendable {
        var method: String
        var path: String
        var query: String
        /// Lowercased names.
        var headers: [String: String]
        var body: String
    }

    let port: Int
    private let listener: Int32
    private let answer: @Sendable (Request) -> Answer
    private let served = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var received: [Request] = []

    /// Every request so far.
    var requests: [Request] { lock.withLock { received } }

    convenience init(answer: @escaping @Sendable (_ operation: String) -> Answer) throws {
        try self.init(handler: { request in answer(Self.operation(of: request)) })
    }

    /// A fake that answers from the whole request.
    static func answering(_ handler: @escaping @Sendable (Request) -> Answer) throws -> FakeAWSEndpoint {
        try FakeAWSEndpoint(handler: handler)
    }

    private init(handler answer: @escaping @Sendable (Request) -> Answer) throws {
        self.answer = answer
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Wakes the accept loop, which closes the socket and ends; waits until it has.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        served.wait()
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { break }
            respond(on: client)
            close(client)
        }
        close(listener)
        served.signal()
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
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                for line in head.components(separatedBy: "\r\n") where line.hasPrefix("content-length:") {
                    let value = line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)
                    contentLength = Int(value) ?? 0
                }
            }
        }
        let head = String(decoding: data[..<headerEnd!], as: UTF8.self)
        let body = String(decoding: data[headerEnd!...], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let first = lines[0].split(separator: " ")
        let target = first.count > 1 ? first[1].split(separator: "?", maxSplits: 1) : ["/"]
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        let request = Request(
            method: first.first.map(String.init) ?? "", path: String(target[0]),
            query: target.count > 1 ? String(target[1]) : "", headers: headers, body: body)
        lock.withLock { received.append(request) }
        let reply = answer(request)
        let bytes = Array(reply.body.utf8)
        let response = "HTTP/1.1 \(reply.status) X\r\nContent-Type: \(reply.contentType)\r\n"
            + reply.headers.map { "\($0.0): \($0.1)\r\n" }.joined()
            + "Content-Length: \(bytes.count)\r\nx-amzn-RequestId: fake\r\nConnection: close\r\n\r\n"
        let all = Array(response.utf8) + bytes
        var sent = 0
        while sent < all.count {
            let n = all[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }

    private static func operation(of request: Request) -> String {
        if let target = request.headers["x-amz-target"] {
            return String(target.split(separator: ".").last ?? "")
        }
        for pair in request.body.split(separator: "&") where pair.hasPrefix("Action=") {
            return String(pair.dropFirst("Action=".count))
        }
        return ""
    }

    private static func find(_ needle: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for start in 0...(data.count - needle.count) where data[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
