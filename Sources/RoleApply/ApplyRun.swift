import AWSClient
import Foundation

/// One apply in progress: the changes made so far (for the report and the progress display)
/// and the journal that undoes them. Every write goes through `step` or `batch`, which
/// journal the change before the call, so a failure, a signal or a kill anywhere leaves
/// enough behind to undo everything.
final class ApplyRun {
    let journal: ApplyJournal
    let iam: IAMClient
    let limits: ApplyLimits
    let interruption: ApplyInterruption?
    private(set) var changes: [String] = []
    private let progress: (String) -> Void
    private let started = Date()

    init(journal: ApplyJournal, iam: IAMClient, limits: ApplyLimits, interruption: ApplyInterruption?,
         progress: @escaping (String) -> Void) {
        self.journal = journal
        self.iam = iam
        self.limits = limits
        self.interruption = interruption
        self.progress = progress
    }

    /// One write: `intent` is journaled first; `body` gets its journal index.
    func step(_ description: String, intent: JournalEntry.Change,
              _ body: (Int) throws(AWSError) -> Void) throws(ApplyError) {
        try checkBeforeCall(description)
        let index = try record([intent], description)[0]
        do {
            try body(index)
            journal.markDone(index)
            done(description)
        } catch {
            throw fail(description, error)
        }
    }

    /// Independent calls (one per policy, one per attachment) run side by side, `width` at a
    /// time: the same number of calls, less waiting. All intents are journaled in one write
    /// first. A failure waits for the batch, then rolls back everything.
    func batch<Item: Sendable>(_ items: [Item], _ describe: (Item) -> String, intent: (Item) -> JournalEntry.Change,
                               _ body: @escaping @Sendable (Item, Int) throws(AWSError) -> Void) throws(ApplyError) {
        guard !items.isEmpty else { return }
        try checkBeforeCall(describe(items[0]))
        let indices = try record(items.map(intent), describe(items[0]))
        let failures = FailureBox()
        let interruption = self.interruption
        let journal = self.journal
        WorkerThreads.forEach(items.count, width: limits.concurrency) { position in
            if interruption?.signal != nil { return failures.add(position, .configuration("not started: interrupted")) }
            do throws(AWSError) {
                try body(items[position], indices[position])
                journal.markDone(indices[position])
            } catch {
                failures.add(position, error)
            }
        }
        for (position, item) in items.enumerated() where failures.error(at: position) == nil { done(describe(item)) }
        if let (position, error) = failures.first { throw fail(describe(items[position]), error) }
    }

    /// Undoes everything journaled so far; used by failures and by interruptions.
    func rollBack() -> Rollback {
        journal.rollBack(iam, interruption: interruption, deadline: Date().addingTimeInterval(limits.rollbackTime))
    }

    private func record(_ intents: [JournalEntry.Change], _ description: String) throws(ApplyError) -> [Int] {
        do {
            return try journal.intend(intents)
        } catch {
            throw fail(description, .configuration(error.description))
        }
    }

    /// No call starts after a signal or past the run's time limit.
    private func checkBeforeCall(_ description: String) throws(ApplyError) {
        if let signal = interruption?.signal { throw .interrupted(signal: signal, rollback: rollBack()) }
        if Date().timeIntervalSince(started) > limits.runTime {
            throw fail(description, .configuration(
                "apply stopped before this call: the run took longer than its limit of \(Int(limits.runTime)) s"))
        }
    }

    private func done(_ description: String) {
        changes.append(description)
        progress(description)
    }

    private func fail(_ description: String, _ error: AWSError) -> ApplyError {
        let rollback = rollBack()
        if let signal = interruption?.signal { return .interrupted(signal: signal, rollback: rollback) }
        return .failed(step: description, error: error, rollback: rollback)
    }
}

/// How wide and how long an apply may be. Each call is bounded by the AWS client's own
/// time limits; these bound the run as a whole and its rollback.
public struct ApplyLimits: Sendable {
    /// Calls in flight at once in a batch (policies, attachments).
    public var concurrency: Int
    /// No new call starts after this many seconds.
    public var runTime: TimeInterval
    /// No undo starts after this many seconds of rolling back; the rest stays journaled.
    public var rollbackTime: TimeInterval

    public init(concurrency: Int = 8, runTime: TimeInterval = 300, rollbackTime: TimeInterval = 120) {
        self.concurrency = concurrency
        self.runTime = runTime
        self.rollbackTime = rollbackTime
    }
}

/// The errors of a parallel batch, by item index.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Int: AWSError] = [:]
    func add(_ index: Int, _ error: AWSError) { lock.lock(); errors[index] = error; lock.unlock() }
    func error(at index: Int) -> AWSError? { lock.lock(); defer { lock.unlock() }; return errors[index] }
    var first: (Int, AWSError)? {
        lock.lock()
        defer { lock.unlock() }
        return errors.min { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
