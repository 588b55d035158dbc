import Foundation
import RoleEngine

/// Evaluates one condition clause against a request context the way IAM does.
///
/// - A missing key: `…IfExists` and `ForAllValues:` are true, `ForAnyValue:` is false, a
///   negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, …) is true, and any
///   other operator is false. `Null` tests presence itself.
/// - Several policy values are alternatives (OR); every clause of a statement must hold (AND).
/// - Several context values: `ForAllValues:` needs each to match, `ForAnyValue:` one; without
///   a qualifier a positive operator needs one match and a negated one needs none.
/// - Unknown: a number in exponent notation (`3.6e3`) where reading it as a number would match.
///   IAM documents numeric conditions for integers and decimals only, so smrole does not guess
///   whether IAM reads it as a number or as text that matches nothing.
public enum ConditionEvaluator {
    public struct Outcome: Sendable, Equatable {
        public var holds: Tristate
        /// Why the answer is unknown, when it is.
        public var unknownBecause: String?
    }

    public static func evaluate(_ clause: ConditionClause, context: RequestContext) -> Bool {
        outcome(of: clause, context: context).holds == .yes
    }

    /// How to read a number in exponent notation: left open (unknown where it matters), or one
    /// of the two readings IAM might make, so a request can be judged under each in turn.
    public enum ExponentReading: Sendable {
        case open, asNumber, asNoNumber
    }

    public static func outcome(of clause: ConditionClause, context: RequestContext, exponents: ExponentReading = .open) -> Outcome {
        guard let op = clause.op else { return Outcome(holds: .no) }
        let present = context.values(for: clause.key)
        if op.category == .null {
            let isAbsent = present == nil
            return Outcome(holds: Tristate(clause.values.contains { $0.lowercased() == (isAbsent ? "true" : "false") }))
        }
        guard let values = present else {
            if op.ifExists || op.qualifier == .forAllValues { return Outcome(holds: .yes) }
            if op.qualifier == .forAnyValue { return Outcome(holds: .no) }
            return Outcome(holds: Tristate(op.negated))
        }
        let policyValues = clause.values.compactMap { context.substitutingVariables(in: $0) }
        var unknown: String?
        let positive: (String) -> Tristate = { value in
            policyValues.any { policy in
                switch compare(value, policy, base: op.base, category: op.category, exponents: exponents) {
                case .decided(let matched): return Tristate(matched)
                case .undocumented(let why): unknown = unknown ?? why; return .unknown
                }
            }
        }
        let holds: Tristate
        switch op.qualifier {
        case .forAllValues: holds = values.all { op.negated ? !positive($0) : positive($0) }
        case .forAnyValue: holds = values.any { op.negated ? !positive($0) : positive($0) }
        case nil: holds = op.negated ? !values.any(positive) : values.any(positive)
        }
        return Outcome(holds: holds, unknownBecause: holds == .unknown ? unknown : nil)
    }

    enum Comparison: Equatable {
        case decided(Bool)
        /// IAM's documentation does not say how it compares these values.
        case undocumented(String)
    }

    /// The positive form of the operator: does the request value match the policy value?
    static func compare(_ value: String, _ policy: SubstitutedText, base: String, category: ConditionOperator.Category,
                        exponents: ExponentReading = .open) -> Comparison {
        switch category {
        case .string:
            if base.contains("Like") { return .decided(WildcardPattern(policy).matches(value)) }
            if base.contains("IgnoreCase") { return .decided(value.lowercased() == policy.text.lowercased()) }
            return .decided(value == policy.text)
        case .arn:
            return .decided(arnMatches(value, pattern: policy))
        case .bool:
            return .decided(value.lowercased() == policy.text.lowercased())
        case .binary:
            return .decided(value == policy.text)
        case .numeric:
            if let text = [value, policy.text].first(where: IAMNumber.isExponentNotation) {
                // Read as a number it might match; read as text that is no number it would not.
                // Only when the two readings differ is the answer IAM's undocumented choice.
                guard exponents != .asNoNumber, let a = Double(value), let b = Double(policy.text),
                      ordered(a, b, base: base, prefix: "Numeric") else {
                    return .decided(false)
                }
                if exponents == .asNumber { return .decided(true) }
                return .undocumented("\(base) compares \(VisibleText.quoted(text)), a number in exponent notation; "
                                     + "IAM documents numeric conditions for integers and decimals only")
            }
            guard let a = IAMNumber(value), let b = IAMNumber(policy.text) else { return .decided(false) }
            return .decided(ordered(a.value, b.value, base: base, prefix: "Numeric"))
        case .date:
            guard let a = date(value), let b = date(policy.text) else { return .decided(false) }
            return .decided(ordered(a, b, base: base, prefix: "Date"))
        case .ipAddress:
            guard let address = IPAddressRange(value), let range = IPAddressRange(policy.text) else { return .decided(false) }
            return .decided(range.contains(address))
        case .null:
            return .decided(false)
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
    static func arnMatches(_ value: String, pattern: SubstitutedText) -> Bool {
        let v = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let p = pattern.split(separator: ":", maxSplits: 5)
        guard v.count == 6, p.count == 6, v[0] == "arn" else { return false }
        return zip(v, p).allSatisfy { WildcardPattern($1).matches(String($0)) }
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

/// A number as IAM's numeric conditions document them: an integer or a decimal, with an
/// optional sign (`42`, `-1`, `0.5`). Swift's `Double("…")` would also take `inf`, `0x1p3`
/// and `3.6e3`, which the documentation does not.
struct IAMNumber {
    let value: Double

    init?(_ text: String) {
        guard Self.isPlain(text), let value = Double(text) else { return nil }
        self.value = value
    }

    private static func digits(_ part: Substring) -> Bool { !part.isEmpty && part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    private static func unsigned(_ text: Substring) -> Substring {
        text.first == "-" || text.first == "+" ? text.dropFirst() : text
    }

    /// `[+-]digits[.digits]`.
    static func isPlain(_ text: String) -> Bool {
        let parts = unsigned(Substring(text)).split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.allSatisfy(digits)
    }

    /// `[+-]digits[.digits](e|E)[+-]digits`: a number, but not one the documentation covers.
    static func isExponentNotation(_ text: String) -> Bool {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "e" || $0 == "E" }
        guard parts.count == 2, isPlain(String(parts[0])) else { return false }
        return digits(unsigned(parts[1]))
    }
}
