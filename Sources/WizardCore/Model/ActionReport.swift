/// The whole story of a Create or an onboarding, for a scrollable view: the status line
/// holds one line, and a failure needs several (what failed, AWS's message, what was undone,
/// what could not be). Lines may quote AWS, so the view shows them as `VisibleText`.
public struct ActionReport: Equatable, Sendable {
    public struct Section: Equatable, Sendable {
        public var heading: String
        public var lines: [String]
        public init(_ heading: String, _ lines: [String]) {
            self.heading = heading
            self.lines = lines
        }
    }

    public var title: String
    /// One line for the status row once the view is closed.
    public var summary: String
    public var sections: [Section]
    /// False when something went wrong (the status row then shows it as an error).
    public var succeeded: Bool

    public init(title: String, summary: String, sections: [Section], succeeded: Bool) {
        self.title = title
        self.summary = summary
        self.sections = sections
        self.succeeded = succeeded
    }
}

/// What onboarding did for each name.
public struct OnboardingOutcome: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
        case created, alreadyThere
        case failed(String)
    }

    public var name: String
    public var status: Status

    public init(name: String, status: Status) {
        self.name = name
        self.status = status
    }

    /// The report of a finished onboarding: every name with created / already there / failed and why.
    public static func report(domain: String, outcomes: [OnboardingOutcome]) -> ActionReport {
        let created = outcomes.filter { $0.status == .created }.count
        let there = outcomes.filter { $0.status == .alreadyThere }.count
        let failed = outcomes.count - created - there
        let lines = outcomes.map { outcome -> String in
            switch outcome.status {
            case .created: return "✓ \(outcome.name): created"
            case .alreadyThere: return "= \(outcome.name): already there (left as it is)"
            case .failed(let reason): return "! \(outcome.name): failed: \(reason)"
            }
        }
        let summary = "Onboarding into \(domain): \(created) created, \(there) already there, \(failed) failed."
        return ActionReport(title: failed == 0 ? "Users onboarded" : "Some users were not onboarded", summary: summary,
                            sections: [.init("User profiles in \(domain)", lines)], succeeded: failed == 0)
    }
}
