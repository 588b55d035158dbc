import CCurl
import Foundation

/// What Ctrl-C stops together: requests on the wire, the pauses between their retries, a
/// running credential_process. An epoch counter: each of these remembers the epoch it started
/// in (a `Mark`) and gives up once the epoch has moved; what starts afterwards runs normally,
/// so a rollback after Ctrl-C can still call AWS. The process has one group (`.process`, what
/// `CurlTransport.cancelInFlight()` moves); tests make their own so that cancelling one test's
/// requests cannot touch another's.
public final class CancellationGroup: @unchecked Sendable {
    /// The process's group: everything uses it unless told otherwise.
    public static let process = CancellationGroup(counter: smrole_cancel_counter_process())

    let counter: OpaquePointer

    private init(counter: OpaquePointer) { self.counter = counter }

    /// A group of its own, for tests.
    public convenience init() { self.init(counter: smrole_cancel_counter_new()) }

    deinit { smrole_cancel_counter_free(counter) }

    /// Cancels everything that started in this group before now. Lock-free: callable from any thread.
    public func cancelInFlight() { smrole_cancel_counter_move(counter) }

    /// The current epoch, to be carried by what starts now.
    public func mark() -> Mark { Mark(group: self, epoch: smrole_cancel_counter_value(counter)) }

    /// An epoch of a group: "cancelled" once the group has moved past it.
    public struct Mark: Sendable {
        public let group: CancellationGroup
        public let epoch: UInt

        public var isCancelled: Bool { smrole_cancel_counter_value(group.counter) != epoch }

        /// Waits `seconds`, returning early (within 20 ms) once cancelled.
        public func pause(_ seconds: TimeInterval) {
            let end = ContinuousClock.now + .seconds(max(0, seconds))
            while !isCancelled, case let left = (end - ContinuousClock.now).seconds, left > 0 {
                Thread.sleep(forTimeInterval: min(0.02, left))
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, for arithmetic with `TimeInterval`s.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
