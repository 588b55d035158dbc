import Foundation

/// Evaluates one condition clause against a request context the way IAM does.
///
/// - A missing key: `…IfExists` and `ForAllValues:` are true, `ForAnyValue:` is false, a
///   negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, …) is true, and any
///   other operator is false. `Null` tests presence itself.
/// - Several policy values are alternatives (OR); every clause of a statement must hold (AND).
/// - Several context values: `ForAllValues:` needs each to match, `ForAnyValue:` one; without
///   a qualifier a positive operator needs one match and a negated one needs none.
public enum ConditionEvaluator {
    public static func evaluate(_ clause: ConditionClause, context: RequestContext) -> Bool {
        guard let op = clause.op else { return false }
        let present = context.values(for: clause.key)
        if op.category == .null {
            let isAbsent = present == nil
            return clause.values.contains { $0.lowercased() == (isAbsent ? "true" : "false") }
        }
        guard let values = present else {
            if op.ifExists || op.qualifier == .forAllValues { return true }
            if op.qualifier == .forAnyValue { return false }
            return op.negated
        }
        let policyValues = clause.values.compactMap { context.substitutingVariables(in: $0) }
        let positive: (String) -> Bool = { value in policyValues.contains { compare(value, $0, base: op.base, category: op.category) } }
        switch op.qualifier {
        case .forAllValues: return values.allSatisfy { op.negated ? !positive($0) : positive($0) }
        case .forAnyValue: return values.contains { op.negated ? !positive($0) : positive($0) }
        case nil: return op.negated ? !values.contains(where: positive) : values.contains(where: positive)
        }
    }

    /// The positive form of the operator: does the request value match the policy value?
    static func compare(_ value: String, _ policy: String, base: String, category: ConditionOperator.Category) -> Bool {
        switch category {
        case .string:
            if base.contains("Like") { return WildcardPattern(policy).matches(value) }
            if base.contains("IgnoreCase") { return value.lowercased() == policy.lowercased() }
            return value == policy
        case .arn:
            return arnMatches(value, pattern: policy)
        case .bool:
            return value.lowercased() == policy.lowercased()
        case .binary:
            return value == policy
        case .numeric:
            guard let a = Double(value), let b = Double(policy) else { return false }
            return ordered(a, b, base: base, prefix: "Numeric")
        case .date:
            guard let a = date(value), let b = date(policy) else { return false }
            return ordered(a, b, base: base, prefix: "Date")
        case .ipAddress:
            guard let address = IPAddressRange(value), let range = IPAddressRange(policy) else { return false }
            return range.contains(address)
        case .null:
            return false
        }
    }

    private static func ordered(_ a: Double, _ b: Double, base: String, prefix: String) -> Bool {
        switch base.dropFirst(prefix.count) {
        case "Equals", "NotEquals": return a == b
        case "LessThan": return a < b
        case "LessThanEquals": return a <= b
        case "GreaterThan": return a > b
        case "GreaterThanEquals": return a >= b
        default: return false
        }
    }

    /// Arn operators compare the six colon-separated fields one by one, each with wildcards.
    static func arnMatches(_ value: String, pattern: String) -> Bool {
        let v = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let p = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard v.count == 6, p.count == 6, v[0] == "arn" else { return false }
        return zip(v, p).allSatisfy { WildcardPattern(String($1)).matches(String($0)) }
    }

    /// Seconds since 1970 from an ISO 8601 date (with or without time) or epoch seconds.
    static func date(_ text: String) -> Double? {
        if let seconds = Double(text) { return seconds }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date.timeIntervalSince1970 }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date.timeIntervalSince1970 }
        full.formatOptions = [.withFullDate]
        return full.date(from: text)?.timeIntervalSince1970
    }
}
