import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import TestServers

/// moto's server on a free loopback port for one suite, stopped by its PID. `make test`
/// installs it into .venv-test; without it these suites are skipped with a reason.
nonisolated(unsafe) var sharedMotoProcess: pid_t = 0

final class MotoServer: @unchecked Sendable {
    static let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.venv-test/bin/moto_server").standardized.path
    static var available: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// One server for all the suites of a test run (each test resets it); killed at exit.
    static let shared: MotoServer? = {
        guard available, let server = try? MotoServer() else { return nil }
        sharedMotoProcess = server.process.processIdentifier
        atexit {
            if sharedMotoProcess > 0 { kill(sharedMotoProcess, SIGKILL) }
        }
        return server
    }()

    let port: Int
    let process: Process
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts moto on a port the kernel picks (`-p 0`) and reads the port from what it prints, so no
    /// other process can take the port between choosing and binding it. Its output is read to the
    /// end on a thread of its own, so a chatty server never blocks on a full pipe.
    init(authenticatedAfter count: Int? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-H", "127.0.0.1", "-p", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        if let count { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(count) }
        process.environment = environment
        port = try ServerAnnouncement.launch(process, what: "moto", seconds: 30)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if MotoServer.answers(port: port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw NSError(domain: "MotoServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "moto did not start on port \(port)"])
    }

    /// SIGTERM, then SIGKILL if moto's server has not gone within two seconds.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Wipes every account's state between tests.
    func reset() {
        var request = URLRequest(url: URL(string: url + "/moto-api/reset")!)
        request.httpMethod = "POST"
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }

    static func answers(port: Int, path: String = "/moto-api/") -> Bool {
        final class Flag: @unchecked Sendable { var ok = false }
        let flag = Flag()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 1
        URLSession.shared.dataTask(with: request) { _, response, _ in
            flag.ok = (response as? HTTPURLResponse) != nil
            done.signal()
        }.resume()
        done.wait()
        return flag.ok
    }
}
