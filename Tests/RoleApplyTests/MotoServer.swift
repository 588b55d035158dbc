import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc

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

    init(authenticatedAfter count: Int? = nil) throws {
        port = MotoServer.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        if let count { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(count) }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
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

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
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
