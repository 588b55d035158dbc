/// A condition operator as IAM parses it: an optional set qualifier
/// (`ForAllValues:` / `ForAnyValue:`), the base operator, and an optional `IfExists` suffix.
public struct ConditionOperator: Equatable, Sendable {
    public enum SetQualifier: String, Sendable { case forAllValues = "ForAllValues", forAnyValue = "ForAnyValue" }

    public enum Category: String, Sendable { case string, numeric, date, bool, binary, ipAddress, arn, null }

    public let text: String
    public let qualifier: SetQualifier?
    /// The operator without qualifier or `IfExists`, e.g. `StringNotLike`.
    public let base: String
    public let ifExists: Bool
    public let category: Category
    /// True for the operators that match when the positive form does not (`StringNotEquals`, `NotIpAddress`, …).
    public let negated: Bool

    static let bases: [String: (Category, negated: Bool)] = [
        "StringEquals": (.string, false), "StringNotEquals": (.string, true),
        "StringEqualsIgnoreCase": (.string, false), "StringNotEqualsIgnoreCase": (.string, true),
        "StringLike": (.string, false), "StringNotLike": (.string, true),
        "NumericEquals": (.numeric, false), "NumericNotEquals": (.numeric, true),
        "NumericLessThan": (.numeric, false), "NumericLessThanEquals": (.numeric, false),
        "NumericGreaterThan": (.numeric, false), "NumericGreaterThanEquals": (.numeric, false),
        "DateEquals": (.date, false), "DateNotEquals": (.date, true),
        "DateLessThan": (.date, false), "DateLessThanEquals": (.date, false),
        "DateGreaterThan": (.date, false), "DateGreaterThanEquals": (.date, false),
        "Bool": (.bool, false), "BinaryEquals": (.binary, false),
        "IpAddress": (.ipAddress, false), "NotIpAddress": (.ipAddress, true),
        "ArnEquals": (.arn, false), "ArnLike": (.arn, false), "ArnNotEquals": (.arn, true), "ArnNotLike": (.arn, true),
        "Null": (.null, false),
    ]

    /// Nil when IAM would reject the operator. Operator names are case-sensitive in IAM.
    public init?(_ text: String) {
        self.text = text
        var rest = Substring(text)
        if rest.hasPrefix("ForAllValues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("ForAllValues:".count)
        } else if rest.hasPrefix("ForAnyValue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("ForAnyValue:".count)
        } else {
            qualifier = nil
        }
        ifExists = rest.hasSuffix("IfExists")
        if ifExists { rest = rest.dropLast("IfExists".count) }
        guard let (category, negated) = Self.bases[String(rest)] else { return nil }
        if category == .null && (ifExists || qualifier != nil) { return nil }
        base = String(rest)
        self.category = category
        self.negated = negated
    }
}
