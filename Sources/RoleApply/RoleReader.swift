import AWSClient
import RoleImport

/// Reads a role from IAM as `smrole import` needs it: the role, its tags, its attached
/// policies (documents of the account's own ones) and its inline policies.
public struct RoleReader {
    public let iam: IAMClient

    public init(iam: IAMClient) { self.iam = iam }

    /// Nil when the role does not exist.
    public func read(_ name: String) throws(AWSError) -> RoleSnapshot? {
        guard let role = try iam.getRole(name) else { return nil }
        let tags = try iam.listRoleTags(name)
        var attached: [AttachedPolicy] = []
        for arn in try iam.listAttachedRolePolicies(name) {
            let policyName = String(arn.split(separator: "/").last ?? "")
            if arn.contains(":iam::aws:policy/") {
                attached.append(AttachedPolicy(arn: arn, name: policyName))
                continue
            }
            guard let policy = try iam.getPolicy(arn) else { continue }
            attached.append(AttachedPolicy(arn: arn, name: policy.name,
                                           document: try iam.getPolicyDocument(arn, version: policy.defaultVersionId)))
        }
        var inline: [InlinePolicy] = []
        for policyName in try iam.listRolePolicies(name) {
            inline.append(InlinePolicy(name: policyName, document: try iam.getRolePolicy(name, name: policyName)))
        }
        return RoleSnapshot(name: role.name, arn: role.arn, path: role.path, description: role.description,
                            maxSessionDuration: role.maxSessionDuration, permissionsBoundary: role.permissionsBoundary,
                            tags: tags.keys.sorted().map { (key: $0, value: tags[$0]!) }, trustPolicy: role.trustPolicy,
                            attachedPolicies: attached, inlinePolicies: inline)
    }
}
