/// A role as IAM holds it, read from the IAM API or from `get-account-authorization-details`:
/// the importer's only input, so it never knows where the role came from.
public struct RoleSnapshot: Equatable, Sendable {
    public var name: String
    public var arn: String
    public var path: String
    /// Nil when the source does not say (authorization details omit it).
    public var description: String?
    /// Nil when the source does not say (authorization details omit it).
    public var maxSessionDuration: Int?
    public var permissionsBoundary: String?
    public var tags: [(key: String, value: String)]
    /// The trust policy as JSON text.
    public var trustPolicy: String
    public var attachedPolicies: [AttachedPolicy]
    public var inlinePolicies: [InlinePolicy]

    public init(name: String, arn: String, path: String, description: String? = nil, maxSessionDuration: Int? = nil,
                permissionsBoundary: String? = nil, tags: [(key: String, value: String)] = [], trustPolicy: String,
                attachedPolicies: [AttachedPolicy] = [], inlinePolicies: [InlinePolicy] = []) {
        self.name = name
        self.arn = arn
        self.path = path
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.permissionsBoundary = permissionsBoundary
        self.tags = tags
        self.trustPolicy = trustPolicy
        self.attachedPolicies = attachedPolicies
        self.inlinePolicies = inlinePolicies
    }

    public static func == (a: RoleSnapshot, b: RoleSnapshot) -> Bool {
        a.name == b.name && a.arn == b.arn && a.path == b.path && a.description == b.description
            && a.maxSessionDuration == b.maxSessionDuration && a.permissionsBoundary == b.permissionsBoundary
            && a.tags.map(\.key) == b.tags.map(\.key) && a.tags.map(\.value) == b.tags.map(\.value)
            && a.trustPolicy == b.trustPolicy && a.attachedPolicies == b.attachedPolicies
            && a.inlinePolicies == b.inlinePolicies
    }
}

/// A managed policy attached to the role. AWS-managed policies need no document: they are
/// carried over by ARN.
public struct AttachedPolicy: Equatable, Sendable {
    public var arn: String
    public var name: String
    /// The default version's document as JSON text; nil when not read (AWS-managed policies).
    public var document: String?

    public init(arn: String, name: String, document: String? = nil) {
        self.arn = arn
        self.name = name
        self.document = document
    }

    /// The policy's path, taken from its ARN (`arn:aws:iam::<account>:policy/<path><name>`).
    public var path: String {
        guard let range = arn.range(of: ":policy/") else { return "/" }
        let rest = arn[range.upperBound...]
        guard let slash = rest.lastIndex(of: "/") else { return "/" }
        return "/" + rest[...slash]
    }

    /// Whether AWS maintains the policy (`arn:<partition>:iam::aws:policy/…`).
    public var isAWSManaged: Bool { arn.contains(":iam::aws:policy/") }
}

/// A policy embedded in the role (the CDK construct's kind).
public struct InlinePolicy: Equatable, Sendable {
    public var name: String
    /// The document as JSON text.
    public var document: String

    public init(name: String, document: String) {
        self.name = name
        self.document = document
    }
}
