/// IAM's wildcard matching: `*` matches any run of characters (including none and `:` or
/// `/`), `?` matches exactly one. Used for Action, Resource and the `*Like` operators.
public struct WildcardPattern: Sendable {
    private let pattern: [Unicode.Scalar]
    private let caseInsensitive: Bool

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        self.pattern = Array((caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars)
    }

    public var hasWildcards: Bool { pattern.contains("*") || pattern.contains("?") }

    /// Linear-time glob matching with a single backtrack point (the last `*`).
    public func matches(_ text: String) -> Bool {
        let s = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        var p = 0, t = 0
        var star: Int? = nil, resume = 0
        while t < s.count {
            if p < pattern.count && (pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == s[t])) {
                p += 1; t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p; resume = t; p += 1
            } else if let starAt = star {
                p = starAt + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
