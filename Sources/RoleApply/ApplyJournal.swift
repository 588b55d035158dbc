import AWSClient
import Foundation

/// What an apply set out to change, kept in a `JournalStore` before each call is sent. On a
/// failure or a signal the journal is played back newest first, so nothing the run (or an
/// earlier, killed run of the same role) created is left behind.
final class ApplyJournal: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var record: JournalRecord
    let store: any JournalStore

    init(store: any JournalStore, record: JournalRecord) {
        self.store = store
        self.record = record
    }

    /// Records the changes about to be made, durably, and returns their indices. Throws (and
    /// nothing must be sent) when the journal cannot be written.
    func intend(_ changes: [JournalEntry.Change]) throws(JournalStoreError) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        let first = record.entries.count
        record.entries += changes.map { JournalEntry($0) }
        do {
            try store.save(record)
        } catch {
            record.entries.removeLast(changes.count)
            throw error
        }
        return Array(first..<record.entries.count)
    }

    /// IAM answered: kept in memory and written with the next intent (the undo does not
    /// depend on it; the report does).
    func markDone(_ index: Int) {
        lock.lock()
        record.entries[index].done = true
        lock.unlock()
    }

    /// The entity turned out not to be this run's (it existed with other content): never undo it.
    func release(_ index: Int) {
        lock.lock()
        record.entries[index].released = true
        try? store.save(record)
        lock.unlock()
    }

    var isEmpty: Bool { lock.lock(); defer { lock.unlock() }; return record.entries.allSatisfy { $0.released == true } }

    /// The run reached the plan: the journal is no longer needed.
    func finish() throws(JournalStoreError) {
        lock.lock()
        defer { lock.unlock() }
        record.entries.removeAll()
        try store.remove()
    }

    /// Undoes every change, newest first, until done, a second signal, or the deadline. What
    /// could not be undone stays in the journal, so `apply --rollback` can try again.
    func rollBack(_ iam: IAMClient, interruption: ApplyInterruption?, deadline: Date) -> Rollback {
        lock.lock()
        let entries = record.entries
        lock.unlock()
        var result = Rollback()
        var remaining: [JournalEntry] = []
        for entry in entries.reversed() where entry.released != true {
            let text = entry.change.undoDescription
            if interruption?.abandonsRollback == true || Date() >= deadline {
                remaining.insert(entry, at: 0)
                result.abandoned.append(text)
                continue
            }
            do throws(AWSError) {
                switch try entry.change.undo(iam) {
                case .undone: result.undone.append(text)
                case .neverMade: break
                }
            } catch {
                remaining.insert(entry, at: 0)
                result.notUndone.append("\(text): \(error)")
            }
        }
        if !result.abandoned.isEmpty {
            result.abandonReason = interruption?.abandonsRollback == true
                ? "stopped by a second interrupt" : "the rollback's time limit was reached"
        }
        lock.lock()
        record.entries = remaining
        do {
            if remaining.isEmpty { try store.remove() } else { try store.save(record) }
            if !remaining.isEmpty { result.journal = store.location }
        } catch {
            result.notUndone.append("the journal could not be updated: \(error)")
        }
        lock.unlock()
        return result
    }
}

/// What a rollback did, for the report: never lists as undone what was not.
public struct Rollback: Equatable, Sendable {
    public var undone: [String] = []
    /// Tried and failed, with AWS's reason.
    public var notUndone: [String] = []
    /// Not tried: a second interrupt or the time limit came first.
    public var abandoned: [String] = []
    public var abandonReason: String?
    /// Where what is left is recorded, when something is.
    public var journal: String?

    public init() {}

    public var isComplete: Bool { notUndone.isEmpty && abandoned.isEmpty }

    /// The report's lines, indented under the failure.
    public var lines: [String] {
        var out: [String] = []
        if undone.isEmpty && isComplete {
            out.append("nothing had been changed")
        } else if !undone.isEmpty {
            out.append("undone:")
            out += undone.map { "  - \($0)" }
        }
        if !notUndone.isEmpty {
            out.append("could NOT be undone (still in the account):")
            out += notUndone.map { "  ! \($0)" }
        }
        if !abandoned.isEmpty {
            out.append("not undone, \(abandonReason ?? "rollback stopped") (still in the account):")
            out += abandoned.map { "  ! \($0)" }
        }
        if let journal {
            out.append("what is left is recorded in \(journal):")
            out.append("  run the same `smrole apply` again to complete the plan, or add --rollback to undo it")
        }
        return out
    }
}
