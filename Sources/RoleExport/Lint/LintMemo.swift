/// What one `lint` run has already worked out, so a file that repeats itself (thousands of
/// statements naming `s3:*`, an action listed 60 000 times) costs what its distinct parts
/// cost: the actions a pattern names, and ARN formats compiled for matching.
final class LintMemo {
    let database: IAMActionDatabase
    private var actionsByPattern: [String: [QualifiedAction]] = [:]
    private var positionsByFormat: [String: FormatPositions] = [:]

    init(database: IAMActionDatabase) { self.database = database }

    /// `IAMActionDatabase.actions(matching:)`, once per pattern.
    func actions(matching pattern: String) -> [QualifiedAction] {
        if let known = actionsByPattern[pattern] { return known }
        let found = database.actions(matching: pattern)
        actionsByPattern[pattern] = found
        return found
    }

    func positions(of format: String) -> FormatPositions {
        if let known = positionsByFormat[format] { return known }
        let compiled = FormatPositions(format)
        positionsByFormat[format] = compiled
        return compiled
    }

    /// The values in their first order, each once.
    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
