/// What IAM will hold for one role: the engine's single product, consumed by every front
/// (files, exporters, review screen, explain, lint, simulate, apply).
public struct RolePlan: Equatable, Sendable {
    public var roleName: String
    public var path: String
    public var description: String?
    public var maxSessionDuration: Int
    public var permissionsBoundary: String?
    public var tags: [RoleTag]
    public var account: String?
    public var region: String?
    public var partition: String
    public var trustPolicy: PolicyDocument
    /// The customer-managed policies to create and attach, packed within IAM's quotas.
    public var policies: [ManagedPolicyPlan]
    /// Existing managed policies (AWS or customer) to attach, from activities and the user.
    public var managedPolicyArns: [String]
    /// The managed-policies-per-role quota the plan was packed for.
    public var managedPolicyQuota: Int
    /// Things the user should know that do not stop the role from being built.
    public var warnings: [String]
    /// The answers with defaults made explicit; saving it lets the run be repeated.
    public var normalizedSpec: RoleSpec

    /// Every managed policy the role will have attached.
    public var attachmentCount: Int { policies.count + managedPolicyArns.count }

    /// The ARN the role will have, when the account is known.
    public var roleArn: String? {
        account.map { "arn:\(partition):iam::\($0):role\(path)\(roleName)" }
    }

    /// The ARN a customer-managed policy will have, when the account is known.
    public func arn(of policy: ManagedPolicyPlan) -> String? {
        account.map { "arn:\(partition):iam::\($0):policy\(policy.path)\(policy.name)" }
    }
}

/// A customer-managed policy the plan creates.
public struct ManagedPolicyPlan: Equatable, Sendable {
    public var name: String
    public var path: String
    public var description: String
    /// The activities whose statements this policy holds, in catalog order.
    public var activities: [String]
    public var document: PolicyDocument

    public var size: Int { document.size }
}
