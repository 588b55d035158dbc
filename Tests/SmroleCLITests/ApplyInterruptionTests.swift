import Foundation
import Glibc
import Testing

/// `smrole apply` as a whole process, stopped by signals and kill -9 in the middle of a call,
/// or losing a call's answer, between it and moto (`Tests/stubs/fault_proxy.py`). The run ends
/// with exactly the plan or with nothing it created left, and the next apply knows which.
@Suite("apply interrupted, killed and losing answers", .serialized, .namesTheBinaryUnderTest,
       .enabled(if: Moto.available, "moto is installed by `make test`"))
struct ApplyInterruptionTests {
    static let python = URL(fileURLWithPath: Moto.executable).deletingLastPathComponent().appendingPathComponent("python").path
    static let proxyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../stubs/fault_proxy.py").standardized.path

    /// The lab's compute role: 1 policy, the role, 1 attachment, so 3 writes.
    static func answers(_ name: String) -> String {
        AWSCommandTests.answers.replacingOccurrences(of: "SageMaker-CLI", with: name)
    }
    static let writes = 3

    /// The proxy, printing one line per event; `waitFor` reads up to a line with the text.
    final class Proxy {
        let process = Process()
        let output = Pipe()
        var port = 0
        private var buffer = ""

        init(upstream: String, mode: String, write: Int) throws {
            process.executableURL = URL(fileURLWithPath: ApplyInterruptionTests.python)
            process.arguments = [ApplyInterruptionTests.proxyScript, upstream, mode, String(write)]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let ready = try waitFor("listening")
            port = Int(ready.split(separator: " ")[1])!
        }

        /// Blocks until the proxy reports a line containing `text` (it reports, it never sleeps).
        func waitFor(_ text: String) throws -> String {
            while true {
                if let line = buffer.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
                let data = output.fileHandleForReading.availableData
                guard !data.isEmpty else { throw CLIError("the fault proxy ended before it said '\(text)'") }
                buffer += String(decoding: data, as: UTF8.self)
            }
        }

        var url: String { "http://127.0.0.1:\(port)" }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    struct CLIError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A scratch folder with the answers and its own XDG state directory for the journal.
    struct Workspace {
        let dir: URL
        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["AWS_ACCESS_KEY_ID"] = "testing"
            env["AWS_SECRET_ACCESS_KEY"] = "testing"
            env["XDG_STATE_HOME"] = dir.appendingPathComponent("state").path
            return env
        }

        init(role: String) throws {
            dir = try CLI.scratch()
            try ApplyInterruptionTests.answers(role).write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        }

        /// smrole started, not waited for: the test signals it while a call is in flight.
        func start(_ arguments: [String]) throws -> (Process, Pipe) {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.currentDirectoryURL = dir
            process.environment = environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return (process, err)
        }

        func run(_ arguments: [String]) throws -> CLI.Run {
            let (process, err) = try start(arguments)
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CLI.Run(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
        }

        /// What `--dry-run` against moto itself says is missing or different.
        func dryRun(_ moto: String) throws -> String {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["apply", "--answers", "a.yaml", "--endpoint-url", moto, "--dry-run"]
            process.currentDirectoryURL = dir
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Nothing of the role is in IAM: every policy and the role are missing.
    func expectNothingLeft(_ workspace: Workspace, _ moto: String, _ context: String) throws {
        let dry = try workspace.dryRun(moto)
        #expect(dry.contains("role SageMaker-") && dry.contains(": missing"), "\(context): \(dry)")
        #expect(!dry.contains("the document differs") && !dry.contains("detach"), "\(context): \(dry)")
        #expect(dry.components(separatedBy: ": missing").count - 1 == 2, "\(context): policy and role missing: \(dry)")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func aSignalDuringACallRollsBackAndExitsWithItsCode(signal: Int32, code: Int32) throws {
        let moto = try AWSCommandTests.Server()
        // The attachment (write 3) never answers; the signal arrives while smrole waits for it.
        let proxy = try Proxy(upstream: moto.url, mode: "hold", write: 3)
        let workspace = try Workspace(role: "SageMaker-Signal")
        let (process, err) = try workspace.start(["apply", "--answers", "a.yaml", "--endpoint-url", proxy.url])
        _ = try proxy.waitFor("hold 3")
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == code, "\(stderr)")
        #expect(stderr.contains("interrupted") && stderr.contains("deleted role SageMaker-Signal"), "\(stderr)")
        #expect(!stderr.contains("nothing had been changed"))
        try expectNothingLeft(workspace, moto.url, "after signal \(signal)")
    }

    @Test func ctrlCDuringACallThatNeverAnswersEndsWithoutWaitingForIt() throws {
        let moto = try AWSCommandTests.Server()
        let proxy = try Proxy(upstream: moto.url, mode: "hold", write: 2)
        let workspace = try Workspace(role: "SageMaker-Hung")
        let (process, err) = try workspace.start(["apply", "--answers", "a.yaml", "--endpoint-url", proxy.url])
        _ = try proxy.waitFor("hold 2 CreateRole")
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // Without cancelling the call in flight it would wait out the 10 s attempt limit.
        #expect(Date().timeIntervalSince(sent) < 8, "\(stderr)")
        #expect(process.terminationStatus == 130, "\(stderr)")
        try expectNothingLeft(workspace, moto.url, "after Ctrl-C on a hung call")
    }

    /// kill -9 while write `n`'s answer is held back (IAM made the change), then what is left.
    func killed(at n: Int, _ moto: AWSCommandTests.Server, role: String) throws -> Workspace {
        let proxy = try Proxy(upstream: moto.url, mode: "answer-held", write: n)
        let workspace = try Workspace(role: role)
        let (process, _) = try workspace.start(["apply", "--answers", "a.yaml", "--endpoint-url", proxy.url])
        _ = try proxy.waitFor("answer-held \(n)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return workspace
    }

    @Test func afterKill9TheNextApplyCompletesThePlan() throws {
        let moto = try AWSCommandTests.Server()
        for n in 1...Self.writes {
            let workspace = try killed(at: n, moto, role: "SageMaker-Resume\(n)")
            let resumed = try workspace.run(["apply", "--answers", "a.yaml", "--endpoint-url", moto.url])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("found an unfinished apply"), "\(resumed.stderr)")
            #expect(try workspace.dryRun(moto.url).contains("up to date"), "kill at write \(n)")
        }
    }

    @Test func afterKill9RollbackUndoesWhatTheRunDid() throws {
        let moto = try AWSCommandTests.Server()
        for n in 1...Self.writes {
            let workspace = try killed(at: n, moto, role: "SageMaker-Undo\(n)")
            let undone = try workspace.run(["apply", "--answers", "a.yaml", "--endpoint-url", moto.url, "--rollback"])
            #expect(undone.status == 0 && undone.stderr.contains("Rolled back"), "\(undone.stderr)")
            try expectNothingLeft(workspace, moto.url, "after --rollback of a kill at write \(n)")
            let again = try workspace.run(["apply", "--answers", "a.yaml", "--endpoint-url", moto.url, "--rollback"])
            #expect(again.status == 0 && again.stderr.contains("nothing to roll back"))
        }
    }

    @Test func aLostAnswerAtAnyWriteStillEndsWithExactlyThePlan() throws {
        let moto = try AWSCommandTests.Server()
        for n in 1...Self.writes {
            let proxy = try Proxy(upstream: moto.url, mode: "drop", write: n)
            let workspace = try Workspace(role: "SageMaker-Lost\(n)")
            let result = try workspace.run(["apply", "--answers", "a.yaml", "--endpoint-url", proxy.url])
            #expect(result.status == 0, "lost answer at write \(n): \(result.stderr)")
            _ = try proxy.waitFor("drop \(n)")
            #expect(try workspace.dryRun(moto.url).contains("up to date"), "lost answer at write \(n)")
            let again = try workspace.run(["apply", "--answers", "a.yaml", "--endpoint-url", moto.url])
            #expect(again.status == 0 && again.stderr.contains("nothing to do"), "\(again.stderr)")
        }
    }

    @Test func aSecondApplyOfTheRoleRefusesWhileTheFirstRuns() throws {
        let moto = try AWSCommandTests.Server()
        let proxy = try Proxy(upstream: moto.url, mode: "hold", write: 2)
        let workspace = try Workspace(role: "SageMaker-Locked")
        let (first, _) = try workspace.start(["apply", "--answers", "a.yaml", "--endpoint-url", proxy.url])
        _ = try proxy.waitFor("hold 2")
        let second = try workspace.run(["apply", "--answers", "a.yaml", "--endpoint-url", moto.url])
        #expect(second.status == 1 && second.stderr.contains("another smrole apply of this role is running"), "\(second.stderr)")
        kill(first.processIdentifier, SIGINT)
        first.waitUntilExit()
        #expect(first.terminationStatus == 130)
    }
}
