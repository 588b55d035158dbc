import Foundation
import Glibc

/// A tiny HTTP/1.1 server on 127.0.0.1 for the container-credentials and IMDS endpoints:
/// one request per connection, answered by a closure.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request {
        var method: String
        var path: String
        var headers: [String: String]
    }

    let port: Int
    private let socketFD: Int32
    private let handler: @Sendable (Request) -> (Int, String)
    private let lock = NSLock()
    private var received: [Request] = []

    init(handler: @escaping @Sendable (Request) -> (Int, String)) {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socketFD = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        listen(fd, 16)
        Thread.detachNewThread { [self] in serve() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] { lock.lock(); defer { lock.unlock() }; return received }

    /// Wakes the accept loop; the loop closes the socket itself, so its descriptor cannot be
    /// reused by the next server while this thread still accepts on it.
    func stop() { shutdown(socketFD, Int32(SHUT_RDWR)) }

    private func serve() {
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 {
                close(socketFD)
                return
            }
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !data.contains(13) || !String(decoding: data, as: UTF8.self).contains("\r\n\r\n") {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n")
            let first = lines.first?.split(separator: " ") ?? []
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let request = Request(method: first.count > 0 ? String(first[0]) : "", path: first.count > 1 ? String(first[1]) : "", headers: headers)
            lock.lock(); received.append(request); lock.unlock()
            let (status, body) = handler(request)
            let response = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n\(body)"
            _ = response.withCString { write(client, $0, strlen($0)) }
            close(client)
        }
    }
}
