import AWSClient

/// Why an apply stopped, in words for the person at the keyboard.
public enum ApplyError: Error, CustomStringConvertible {
    case invalidPlan(String)
    /// The role exists and differs; nothing was changed.
    case refused(differences: [String])
    /// Another apply of the role is running, or its journal cannot be used; nothing was changed.
    case journal(String)
    /// A call failed; the rollback says what was undone and what is left.
    case failed(step: String, error: AWSError, rollback: Rollback)
    /// Ctrl-C, SIGTERM or SIGHUP: the run stopped and rolled back.
    case interrupted(signal: Int32, rollback: Rollback)

    public var description: String {
        switch self {
        case .invalidPlan(let reason): return reason
        case .refused(let differences):
            return "the role differs from the plan; nothing was changed (run again with --update to apply):\n"
                + differences.map { "  ~ \($0)" }.joined(separator: "\n")
        case .journal(let reason): return "\(reason); nothing was changed"
        case .failed(let step, let error, let rollback):
            return (["failed at: \(step)", "  \(error)"] + rollback.lines.map { "  " + $0 }).joined(separator: "\n")
        case .interrupted(let signal, let rollback):
            let lines = ["interrupted (\(Self.signalName(signal)))"] + rollback.lines.map { "  " + $0 }
            return lines.joined(separator: "\n")
        }
    }

    /// The shell's convention for a death by signal, which the CLI keeps after rolling back.
    public var exitCode: Int32 {
        switch self {
        case .invalidPlan, .refused, .journal: return 1
        case .failed: return 3
        case .interrupted(let signal, _): return 128 + signal
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 1: return "SIGHUP"
        case 2: return "Ctrl-C"
        case 15: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }
}
