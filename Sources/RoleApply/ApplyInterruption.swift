import Foundation

/// The user's wish to stop an apply (Ctrl-C, SIGTERM, SIGHUP), shared between the thread
/// that catches the signal and the threads that call IAM.
///
/// The first signal stops the run before its next call and rolls back; a second one gives
/// up the rollback too, and what is left stays in the journal for `apply --rollback`.
public final class ApplyInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var signals: [Int32] = []
    private let onRaise: @Sendable (Int) -> Void

    /// `onRaise` runs on every signal with how many have arrived, e.g. to abort the calls in
    /// flight so the run does not wait for an answer that may never come.
    public init(onRaise: @escaping @Sendable (Int) -> Void = { _ in }) { self.onRaise = onRaise }

    public func raise(_ signal: Int32) {
        lock.lock()
        signals.append(signal)
        let count = signals.count
        lock.unlock()
        onRaise(count)
    }

    /// The first signal received, if any.
    public var signal: Int32? { lock.lock(); defer { lock.unlock() }; return signals.first }

    /// A second signal: stop undoing too.
    public var abandonsRollback: Bool { lock.lock(); defer { lock.unlock() }; return signals.count >= 2 }
}
