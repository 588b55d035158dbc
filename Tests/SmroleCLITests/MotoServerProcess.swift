import Foundation
import Glibc
import TestServers

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
            port = try ServerAnnouncement.launch(process, what: "moto's server", seconds: Self.startupSeconds)
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        var url: String { "http://127.0.0.1:\(port)" }
    }
}
