/// The request a simulation asks about: condition keys and their values (keys are
/// case-insensitive, as in IAM), used for conditions and for policy variables.
public struct RequestContext: Sendable {
    private var entries: [String: [String]] = [:]

    public init(_ pairs: [(key: String, value: String)] = []) {
        for pair in pairs { entries[pair.key.lowercased(), default: []].append(pair.value) }
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

    public func values(for key: String) -> [String]? {
        guard let values = entries[key.lowercased()], !values.isEmpty else { return nil }
        return values
    }

    /// Replaces `${aws:username}`-style variables with their single value; `${*}`, `${?}` and
    /// `${$}` stand for the literal characters. Nil when a variable has no single value, in
    /// which case IAM treats the element as not matching.
    public func substitutingVariables(in text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { out += rest[start.lowerBound...]; return out }
            let name = String(rest[start.upperBound..<end])
            switch name {
            case "*", "?", "$": out += name
            default:
                guard let values = values(for: name), values.count == 1 else { return nil }
                out += values[0]
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}

public struct RequestContextError: Error, CustomStringConvertible {
    public let argument: String
    public var description: String {
        "--context: '\(argument)' is not KEY=VALUE with a condition key such as aws:SourceIp or sagemaker:VpcSubnets"
    }
}
