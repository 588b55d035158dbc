import CNcursesw
import Glibc
import WizardCore

/// The wizard's event loop on a real terminal: read a key, update, paint, run effects.
/// Effects that touch files (the draft, the saved role) are the caller's closures, so this
/// target knows nothing of the engine's file formats.
public struct WizardDriver {
    public enum Outcome: Equatable {
        case finished(WizardExit)
        case interrupted(signal: Int32)
    }

    public init() {}

    /// Runs until the user leaves or a signal arrives; the terminal is restored before it returns.
    public func run(_ initial: WizardState, services: WizardServices) throws(TerminalError) -> Outcome {
        let session = try TerminalSession()
        defer { session.close() }
        let painter = FramePainter(session: session)
        let reader = KeyReader(session: session)
        var state = initial
        var options = state.options
        options.glyphs = session.utf8 ? .unicode : .ascii
        state.options = options
        _ = state.update(.resize(session.size))
        painter.paint(state.view())
        while true {
            let received = SignalGuard.take()
            if received != 0 {
                if state.mayWriteDraft { services.saveDraft(state) }
                return .interrupted(signal: received)
            }
            guard let event = reader.next() else { continue }
            var effects = state.update(event)
            while !effects.isEmpty {
                let effect = effects.removeFirst()
                switch effect {
                case .saveDraft:
                    services.saveDraft(state)
                case .save(let directory, let formats):
                    painter.paint(state.view())
                    effects += state.update(.saveFinished(services.save(state, directory, formats)))
                case .createRole:
                    painter.paint(state.view())
                    let result = services.createRole(state, EffectCancellation()) { _ in }
                    effects += state.update(.createFinished(result))
                case .onboard(let domainId, let users, let image):
                    painter.paint(state.view())
                    let request = OnboardRequest(domainId: domainId, users: users, image: image)
                    let result = services.onboard(state, request, EffectCancellation()) { _ in }
                    effects += state.update(.onboardFinished(result))
                case .quit(let exit):
                    if state.mayWriteDraft { services.saveDraft(state) }
                    return .finished(exit)
                }
            }
            painter.paint(state.view())
        }
    }
}
