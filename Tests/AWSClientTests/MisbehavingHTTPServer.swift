import Foundation
import Glibc

/// An HTTP endpoint on 127.0.0.1 (a free port chosen by the kernel) that misbehaves on
/// purpose, as a hung or hostile AWS endpoint would. Each connection gets its own thread, so
/// one that never answers does not hold up the next. Listening starts in `init`: clients can
/// connect as soon as it returns.
final class MisbehavingHTTPServer: @unchecked Sendable {
    enum Behaviour: Sendable {
        /// Reads the request, then says nothing until the client hangs up.
        case neverAnswer
        /// A well-formed answer.
        case answer(status: Int, body: String)
        /// A 200 whose body (no length given) never ends: 64 KiB chunks until the client hangs up.
        case endlessBody
        /// A 200 that declares a body of this many bytes.
        case declaredLength(Int)
        /// A 200 with this many 100-byte header lines.
        case headerLines(Int)
        /// A 200 whose body of `bytes` bytes comes one byte every `interval` seconds.
        case trickleBody(bytes: Int, interval: TimeInterval)
    }

    let port: Int
    private let listener: Int32
    private let behaviour: @Sendable (Int) -> Behaviour
    private let condition = NSCondition()
    private var accepted = 0
    private var sent = 0
    private var requestLines: [String] = []
    private var open: Set<Int32> = []

    /// `behaviour` is chosen per connection, numbered from 1.
    init(_ behaviour: @escaping @Sendable (Int) -> Behaviour) {
        self.behaviour = behaviour
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
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Connections accepted so far.
    var connections: Int { condition.lock(); defer { condition.unlock() }; return accepted }

    /// Bytes written to clients so far.
    var bytesSent: Int { condition.lock(); defer { condition.unlock() }; return sent }

    /// The first line of each request read ("GET /x HTTP/1.1"; the full URL when sent to a proxy).
    var requests: [String] { condition.lock(); defer { condition.unlock() }; return requestLines }

    /// Waits until `count` connections were accepted; false after `timeout`.
    func waitForConnections(_ count: Int, timeout: TimeInterval) -> Bool {
        wait(timeout: timeout) { accepted >= count }
    }

    /// Waits until `count` requests have been read in full (their headers); false after `timeout`.
    func waitForRequests(_ count: Int, timeout: TimeInterval) -> Bool {
        wait(timeout: timeout) { requestLines.count >= count }
    }

    /// Waits until every connection has been closed by its client; false after `timeout`.
    func waitUntilClientsHangUp(timeout: TimeInterval) -> Bool {
        wait(timeout: timeout) { open.isEmpty }
    }

    /// Stops listening and hangs up on every client still connected.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        condition.lock()
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        condition.unlock()
    }

    private func wait(timeout: TimeInterval, until done: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !done() {
            if !condition.wait(until: end) { return done() }
        }
        return true
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                close(listener)
                return
            }
            condition.lock()
            accepted += 1
            let number = accepted
            open.insert(client)
            condition.broadcast()
            condition.unlock()
            Thread.detachNewThread { [self] in serve(client, behaviour(number)) }
        }
    }

    private func serve(_ client: Int32, _ behaviour: Behaviour) {
        defer {
            condition.lock()
            open.remove(client)
            condition.broadcast()
            condition.unlock()
            close(client)
        }
        guard let head = readRequestHead(client) else { return }
        condition.lock()
        requestLines.append(head.components(separatedBy: "\r\n").first ?? "")
        condition.broadcast()
        condition.unlock()
        switch behaviour {
        case .neverAnswer:
            waitForHangUp(client)
        case .answer(let status, let body):
            _ = write(
                client,
                "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        case .endlessBody:
            guard write(client, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n") else {
                return
            }
            let chunk = String(repeating: "<a>", count: 64 * 1024 / 3)
            while write(client, chunk) {}
        case .declaredLength(let length):
            guard write(client, "HTTP/1.1 200 OK\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n") else {
                return
            }
            let chunk = String(repeating: "x", count: 64 * 1024)
            var left = length
            while left > 0, write(client, String(chunk.prefix(left))) { left -= min(left, chunk.count) }
        case .headerLines(let count):
            var head = "HTTP/1.1 200 OK\r\n"
            for index in 0..<count { head += "X-Filler-\(index): " + String(repeating: "f", count: 80) + "\r\n" }
            _ = write(client, head + "Content-Length: 0\r\nConnection: close\r\n\r\n")
        case .trickleBody(let bytes, let interval):
            guard write(client, "HTTP/1.1 200 OK\r\nContent-Length: \(bytes)\r\nConnection: close\r\n\r\n") else {
                return
            }
            for _ in 0..<bytes {
                Thread.sleep(forTimeInterval: interval)
                guard write(client, "x") else { return }
            }
        }
    }

    /// The request's header block, or nil when the client hung up first. The body, if any,
    /// is left unread: these behaviours never depend on it.
    private func readRequestHead(_ client: Int32) -> String? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: data, as: UTF8.self).contains("\r\n\r\n") {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return nil }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Blocks until the client closes its end (or `stop` shuts the socket down).
    private func waitForHangUp(_ client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(client, &buffer, buffer.count) > 0 {}
    }

    /// Writes it all; false once the client has gone. MSG_NOSIGNAL: a gone client must not
    /// raise SIGPIPE in the test process.
    private func write(_ client: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes {
                send(client, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return false }
            offset += n
            condition.lock()
            sent += n
            condition.unlock()
        }
        return true
    }
}

/// A value another thread delivers, waited for with a timeout (never a fixed sleep).
final class Delivery<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    func deliver(_ value: Value) {
        condition.lock()
        self.value = value
        condition.broadcast()
        condition.unlock()
    }

    /// The value, or nil if it has not come within `timeout`.
    func wait(timeout: TimeInterval) -> Value? {
        let end = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while value == nil, condition.wait(until: end) {}
        return value
    }
}
