import Foundation
import Glibc
import WizardCore

/// The wizard's event loop (Bubble Tea's program): read a key, `update`, draw. Effects that
/// wait on the world (AWS calls, saving files) run on threads of their own and come back as
/// events, so the screen stays live while they run: keys act at once, the spinner turns, and
/// Ctrl-C stops a Create (it rolls back) instead of waiting for an endpoint that may never
/// answer. The draft is the exception, written before the next frame is drawn, so what the
/// screen shows survives a kill -9.
public struct WizardDriver {
    public enum Outcome: Equatable {
        case finished(WizardExit)
        case interrupted(signal: Int32)
    }

    public init() {}

    /// Runs on the terminal (/dev/tty) until the user leaves or a signal arrives; the
    /// terminal is restored before it returns.
    public func run(_ initial: WizardState, services: WizardServices) throws(TerminalError) -> Outcome {
        let backend = try CursesBackend()
        return run(initial, services: services, on: backend)
    }

    /// Runs on any backend (tests: `MemoryBackend`). `close` is called on every exit path.
    public func run(_ initial: WizardState, services: WizardServices, on backend: TerminalBackend) -> Outcome {
        defer { backend.close() }
        let decoder = KeyDecoder(backend: backend)
        let inbox = EffectInbox()
        var running: EffectCancellation?
        /// Pick-list lookups still reading, by serial (Esc or Ctrl-C in the list stops one).
        var lookups: [Int: EffectCancellation] = [:]
        var state = initial
        state.options.glyphs = backend.utf8 ? .unicode : .ascii
        _ = state.update(.resize(backend.size))
        backend.draw(state.view())
        var lastTick = ContinuousClock.now

        /// Carries out what `update` asked for; long effects start threads and return at once.
        func perform(_ effects: [WizardEffect]) -> Outcome? {
            var queue = effects
            while !queue.isEmpty {
                switch queue.removeFirst() {
                case .saveDraft:
                    if state.mayWriteDraft { services.saveDraft(state) }
                case .save(let directory, let formats):
                    let snapshot = state
                    inbox.start { .saveFinished(services.save(snapshot, directory, formats)) }
                case .createRole:
                    let cancellation = EffectCancellation()
                    running = cancellation
                    let snapshot = state
                    inbox.start { .createFinished(services.createRole(snapshot, cancellation) { inbox.post(.progress($0)) }) }
                case .onboard(let domainId, let users, let image):
                    let cancellation = EffectCancellation()
                    running = cancellation
                    let snapshot = state
                    let request = OnboardRequest(domainId: domainId, users: users, image: image)
                    inbox.start {
                        .onboardFinished(services.onboard(snapshot, request, cancellation) { inbox.post(.progress($0)) })
                    }
                case .cancelRunning:
                    running?.cancel()
                case .lookup(let request):
                    let cancellation = EffectCancellation()
                    lookups[request.serial] = cancellation
                    inbox.start {
                        let failure = services.lookup(request, cancellation) { rows in
                            inbox.post(.lookupItems(serial: request.serial, items: rows))
                        }
                        return .lookupFinished(serial: request.serial, failure: failure)
                    }
                case .cancelLookup(let serial):
                    lookups.removeValue(forKey: serial)?.cancel()
                case .quit(let exit):
                    if state.mayWriteDraft { services.saveDraft(state) }
                    return .finished(exit)
                }
            }
            return nil
        }

        func apply(_ event: WizardEvent) -> Outcome? {
            if case .createFinished = event { running = nil }
            if case .onboardFinished = event { running = nil }
            if case .lookupFinished(let serial, _) = event { lookups[serial] = nil }
            return perform(state.update(event))
        }

        while true {
            let received = backend.takeSignal()
            if received == SIGINT && (state.isWaiting || state.modal == .pickList) {
                if let outcome = apply(.interrupt) { return outcome }
            } else if received != 0 {
                // Leaving while AWS calls run: stop them, let the rollback finish, then go.
                if let running {
                    running.cancel()
                    while state.busy, let event = inbox.wait() { _ = apply(event) }
                }
                if state.mayWriteDraft { services.saveDraft(state) }
                return .interrupted(signal: received)
            }
            var changed = received != 0
            for event in inbox.drain() {
                if let outcome = apply(event) { return outcome }
                changed = true
            }
            if let event = decoder.next(milliseconds: state.isWaiting || inbox.hasWork ? 50 : 100) {
                if let outcome = apply(event) { return outcome }
                changed = true
            }
            if state.isWaiting, ContinuousClock.now - lastTick >= .milliseconds(100) {
                lastTick = .now
                _ = state.update(.tick)
                changed = true
            }
            if changed { backend.draw(state.view()) }
        }
    }
}

/// Where effects running on their own threads leave their results (and progress) for the
/// loop, which takes them between keys.
final class EffectInbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [WizardEvent] = []
    private var working = 0

    /// Runs `work` on a thread of its own; its event is posted when it ends.
    func start(_ work: @escaping @Sendable () -> WizardEvent) {
        condition.lock()
        working += 1
        condition.unlock()
        let thread = Thread {
            let event = work()
            self.condition.lock()
            self.working -= 1
            self.events.append(event)
            self.condition.signal()
            self.condition.unlock()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    func post(_ event: WizardEvent) {
        condition.lock()
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    var hasWork: Bool { condition.lock(); defer { condition.unlock() }; return working > 0 }

    func drain() -> [WizardEvent] {
        condition.lock(); defer { condition.unlock() }
        let out = events
        events.removeAll()
        return out
    }

    /// The next event, waiting while effects still run; nil once nothing is left to come.
    func wait() -> WizardEvent? {
        condition.lock(); defer { condition.unlock() }
        while events.isEmpty && working > 0 { condition.wait() }
        return events.isEmpty ? nil : events.removeFirst()
    }
}
