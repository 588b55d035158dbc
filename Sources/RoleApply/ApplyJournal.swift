import AWSClient
import Foundation

/// What an apply changed so far, each change with the call that undoes it. On a failure
/// the journal is played back newest first, so nothing this run created is left behind.
final class ApplyJournal: @unchecked Sendable {
    struct Entry {
        var undoDescription: String
        var undo: () throws(AWSError) -> Void
    }

    private var entries: [Entry] = []
    private let lock = NSLock()

    /// Safe from several threads: calls of one batch run in parallel.
    func record(undo undoDescription: String, _ undo: @escaping () throws(AWSError) -> Void) {
        lock.lock()
        entries.append(Entry(undoDescription: undoDescription, undo: undo))
        lock.unlock()
    }

    /// Undoes everything, newest first; returns what was undone and what could not be.
    func rollBack() -> (undone: [String], failed: [String]) {
        var undone: [String] = []
        var failed: [String] = []
        for entry in entries.reversed() {
            do {
                try entry.undo()
                undone.append(entry.undoDescription)
            } catch {
                failed.append("\(entry.undoDescription): \(error)")
            }
        }
        entries.removeAll()
        return (undone, failed)
    }
}
