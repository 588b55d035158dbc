import Foundation
import Glibc

extension AWSCommandTests {
    /// A moto server for one test, stopped by its PID. It is started on port 0 (the kernel picks a free
    /// port, so none can be taken between choosing and binding) and is ready once it prints the address
    /// it listens on; its output is read to the end, so a full pipe never blocks it.
    final class Server {
        static let startupSeconds = 60
        let process = Process()
        let port: Int

        /// `authenticatedAfter`: moto checks SigV4 signatures (and IAM permissions) after that many requests.
        init(authenticatedAfter count: Int? = nil) throws {
            process.executableURL = URL(fileURLWithPath: Moto.executable)
            process.arguments = ["-H", "127.0.0.1", "-p", "0"]
            if let count {
                var environment = ProcessInfo.processInfo.environment
                environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(count)
                process.environment = environment
            }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            let announcement = ServerAnnouncement()
            announcement.watch(output.fileHandleForReading)
            try process.run()
            guard let port = announcement.port(within: Self.startupSeconds) else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw MotoDidNotStart(output: announcement.seen)
            }
            self.port = port
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        var url: String { "http://127.0.0.1:\(port)" }
    }

    struct MotoDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String {
            "moto's server did not start within \(Server.startupSeconds) s; it printed:\n\(output)"
        }
    }
}

/// Watches a server's output for the `http://127.0.0.1:PORT` line it prints once it listens; the wait for it
/// ends with the port, or with nil at the timeout or when the output ended without one.
final class ServerAnnouncement: @unchecked Sendable {
    private let lock = NSLock()
    private let found = DispatchSemaphore(value: 0)
    private var text = ""
    private var announced: Int?

    var seen: String { lock.withLock { text } }

    func watch(_ handle: FileHandle) {
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

    func port(within seconds: Int) -> Int? {
        _ = found.wait(timeout: .now() + .seconds(seconds))
        return lock.withLock { announced }
    }

    static func port(in text: String) -> Int? {
        guard let start = text.range(of: "http://127.0.0.1:")?.upperBound else { return nil }
        let digits = text[start...].prefix { $0.isNumber }
        guard digits.endIndex < text.endIndex else { return nil }  // the line may not be complete yet
        return Int(digits)
    }
}

