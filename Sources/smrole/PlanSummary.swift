import RoleEngine

/// The short human summary printed after `generate`.
enum PlanSummary {
    static func text(_ plan: RolePlan, directory: String?) -> String {
        var lines = [directory.map { "Role \(plan.path)\(plan.roleName) written to \($0)/" } ?? "Role \(plan.path)\(plan.roleName)"]
        lines.append("  \(plan.attachmentCount) of \(plan.managedPolicyQuota) managed-policy attachments used; trust policy \(plan.trustPolicy.size)/\(RoleBuilder.trustPolicyLimit) characters")
        for policy in plan.policies {
            lines.append("  policy \(policy.name)  \(policy.size)/\(PolicyPacker.policySizeLimit)  [\(policy.activities.joined(separator: ", "))]")
        }
        for arn in plan.managedPolicyArns {
            lines.append("  attach \(arn)")
        }
        return lines.joined(separator: "\n")
    }
}
