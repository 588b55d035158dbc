import AWSClient
import Foundation

/// One apply in progress: the changes made so far (for the report and the progress
/// display) and the journal that undoes them. Every write goes through `step` or `batch`,
/// so a failure anywhere rolls back everything before it.
final class ApplyRun {
    let journal = ApplyJournal()
    private(set) var changes: [String] = []
    private let progress: (String) -> Void

    init(progress: @escaping (String) -> Void) { self.progress = progress }

    func step(_ description: String, _ body: () throws(AWSError) -> Void) throws(ApplyError) {
        do {
            try body()
            done(description)
        } catch {
            throw fail(description, error)
        }
    }

    /// Independent calls (one per policy, one per attachment) run side by side: the same
    /// number of calls, less waiting. A failure waits for the batch, then rolls back all.
    func batch<Item: Sendable>(_ items: [Item], _ describe: (Item) -> String,
                               _ body: @escaping @Sendable (Item) throws(AWSError) -> Void) throws(ApplyError) {
        guard !items.isEmpty else { return }
        let failures = FailureBox()
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            do throws(AWSError) {
                try body(items[index])
            } catch {
                failures.add(index, error)
            }
        }
        for (index, item) in items.enumerated() where failures.error(at: index) == nil { done(describe(item)) }
        if let (index, error) = failures.first { throw fail(describe(items[index]), error) }
    }

    private func done(_ description: String) {
        changes.append(description)
        progress(description)
    }

    private func fail(_ description: String, _ error: AWSError) -> ApplyError {
        let (undone, failed) = journal.rollBack()
        return .failed(step: description, error: error, undone: undone, notUndone: failed)
    }
}

/// The errors of a parallel batch, by item index.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Int: AWSError] = [:]
    func add(_ index: Int, _ error: AWSError) { lock.lock(); errors[index] = error; lock.unlock() }
    func error(at index: Int) -> AWSError? { lock.lock(); defer { lock.unlock() }; return errors[index] }
    var first: (Int, AWSError)? { lock.lock(); defer { lock.unlock() }; return errors.min { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
