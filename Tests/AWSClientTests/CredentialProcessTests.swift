import AWSClient
import Foundation
import Glibc
import Testing

/// credential_process as the AWS CLI runs it, but unable to hang smrole: both pipes read
/// together, a time limit (injected small here) that ends the process and all it started,
/// Ctrl-C, and a warning for credentials that have already expired.
@Suite("credential_process")
struct CredentialProcessTests {
    static let credentials = #"{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "s", "#
        + #""SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}"#

    func process(
        _ command: String, timeout: TimeInterval = 10, cancellation: CancellationGroup = CancellationGroup(),
        warnings: Warnings = Warnings()
    ) -> ProcessCredentials {
        ProcessCredentials(
            command: command, profile: "dev", timeout: timeout, cancellation: cancellation, warn: { warnings.add($0) })
    }

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smrole-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Whether the process has ended (gone, or a zombie waiting for init).
    static func hasEnded(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    static func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > end { return false }
            usleep(10_000)
        }
        return true
    }

    @Test func aProcessThatWritesMoreThanAPipeOfStderrBeforeItsAnswerIsRead() throws {
        // 256 KiB on stderr first: a reader that drains stdout before stderr would wait for ever.
        let keys = try process("head -c 262144 /dev/zero | tr '\\0' e >&2; printf '\(Self.credentials)'").fetch()
        #expect(keys.accessKeyId == "AKIAPROC" && keys.sessionToken == "t")
    }

    @Test func aProcessThatNeverExitsIsStoppedAtItsTimeoutNamingTheProfile() {
        let start = ContinuousClock.now
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process",
                reason: "it did not finish within 0.5 s, so smrole stopped it; run it yourself to see where it waits")
        ) {
            _ = try process("sleep 1000", timeout: 0.5).fetch()
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func theTimeoutEndsEverythingTheProcessStarted() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid").path
        #expect(throws: AWSError.self) {
            _ = try process("sleep 1000 & echo $! > '\(pidFile)'; wait", timeout: 0.5).fetch()
        }
        let pid = try #require(
            pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        )
        #expect(Self.waitUntil(timeout: 5) { Self.hasEnded(pid) })
    }

    @Test func aBackgroundChildHoldingStdoutOpenDoesNotHoldUpTheAnswer() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid").path
        let start = ContinuousClock.now
        let keys = try process("sleep 30 & echo $! > '\(pidFile)'; printf '\(Self.credentials)'").fetch()
        #expect(keys.accessKeyId == "AKIAPROC")
        #expect(ContinuousClock.now - start < .seconds(5))
        if let pid = pid_t(
            (try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                ?? "")
        {
            kill(pid, SIGKILL)
        }
    }

    @Test func aFailureEndsWithWhatTheProcessWroteToStderr() {
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process",
                reason: "it exited with status 2: the SSO session has expired; run aws sso login")
        ) {
            _ = try process("echo 'the SSO session has expired;' >&2; echo '  run aws sso login' >&2; exit 2").fetch()
        }
    }

    @Test func aProcessThatWantsTheTerminalIsStoppedAtOnce() {
        let start = ContinuousClock.now
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process",
                reason: "it tried to read from the terminal, which it cannot do under smrole; "
                    + "use a command that does not prompt"
            )
        ) {
            _ = try process("kill -TTIN $$; printf '\(Self.credentials)'", timeout: 20).fetch()
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func cancellingEndsARunningProcessWithinASecond() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let started = directory.appendingPathComponent("started").path
        let group = CancellationGroup()
        let ended = Delivery<Result<AWSCredentials, AWSError>>()
        let slow = process("touch '\(started)'; sleep 1000", timeout: 60, cancellation: group)
        Thread.detachNewThread { ended.deliver(Result { () throws(AWSError) in try slow.fetch() }) }
        #expect(Self.waitUntil(timeout: 5) { FileManager.default.fileExists(atPath: started) })
        let cancelledAt = ContinuousClock.now
        group.cancelInFlight()
        let result = try #require(ended.wait(timeout: 5))
        #expect(ContinuousClock.now - cancelledAt < .seconds(1))
        #expect(throws: AWSError.cancelled(action: "profile dev credential_process")) { try result.get() }
    }

    @Test func expiredCredentialsAreUsedWithAWarningNamingTheProfile() throws {
        let warnings = Warnings()
        let expired =
            #"{"Version": 1, "AccessKeyId": "AKIAOLD", "SecretAccessKey": "s", "Expiration": "2001-02-03T04:05:06Z"}"#
        let keys = try process("printf '\(expired)'", warnings: warnings).fetch()
        #expect(keys.accessKeyId == "AKIAOLD")
        #expect(
            warnings.all == [
                "the credentials from profile dev credential_process expired at 2001-02-03T04:05:06Z; "
                    + "AWS will refuse them until the command returns fresh ones"
            ])
    }

    @Test func credentialsThatHaveNotExpiredGiveNoWarning() throws {
        let warnings = Warnings()
        _ = try process("printf '\(Self.credentials)'", warnings: warnings).fetch()
        #expect(warnings.all.isEmpty)
    }

    @Test func anAnswerWithoutVersionOneIsRefusedAsTheAWSCLIRefusesIt() {
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process",
                reason: "its output has no \"Version\": 1 (the AWS CLI requires it)")
        ) {
            _ = try process(#"printf '{"AccessKeyId": "A", "SecretAccessKey": "s"}'"#).fetch()
        }
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process",
                reason: "its output has Version 2; only Version 1 is supported")
        ) {
            _ = try process(#"printf '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}'"#).fetch()
        }
    }

    @Test func anExpirationThatIsNotATimeIsRefused() {
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process", reason: "its Expiration 'soon' is not an ISO 8601 time")
        ) {
            _ = try process(
                #"printf '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"}'"#
            ).fetch()
        }
    }

    @Test func endlessOutputIsRefused() {
        #expect(
            throws: AWSError.credentials(
                source: "profile dev credential_process",
                reason: "it printed more than 1 MiB, which is not credentials")
        ) {
            _ = try process("yes", timeout: 20).fetch()
        }
    }
}

/// Warnings collected from another thread.
final class Warnings: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}
