import Foundation
import Glibc

/// smrole's plain wizard (`wizard --plain`) driven as a person drives it: each question is
/// answered once it has been asked, that is once its prompt (ending ": ") is the last thing
/// on stderr and smrole waits for a line. `reply` gets the prompt's line and returns the
/// answer ("" keeps the value in brackets). Never a fixed wait: only the process's own output
/// moves the conversation on.
enum PlainConversation {
    static func run(
        _ arguments: [String], in directory: URL, environment: [String: String?],
        reply: (String) -> String
    ) throws -> CLI.Run {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var changed = ProcessInfo.processInfo.environment
        for (name, value) in environment { changed[name] = value }
        process.environment = changed
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // A hung smrole fails the test instead of the run.
        let watchdog = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + CLI.timeoutSeconds, execute: watchdog)
        defer { watchdog.cancel() }
        let stdout = Delivery()
        Thread.detachNewThread { stdout.deliver(output.fileHandleForReading.readDataToEndOfFile()) }
        var stderr = Data()
        while case let chunk = errors.fileHandleForReading.availableData, !chunk.isEmpty {
            stderr += chunk
            let text = String(decoding: stderr, as: UTF8.self)
            guard text.hasSuffix(": ") else { continue }
            let prompt = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            try? input.fileHandleForWriting.write(contentsOf: Data((reply(prompt) + "\n").utf8))
        }
        process.waitUntilExit()
        return CLI.Run(
            status: process.terminationStatus, stdout: String(decoding: stdout.wait(), as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// What the stdout reader read, once it has read it all.
    private final class Delivery: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()

        func deliver(_ data: Data) {
            self.data = data
            done.signal()
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
