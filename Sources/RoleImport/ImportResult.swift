import RoleEngine

/// What `RoleImporter` made of a role: answers, and an account of every policy and statement.
public struct ImportResult: Equatable, Sendable {
    public var spec: RoleSpec
    public var policies: [ImportedPolicyReport]
    /// Statements (or the parts of them) that no activity of the answers grants.
    public var unmapped: [UnmappedStatement]
    public var warnings: [String]

    /// Everything the role grants is granted by the answers.
    public var isComplete: Bool { unmapped.isEmpty }

    /// The unmapped statements as one policy document the user can keep as a managed policy,
    /// nil when everything mapped. Sids are kept, made unique where two policies shared one.
    public var unmappedDocument: JSONValue? {
        guard !unmapped.isEmpty else { return nil }
        var seen: Set<String> = []
        let statements: [JSONValue] = unmapped.map { item in
            var members = item.statement
            if case .string(let sid)? = members["Sid"] {
                var unique = sid, n = 2
                while !seen.insert(unique).inserted { unique = "\(sid)\(n)"; n += 1 }
                members["Sid"] = .string(unique)
            }
            return .object(members)
        }
        return .object(["Version": .string(PolicyDocument.version), "Statement": .array(statements)])
    }
}

/// One policy of the role and what became of it.
public struct ImportedPolicyReport: Equatable, Sendable {
    public enum Kind: String, Sendable { case managed, inline }
    public var name: String
    public var kind: Kind
    public var origin: PolicyOrigin
    /// The activities its statements were mapped to, in the order found.
    public var activities: [String]
    /// Kept as it is in `managedPolicies` (an AWS-managed or someone else's policy).
    public var keptAsManagedPolicy: Bool
}

/// A statement, or the part of one, that maps to no activity.
public struct UnmappedStatement: Equatable, Sendable {
    public var policy: String
    /// `Sid X` or `statement N`.
    public var label: String
    public var actions: [String]
    public var resources: [String]
    public var reason: String
    /// The statement as it will be written in the document of unmapped statements.
    public var statement: [String: JSONValue]
}
