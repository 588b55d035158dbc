/// Decides whether a policy's Resource value can name a resource of a type whose ARN format
/// the action database gives, e.g. `arn:aws:sagemaker:*:*:training-job/*` against
/// `arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}`.
///
/// Both sides have wildcards, so this asks whether some ARN fits both. The policy's `*` and
/// policy variables (`${aws:username}`) match any run of characters and `?` one character.
/// A database variable matches any run without `:`; a variable that ends the format right
/// after a `/` (object keys, names with paths) may also hold `:`; bucket names hold neither
/// `:` nor `/` (so `arn:aws:s3:::b:*` and `b/*` are not buckets; parliament#167).
///
/// The format is short (a few hundred characters at most, from the database); the resource
/// can be anything a file holds. So the format becomes `FormatPositions`, a small automaton,
/// and the resource is read once, left to right: time linear in the resource's length, memory
/// in the format's, and no recursion, whatever the input.
enum ResourcePatternMatcher {
    static func matches(resource: String, format: String) -> Bool {
        matches(resource: resource, format: FormatPositions(format))
    }

    /// With the format compiled once, for the many resources and actions that share it.
    static func matches(resource: String, format: FormatPositions) -> Bool {
        var run = FormatPositions.Run(format)
        let scalars = resource.unicodeScalars
        // Once a search for the `}` of a `${` finds none, no later `${` can close either:
        // a resource of many unclosed `${` is not searched again and again.
        var closingBraceLater = true
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            let next = scalars.index(after: i)
            if c == "$", closingBraceLater, next < scalars.endIndex, scalars[next] == "{" {
                if let close = scalars[scalars.index(after: next)...].firstIndex(of: "}") {
                    run.readAnyRun()   // a policy variable: any run of characters
                    i = scalars.index(after: close)
                    continue
                }
                closingBraceLater = false
            }
            switch c {
            case "*": run.readAnyRun()
            case "?": run.readAnyOne()
            default: run.read(c)
            }
            if run.isDead { return false }
            i = next
        }
        return run.accepts
    }
}
