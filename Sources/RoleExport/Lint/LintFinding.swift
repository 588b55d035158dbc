/// One problem `smrole lint` reports: what, how bad, where, and how to fix it.
public struct LintFinding: Equatable, Sendable {
    public enum Severity: Int, Comparable, CaseIterable, Sendable {
        case info, low, medium, high, critical

        public var name: String { String(describing: self) }

        public init?(name: String) {
            guard let match = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = match
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
    }

    /// A stable code; where parliament has the same rule, the same name (UNKNOWN_ACTION, …).
    public var code: String
    public var severity: Severity
    public var message: String
    public var fix: String
    /// The statement it sits in ("statement 2 (Sid X)"), or nil for the whole document.
    public var statement: String?
    public var line: Int?
    /// In bytes from 1 on that line, where known (a statement's `{`, a condition key's quote).
    public var column: Int?

    public init(_ code: String, _ severity: Severity, _ message: String, fix: String, statement: String? = nil,
                line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.fix = fix
        self.statement = statement
        self.line = line
        self.column = column
    }

    /// What kind of finding this is, and why it matters.
    public var rule: LintRule? { LintRules.rule(code) }
}
