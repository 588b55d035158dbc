/// Decides whether a policy's Resource value can name a resource of a type whose ARN format
/// the action database gives, e.g. `arn:aws:sagemaker:*:*:training-job/*` against
/// `arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}`.
///
/// Both sides have wildcards, so this asks whether some ARN fits both. The policy's `*` and
/// policy variables (`${aws:username}`) match any run of characters and `?` one character.
/// A database variable matches any run without `:`; a variable that ends the format right
/// after a `/` (object keys, names with paths) may also hold `:`; bucket names hold neither
/// `:` nor `/` (so `arn:aws:s3:::b:*` and `b/*` are not buckets; parliament#167).
enum ResourcePatternMatcher {
    private enum Token: Equatable {
        case char(Unicode.Scalar)
        case anyRun             // policy `*` or policy variable
        case anyOne             // policy `?`
        case variable(excluding: Set<Unicode.Scalar>)
    }

    static func matches(resource: String, format: String) -> Bool {
        let a = policyTokens(resource)
        let b = formatTokens(format)
        var memo: [Int: Bool] = [:]
        return intersect(a, 0, b, 0, &memo)
    }

    /// The policy's side: `*`, `?` and policy variables are wildcards.
    private static func policyTokens(_ text: String) -> [Token] {
        tokens(text, wildcards: true) { _, _, _ in .anyRun }
    }

    /// The database's side: `${Name}` variables, which hold what their place allows.
    private static func formatTokens(_ text: String) -> [Token] {
        tokens(text, wildcards: false) { name, last, afterSlash in
            if name == "BucketName" { return .variable(excluding: [":", "/"]) }
            return .variable(excluding: last && afterSlash ? [] : [":"])
        }
    }

    /// Characters and `${name}` variables; `variable` is told the name, whether the variable
    /// ends the text, and whether a `/` precedes it.
    private static func tokens(_ text: String, wildcards: Bool,
                               variable: (_ name: String, _ last: Bool, _ afterSlash: Bool) -> Token) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{",
               let close = scalars[(i + 2)...].firstIndex(of: "}") {
                let name = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
                tokens.append(variable(name, close + 1 == scalars.count, i > 0 && scalars[i - 1] == "/"))
                i = close + 1
                continue
            }
            switch scalars[i] {
            case "*" where wildcards: tokens.append(.anyRun)
            case "?" where wildcards: tokens.append(.anyOne)
            default: tokens.append(.char(scalars[i]))
            }
            i += 1
        }
        return tokens
    }

    /// Is there a string both token lists can produce? Memoised over positions.
    private static func intersect(_ a: [Token], _ i: Int, _ b: [Token], _ j: Int, _ memo: inout [Int: Bool]) -> Bool {
        let key = i * (b.count + 1) + j
        if let known = memo[key] { return known }
        var result = false
        if i == a.count && j == b.count {
            result = true
        } else if i < a.count, a[i] == .anyRun {
            // The policy's `*` produces nothing more, or one more character of the format.
            result = intersect(a, i + 1, b, j, &memo)
                || (j < b.count && {
                    if case .variable = b[j] { return intersect(a, i, b, j + 1, &memo) || intersect(a, i + 1, b, j, &memo) }
                    return intersect(a, i, b, j + 1, &memo)
                }())
        } else if j < b.count, case .variable(let excluded) = b[j] {
            // The format's variable ends, or absorbs one policy character it may hold.
            result = intersect(a, i, b, j + 1, &memo)
            if !result, i < a.count {
                switch a[i] {
                case .char(let c): result = !excluded.contains(c) && intersect(a, i + 1, b, j, &memo)
                case .anyOne: result = intersect(a, i + 1, b, j, &memo)
                default: break
                }
            }
        } else if i < a.count, j < b.count {
            switch (a[i], b[j]) {
            case (.char(let x), .char(let y)): result = x == y && intersect(a, i + 1, b, j + 1, &memo)
            case (.anyOne, .char): result = intersect(a, i + 1, b, j + 1, &memo)
            default: result = false
            }
        }
        memo[key] = result
        return result
    }
}
