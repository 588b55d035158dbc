/// The JSON files of the output layout (DESIGN: role.json, trust-policy.json,
/// policies/<name>.json), rendered from a plan as relative path → content.
public enum PlanFiles {
    public static func render(_ plan: RolePlan) -> [(path: String, content: String)] {
        var files: [(String, String)] = [
            ("role.json", roleJSON(plan).pretty() + "\n"),
            ("trust-policy.json", plan.trustPolicy.json.pretty() + "\n"),
        ]
        for policy in plan.policies {
            files.append((policyFile(policy), policy.document.json.pretty() + "\n"))
        }
        return files
    }

    public static func policyFile(_ policy: ManagedPolicyPlan) -> String {
        "policies/\(policy.name).json"
    }

    /// Everything about the role except the permission documents themselves.
    public static func roleJSON(_ plan: RolePlan) -> JSONValue {
        var role: [String: JSONValue] = [
            "name": .string(plan.roleName),
            "path": .string(plan.path),
            "maxSessionDuration": .int(plan.maxSessionDuration),
            "tags": .array(plan.tags.map { .object(["Key": .string($0.key), "Value": .string($0.value)]) }),
            "trustPolicy": plan.trustPolicy.json,
            "managedPolicyArns": .array(plan.managedPolicyArns.map(JSONValue.string)),
            "customerManagedPolicies": .array(plan.policies.map { policy in
                var entry: [String: JSONValue] = [
                    "name": .string(policy.name),
                    "path": .string(policy.path),
                    "description": .string(policy.description),
                    "file": .string(policyFile(policy)),
                    "activities": .array(policy.activities.map(JSONValue.string)),
                    "size": .int(policy.size),
                ]
                if let arn = plan.arn(of: policy) { entry["arn"] = .string(arn) }
                return .object(entry)
            }),
            "quota": .object([
                "managedPoliciesPerRole": .int(plan.managedPolicyQuota),
                "attached": .int(plan.attachmentCount),
                "policySizeLimit": .int(PolicyPacker.policySizeLimit),
                "trustPolicySize": .int(plan.trustPolicy.size),
                "trustPolicySizeLimit": .int(RoleBuilder.trustPolicyLimit),
            ]),
            "warnings": .array(plan.warnings.map(JSONValue.string)),
        ]
        if let description = plan.description { role["description"] = .string(description) }
        if let boundary = plan.permissionsBoundary { role["permissionsBoundary"] = .string(boundary) }
        if let account = plan.account { role["account"] = .string(account) }
        if let region = plan.region { role["region"] = .string(region) }
        if let arn = plan.roleArn { role["arn"] = .string(arn) }
        return .object(role)
    }
}
