import Foundation
import Glibc

/// Watches a server's output for the `http://127.0.0.1:PORT` line it prints once it listens; the wait for it
/// ends with the port, or with nil at the timeout or when the output ended without one.
public final class ServerAnnouncement: @unchecked Sendable {
    private let lock = NSLock()
    private let found = DispatchSemaphore(value: 0)
    private var text = ""
    private var announced: Int?

    public init() {}

    /// What the server printed until it announced its port.
    public var seen: String { lock.withLock { text } }

    public func watch(_ handle: FileHandle) {
        Thread {
            while case let chunk = handle.availableData, !chunk.isEmpty {
                self.lock.withLock {
                    guard self.announced == nil else { return }
                    self.text += String(decoding: chunk, as: UTF8.self)
                    if let port = Self.port(in: self.text) {
                        self.announced = port
                        self.found.signal()
                    }
                }
            }
            self.found.signal()
        }.start()
    }

    public func port(within seconds: Int) -> Int? {
        _ = found.wait(timeout: .now() + .seconds(seconds))
        return lock.withLock { announced }
    }

    public static func port(in text: String) -> Int? {
        guard let start = text.range(of: "http://127.0.0.1:")?.upperBound else { return nil }
        let digits = text[start...].prefix { $0.isNumber }
        guard digits.endIndex < text.endIndex else { return nil }  // the line may not be complete yet
        return Int(digits)
    }
}

extension ServerAnnouncement {
    /// Runs `process` (told to listen on port 0) with its output on a pipe that is read to the end,
    /// and returns the port it announced; kills it if it announces none within `seconds`.
    public static func launch(_ process: Process, what: String, seconds: Int = 60) throws -> Int {
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let announcement = ServerAnnouncement()
        announcement.watch(output.fileHandleForReading)
        try process.run()
        guard let port = announcement.port(within: seconds) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw NotAnnounced(what: what, seconds: seconds, output: announcement.seen)
        }
        return port
    }

    public struct NotAnnounced: Error, CustomStringConvertible {
        public let what: String
        public let seconds: Int
        public let output: String
        public var description: String {
            "\(what) did not say which port it listens on within \(seconds) s; it printed:\n\(output)"
        }
    }
}
