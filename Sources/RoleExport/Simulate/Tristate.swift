/// Yes, no, or "cannot tell": the answer of a condition or a statement when smrole lacks
/// something IAM would have (a policy's text, a documented meaning of a value). Combined by
/// Kleene's rules, so an unknown part decides only when the known parts leave the answer open.
public enum Tristate: Sendable, Equatable {
    case yes, no, unknown

    public init(_ value: Bool) { self = value ? .yes : .no }

    public static prefix func ! (value: Tristate) -> Tristate {
        switch value {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return .unknown
        }
    }

    public static func && (lhs: Tristate, rhs: @autoclosure () -> Tristate) -> Tristate {
        if lhs == .no { return .no }
        let right = rhs()
        if right == .no { return .no }
        return lhs == .yes && right == .yes ? .yes : .unknown
    }

    public static func || (lhs: Tristate, rhs: @autoclosure () -> Tristate) -> Tristate {
        if lhs == .yes { return .yes }
        let right = rhs()
        if right == .yes { return .yes }
        return lhs == .no && right == .no ? .no : .unknown
    }
}

extension Sequence {
    /// True when every element is; false when one is not; else unknown.
    func all(_ test: (Element) -> Tristate) -> Tristate {
        var result = Tristate.yes
        for element in self {
            result = result && test(element)
            if result == .no { return .no }
        }
        return result
    }

    /// True when one element is; false when none can be; else unknown.
    func any(_ test: (Element) -> Tristate) -> Tristate {
        var result = Tristate.no
        for element in self {
            result = result || test(element)
            if result == .yes { return .yes }
        }
        return result
    }
}
