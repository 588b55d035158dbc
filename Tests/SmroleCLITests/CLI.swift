import Foundation
import Glibc
import Testing

/// The real `smrole` binary, run as a user would run it.
///
/// Which binary: `SMROLE_BINARY` when it is set — `make test` always sets it to the release build,
/// made exactly as `make release` makes it, because that is what ships. Without it (a developer's
/// quick `swift test`) the debug build beside this test bundle runs, and the first run says so.
enum CLI {
    /// The variable `make test` sets to the binary under test.
    static let variable = "SMROLE_BINARY"

    static let binary: URL = {
        if let chosen = ProcessInfo.processInfo.environment[variable], !chosen.isEmpty {
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            return URL(fileURLWithPath: chosen, relativeTo: here).standardizedFileURL
        }
        // The test bundle sits in the build products directory next to the executable.
        var dir = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("smrole").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("smrole")
    }()

    /// The binary and where the choice came from, for every failure message.
    static var binaryDescription: String {
        if let chosen = ProcessInfo.processInfo.environment[variable], !chosen.isEmpty {
            return "\(binary.path) (from \(variable))"
        }
        return "\(binary.path) (the debug build: \(variable) is unset; `make test` runs the release build)"
    }

    /// Whether the binary under test is the one that ships (`make test` sets `SMROLE_BINARY` to the release build);
    /// what only the release link guarantees (symbol versions, no shared C++ library) is checked on that one.
    static var isShippedBuild: Bool { !(ProcessInfo.processInfo.environment[variable] ?? "").isEmpty }

    /// Longer than any command takes on a loaded machine; a hung smrole fails the test instead of the run.
    static let timeoutSeconds: TimeInterval = 300

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var binary: String = CLI.binary.path
    }

    enum Failure: Error, CustomStringConvertible {
        case noBinary(String)
        case timedOut([String], String, stderr: String)

        var description: String {
            switch self {
            case .noBinary(let binary):
                return "no executable smrole at \(binary); `make test` builds it (make release) "
                    + "and sets \(CLI.variable)"
            case .timedOut(let arguments, let binary, let stderr):
                let command = (["smrole"] + arguments).joined(separator: " ")
                return "\(command) ran over \(Int(CLI.timeoutSeconds)) s and was killed; binary \(binary); "
                    + "stderr so far:\n\(stderr)"
            }
        }
    }

    /// Runs smrole in `directory`; stdout and stderr are read together, so neither pipe can fill and block it.
    /// `environment` changes this run's environment only: a value sets a variable, nil removes it.
    /// `executable` is the binary under test unless a test runs a copy of it.
    static func run(
        _ arguments: [String], in directory: URL, stdin: String? = nil, environment: [String: String?] = [:],
        executable: URL = CLI.binary
    ) throws -> Run {
        _ = announceOnce
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Failure.noBinary(executable == binary ? binaryDescription : executable.path)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            var changed = ProcessInfo.processInfo.environment
            for (name, value) in environment { changed[name] = value }
            process.environment = changed
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        let readers = DispatchGroup()
        let stdout = Collected(), stderr = Collected()
        stdout.read(out.fileHandleForReading, in: readers)
        stderr.read(err.fileHandleForReading, in: readers)
        if let input, let stdin {
            // Its own thread: smrole may exit without reading it all.
            Thread {
                try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
                try? input.fileHandleForWriting.close()
            }.start()
        }
        if readers.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure.timedOut(arguments, executable == binary ? binaryDescription : executable.path,
                                   stderr: stderr.text)
        }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout.text, stderr: stderr.text, binary: executable.path)
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Said once per test run, on stderr: which binary these tests ran.
    private static let announceOnce: Void = {
        // A write to a pipe smrole closed early must fail, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        FileHandle.standardError.write(Data("SmroleCLITests run \(binaryDescription)\n".utf8))
    }()
}

/// Bytes from one pipe, read to its end on a thread of its own (never a shared pool that parallel tests
/// could exhaust).
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func read(_ handle: FileHandle, in group: DispatchGroup) {
        group.enter()
        Thread {
            while case let chunk = handle.availableData, !chunk.isEmpty {
                self.lock.withLock { self.data.append(chunk) }
            }
            group.leave()
        }.start()
    }
}

extension Trait where Self == IssueHandlingTrait {
    /// Every failure in the suite names the smrole binary that ran (release or debug, and from where).
    static var namesTheBinaryUnderTest: Self {
        .compactMapIssues { issue in
            let note: Comment = "smrole under test: \(CLI.binaryDescription)"
            var issue = issue
            // A suite's trait also reaches each of its tests: name the binary once.
            if !issue.comments.contains(note) { issue.comments.append(note) }
            return issue
        }
    }
}
