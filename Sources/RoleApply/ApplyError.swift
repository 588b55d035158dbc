import AWSClient

/// Why an apply stopped, in words for the person at the keyboard.
public enum ApplyError: Error, CustomStringConvertible {
    case invalidPlan(String)
    /// The role exists and differs; nothing was changed.
    case refused(differences: [String])
    /// A call failed; everything this run did was undone (or listed if it could not be).
    case failed(step: String, error: AWSError, undone: [String], notUndone: [String])

    public var description: String {
        switch self {
        case .invalidPlan(let reason): return reason
        case .refused(let differences):
            return "the role differs from the plan; nothing was changed (run again with --update to apply):\n" + differences.map { "  ~ \($0)" }.joined(separator: "\n")
        case .failed(let step, let error, let undone, let notUndone):
            var text = "failed at: \(step)\n  \(error)"
            text += undone.isEmpty ? "\n  nothing had been changed" : "\n  undone:\n" + undone.map { "    - \($0)" }.joined(separator: "\n")
            if !notUndone.isEmpty { text += "\n  could NOT be undone (fix by hand):\n" + notUndone.map { "    ! \($0)" }.joined(separator: "\n") }
            return text
        }
    }
}
