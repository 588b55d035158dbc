import RoleEngine

/// The request a simulation asks about: condition keys and their values (keys are
/// case-insensitive, as in IAM), used for conditions and for policy variables.
public struct RequestContext: Sendable {
    private var entries: [String: (key: String, values: [String])] = [:]

    public init(_ pairs: [(key: String, value: String)] = []) {
        for pair in pairs { entries[pair.key.lowercased(), default: (pair.key, [])].values.append(pair.value) }
    }

    /// Parses `KEY=VALUE` arguments; a key given several times has several values.
    public static func parse(_ arguments: [String]) throws(RequestContextError) -> RequestContext {
        var pairs: [(key: String, value: String)] = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { throw RequestContextError(argument: argument) }
            let key = String(argument[..<equals])
            guard key.contains(":") else { throw RequestContextError(argument: argument) }
            pairs.append((key, String(argument[argument.index(after: equals)...])))
        }
        return RequestContext(pairs)
    }

    /// The keys IAM sets on every request of a session of the planned role, as far as the plan
    /// knows them: the account, the role's ARN (with its path), the principal type, the region
    /// and the role's tags. A policy such as `aws:ResourceAccount = ${aws:PrincipalAccount}`
    /// needs them to be judged as IAM judges it.
    public static func seeded(from plan: RolePlan) -> RequestContext {
        var pairs: [(key: String, value: String)] = [("aws:PrincipalType", "AssumedRole")]
        if let account = plan.account { pairs.append(("aws:PrincipalAccount", account)) }
        if let arn = plan.roleArn { pairs.append(("aws:PrincipalArn", arn)) }
        if let region = plan.region { pairs.append(("aws:RequestedRegion", region)) }
        for tag in plan.tags { pairs.append(("aws:PrincipalTag/\(tag.key)", tag.value)) }
        return RequestContext(pairs)
    }

    /// This context with every key of `other` replacing the same key here (all its values).
    public func overridden(by other: RequestContext) -> RequestContext {
        var result = self
        for (lowered, entry) in other.entries { result.entries[lowered] = entry }
        return result
    }

    public func values(for key: String) -> [String]? {
        guard let values = entries[key.lowercased()]?.values, !values.isEmpty else { return nil }
        return values
    }

    /// Every key with its values, sorted by key, as first written.
    public var pairs: [(key: String, values: [String])] {
        entries.values.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { ($0.key, $0.values) }
    }

    /// Replaces `${aws:username}`-style variables with their single value, and `${key, 'default'}`
    /// with the default when the key is absent. `${*}`, `${?}` and `${$}` stand for the literal
    /// characters. Substituted values and those characters are literal in the result, so they are
    /// never read as wildcards. Nil when a variable has no single value and no default, in which
    /// case IAM treats the element as not matching.
    public func substitutingVariables(in text: String) -> SubstitutedText? {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return SubstitutedText(text) }
        var out = SubstitutedText()
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out.append(String(rest[..<start.lowerBound]), literal: false)
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                out.append(String(rest[start.lowerBound...]), literal: false)
                return out
            }
            let variable = PolicyVariable(String(rest[start.upperBound..<end]))
            switch variable.name {
            case "*", "?", "$": out.append(variable.name, literal: true)
            default:
                if let values = values(for: variable.name) {
                    guard values.count == 1 else { return nil }
                    out.append(values[0], literal: true)
                } else if let fallback = variable.defaultValue {
                    out.append(fallback, literal: true)
                } else {
                    return nil
                }
            }
            rest = rest[rest.index(after: end)...]
        }
        out.append(String(rest), literal: false)
        return out
    }
}

/// What is between `${` and `}`: a key, and after a comma an optional default in single quotes
/// (`${aws:PrincipalTag/team, 'none'}`); spaces around either are not part of them.
struct PolicyVariable {
    let name: String
    let defaultValue: String?

    init(_ inner: String) {
        guard let comma = inner.firstIndex(of: ",") else {
            name = inner.trimmingSpaces
            defaultValue = nil
            return
        }
        name = String(inner[..<comma]).trimmingSpaces
        let fallback = String(inner[inner.index(after: comma)...]).trimmingSpaces
        if fallback.count >= 2, fallback.hasPrefix("'"), fallback.hasSuffix("'") {
            defaultValue = String(fallback.dropFirst().dropLast())
        } else {
            defaultValue = fallback
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// A policy string after variable substitution: pieces as written (wildcards count) and literal
/// pieces (substituted values, `${*}` and the like), which match only themselves.
public struct SubstitutedText: Sendable, Equatable {
    public struct Piece: Sendable, Equatable {
        public var text: String
        public var literal: Bool
    }

    public private(set) var pieces: [Piece] = []

    public init() {}

    public init(_ written: String) { append(written, literal: false) }

    public mutating func append(_ text: String, literal: Bool) {
        guard !text.isEmpty else { return }
        if let last = pieces.last, last.literal == literal {
            pieces[pieces.count - 1].text += text
        } else {
            pieces.append(Piece(text: text, literal: literal))
        }
    }

    /// The text as IAM compares it for equality.
    public var text: String { pieces.map(\.text).joined() }

    /// Splits at `separator` like `String.split(maxSplits:omittingEmptySubsequences: false)`,
    /// keeping which parts are literal.
    public func split(separator: Character, maxSplits: Int) -> [SubstitutedText] {
        var parts = [SubstitutedText()]
        for piece in pieces {
            var current = ""
            for character in piece.text {
                if character == separator && parts.count <= maxSplits {
                    parts[parts.count - 1].append(current, literal: piece.literal)
                    parts.append(SubstitutedText())
                    current = ""
                } else {
                    current.append(character)
                }
            }
            parts[parts.count - 1].append(current, literal: piece.literal)
        }
        return parts
    }
}

public struct RequestContextError: Error, CustomStringConvertible {
    public let argument: String
    public var description: String {
        "--context: \(VisibleText.quoted(argument)) is not KEY=VALUE with a condition key such as aws:SourceIp or sagemaker:VpcSubnets"
    }
}
