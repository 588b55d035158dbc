import RoleEngine

/// `simulate --requests FILE`: one request per line, as JSON, so a reviewer's or a test's
/// thousands of requests take one process rather than one each:
///
///     {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {"aws:SourceIp": "192.0.2.1"}}
///
/// `resource` is optional (`*` or absent: any resource); a context value is a string or a list
/// of strings (a multi-valued key). Blank lines are skipped.
public enum SimulationRequestFile {
    public static func parse(_ text: String) throws(SimulationRequestError) -> [PolicySimulator.Request] {
        var requests: [PolicySimulator.Request] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let node: JSONNode
            do { node = try JSONNodeParser.parse(String(line)) } catch {
                throw SimulationRequestError(line: number, problem: "is not JSON (\(error.description))")
            }
            requests.append(try request(node, line: number))
        }
        return requests
    }

    static let fields: Set<String> = ["action", "resource", "context"]

    private static func request(_ node: JSONNode, line: Int) throws(SimulationRequestError) -> PolicySimulator.Request {
        guard let members = node.members else {
            throw SimulationRequestError(line: line, problem: "is \(node.typeName), not an object with \"action\"")
        }
        for member in members where !fields.contains(member.key) {
            throw SimulationRequestError(line: line, problem: "has the field \(VisibleText.quoted(member.key)); "
                                         + "allowed: action, resource, context")
        }
        guard case .string(let action)? = node["action"]?.value else {
            throw SimulationRequestError(line: line,
                                         problem: "needs \"action\" as a string, e.g. \"sagemaker:CreateTrainingJob\"")
        }
        if let problem = SimulationInput.actionProblem(action) {
            throw SimulationRequestError(line: line, problem: "action: " + problem)
        }
        var resource: String?
        switch node["resource"]?.value {
        case nil, .null?: resource = nil
        case .string(let text)?:
            if let problem = SimulationInput.resourceProblem(text) {
                throw SimulationRequestError(line: line, problem: "resource: " + problem)
            }
            resource = text == "*" ? nil : text
        case _?: throw SimulationRequestError(line: line, problem: "resource must be a string (an ARN or \"*\")")
        }
        var pairs: [(key: String, value: String)] = []
        if let context = node["context"] {
            guard let keys = context.members else {
                throw SimulationRequestError(line: line, problem: "context must be an object of condition keys and values")
            }
            for key in keys {
                guard key.key.contains(":") else {
                    throw SimulationRequestError(line: line, problem: "context key \(VisibleText.quoted(key.key)) "
                                                 + "is not a condition key such as aws:SourceIp")
                }
                let items: [JSONNode]
                if case .array(let list) = key.value.value { items = list } else { items = [key.value] }
                for item in items {
                    guard case .string(let value) = item.value else {
                        throw SimulationRequestError(line: line, problem: "context.\(VisibleText.singleLine(key.key)) "
                                                     + "must be a string or a list of strings")
                    }
                    pairs.append((key.key, value))
                }
            }
        }
        return PolicySimulator.Request(action: action, resource: resource, context: RequestContext(pairs))
    }
}

/// The checks an action and a resource get, from the command line or a requests file.
public enum SimulationInput {
    /// Nil when `action` is `service:action`; else what is wrong, for the person who wrote it.
    public static func actionProblem(_ action: String) -> String? {
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count != 2 || parts.contains(where: \.isEmpty) {
            return "\(VisibleText.quoted(action)) is not service:action, e.g. sagemaker:CreateTrainingJob"
        }
        return nil
    }

    public static func resourceProblem(_ resource: String) -> String? {
        let fields = resource.split(separator: ":", omittingEmptySubsequences: false).count
        if resource == "*" || (resource.hasPrefix("arn:") && fields >= 6) {
            return nil
        }
        return "\(VisibleText.quoted(resource)) is not an ARN (arn:partition:service:region:account:resource)"
    }
}

public struct SimulationRequestError: Error, CustomStringConvertible {
    public let line: Int
    public let problem: String
    public var description: String { "line \(line): \(problem)" }
}
