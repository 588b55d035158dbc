/// An IAM policy document as the engine builds it, with the provenance of each statement.
public struct PolicyDocument: Equatable, Sendable {
    public static let version = "2012-10-17"
    public var statements: [PolicyStatement]

    public init(statements: [PolicyStatement]) { self.statements = statements }

    public var json: JSONValue {
        .object(["Version": .string(Self.version), "Statement": .array(statements.map(\.json))])
    }

    /// The size IAM counts against its quotas: characters without whitespace. Non-ASCII
    /// characters count as their UTF-8 bytes, which is never less than IAM's count.
    public var size: Int { PolicySize.measure(json.minified()) }
}

public typealias PolicyCondition = ConditionTemplate

public struct PolicyStatement: Equatable, Sendable {
    public var sid: String?
    public var effect: String
    /// Only in trust policies: the service that may assume the role.
    public var principalService: String?
    public var actions: [String]
    public var resources: [String]
    public var condition: PolicyCondition
    public var provenance: Provenance

    public init(sid: String?, effect: String = "Allow", principalService: String? = nil, actions: [String],
                resources: [String], condition: PolicyCondition = PolicyCondition(), provenance: Provenance) {
        self.sid = sid
        self.effect = effect
        self.principalService = principalService
        self.actions = actions
        self.resources = resources
        self.condition = condition
        self.provenance = provenance
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["Effect": .string(effect), "Action": JSONValue.compactList(actions)]
        if let sid { members["Sid"] = .string(sid) }
        if let principalService { members["Principal"] = .object(["Service": .string(principalService)]) }
        if !resources.isEmpty { members["Resource"] = JSONValue.compactList(resources) }
        if !condition.isEmpty {
            var ops: [String: JSONValue] = [:]
            for clause in condition.clauses {
                var keys: [String: JSONValue] = [:]
                for entry in clause.entries {
                    switch entry.value {
                    case .single(let v): keys[entry.key] = .string(v)
                    case .list(let vs): keys[entry.key] = .array(vs.map(JSONValue.string))
                    }
                }
                ops[clause.op] = .object(keys)
            }
            members["Condition"] = .object(ops)
        }
        return .object(members)
    }
}

/// Where a statement came from: the activity, the parameters whose values it holds, and why.
public struct Provenance: Equatable, Sendable {
    /// The activity id, or nil for statements the engine adds itself (the trust policy).
    public var activity: String?
    /// Answers-file paths whose values appear in the statement, e.g. `activities.manage-ml-jobs.passRoles`.
    public var parameters: [String]
    public var why: String

    public init(activity: String?, parameters: [String], why: String) {
        self.activity = activity
        self.parameters = parameters
        self.why = why
    }
}

public enum PolicySize {
    /// IAM's count: whitespace is not counted; non-ASCII counts as UTF-8 bytes (conservative).
    public static func measure(_ json: String) -> Int {
        // Counted in the string's own storage: the packer measures every candidate document.
        var json = json
        return json.withUTF8 { bytes in
            var count = 0
            for byte in bytes where !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09) { count += 1 }
            return count
        }
    }
}
