/// A key press as the driver decodes it; the core never sees terminal bytes.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case enter, tab, backTab, up, down, left, right, home, end, pageUp, pageDown
    case backspace, delete, escape
    /// Ctrl plus a letter, e.g. `.control("n")`. Ctrl-C never arrives: it is SIGINT.
    case control(Character)
    case function(Int)
    /// A bracketed paste, delivered whole so it can never submit a form.
    case paste(String)

    /// How help and the footer name the key.
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .control(let c): return "Ctrl-\(c.uppercased())"
        case .function(let n): return "F\(n)"
        case .paste: return "paste"
        }
    }

    /// The ASCII spelling for terminals without UTF-8.
    public var asciiLabel: String {
        switch self {
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        default: return label
        }
    }
}

/// What the driver feeds the core.
public enum WizardEvent: Equatable, Sendable {
    case key(Key)
    case resize(Size)
    /// The result of a save the core asked for: the folder written, or why it failed.
    case saveFinished(Result<SaveReport, SaveFailure>)
    /// A line of progress from a long effect (creating the role, onboarding users).
    case progress(String)
    /// Time passes while an effect runs: the spinner turns.
    case tick
    /// Ctrl-C while an effect runs: stop it (a Create rolls back); a second one gives the rollback up.
    case interrupt
    /// The role was created (its ARN), or the whole story of why not (what was undone).
    case createFinished(Result<String, ActionReport>)
    /// Onboarding ended: what happened to each name, or why it could not start.
    case onboardFinished(Result<[OnboardingOutcome], ActionReport>)
    /// Rows of a pick list's lookup (a page as it arrives).
    case lookupItems(serial: Int, items: [PickItem])
    /// A lookup ended: all rows have arrived, or why no (more) rows will.
    case lookupFinished(serial: Int, failure: LookupFailure?)
}

public struct SaveReport: Equatable, Sendable {
    public var directory: String
    public var files: [String]
    public init(directory: String, files: [String]) {
        self.directory = directory
        self.files = files
    }
}

public struct SaveFailure: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// What the core asks the driver to do; the core itself does no I/O.
public enum WizardEffect: Equatable, Sendable {
    /// The answers changed: write the draft (atomically) so nothing is lost.
    case saveDraft
    /// Write the role's files: the same layout as `smrole generate`, plus the chosen formats.
    case save(directory: String, formats: [String])
    /// Create the role in AWS (`smrole apply`), reporting progress events.
    case createRole
    /// Create Studio user profiles with the created role.
    case onboard(domainId: String, users: [String], image: String?)
    /// Stop the effect that runs (Ctrl-C): the driver tells it; its result still comes back.
    case cancelRunning
    /// Read a pick list's rows from the account, off the loop, page by page.
    case lookup(LookupRequest)
    /// The pick list closed while its lookup ran: stop the lookup (its answer is dropped anyway).
    case cancelLookup(serial: Int)
    case quit(WizardExit)
}

public enum WizardExit: Equatable, Sendable {
    /// Finished; the files were saved to this folder.
    case saved(String)
    /// Finished; the role was created in AWS (its ARN).
    case created(String)
    /// The user left without saving (Esc, or quit from the review).
    case cancelled
}

extension ActionReport: Error {}
