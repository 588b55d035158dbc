/// One problem with the user's input: which field, and what is allowed instead.
public struct ValidationIssue: Equatable, Sendable, CustomStringConvertible {
    /// Field path in the answers file, e.g. `activities.manage-ml-jobs.passRoles[1]`.
    public var path: String
    public var message: String
    /// The line in the answers file, when the input came from a file.
    public var line: Int?

    public init(path: String, message: String, line: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
    }

    /// One line: the path and message may quote the answers file (keys, values).
    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        let field = path.isEmpty ? "(answers)" : VisibleText.singleLine(path)
        return "\(location)\(field): \(VisibleText.singleLine(message))"
    }
}

/// Input that cannot become a role, with every problem found (not just the first).
public struct RoleSpecError: Error, Equatable, CustomStringConvertible {
    public var issues: [ValidationIssue]
    public init(issues: [ValidationIssue]) { self.issues = issues }

    public var description: String {
        let n = issues.count
        return "\(n) problem\(n == 1 ? "" : "s") found:\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
    }

    /// Fills in file lines from a decoder's line map, by the nearest known parent path.
    public func locating(with lines: [String: Int]) -> RoleSpecError {
        RoleSpecError(issues: issues.map { issue in
            guard issue.line == nil else { return issue }
            var copy = issue
            var path = issue.path
            while true {
                if let line = lines[path] { copy.line = line; break }
                guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
                path = String(path[..<cut])
            }
            return copy
        })
    }
}
