import Dispatch
import Foundation
import RoleApply

/// Catches Ctrl-C, SIGTERM and SIGHUP while an apply runs, so it can roll back instead of
/// dying half-way. The signals are received on a dispatch queue (not in a handler), so
/// what they trigger may take locks and print.
final class InterruptTrap {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private var sources: [DispatchSourceSignal] = []

    init(_ interruption: ApplyInterruption, announce: @escaping @Sendable (Int32, Int) -> Void) {
        let queue = DispatchQueue(label: "smrole.signals")
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                interruption.raise(number)
                announce(number, interruption.abandonsRollback ? 2 : 1)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Back to the default: a signal after the run ends the process as usual.
    func release() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
        sources.removeAll()
    }
}
