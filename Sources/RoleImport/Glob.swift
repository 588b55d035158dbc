/// IAM's wildcard matching: `*` any run of characters, `?` any one.
enum Glob {
    static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = false) -> Bool {
        let p = Array((caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars)
        let t = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether two actions can name the same operation: either may be a wildcard.
    static func actionsOverlap(_ a: String, _ b: String) -> Bool {
        matches(a, b, caseInsensitive: true) || matches(b, a, caseInsensitive: true)
    }
}
