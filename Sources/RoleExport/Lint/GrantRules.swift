/// What some actions hand over beyond their name: writing a resource's policy (anyone may then
/// be let in), writing a role's permissions, and credentials that outlive the session. Each is
/// a table: the action, how grave it is, and what the holder gets.
enum GrantRules {
    struct ResourcePolicyWrite {
        let action: String
        let severity: LintFinding.Severity
        let writes: String
        /// Condition keys that limit what is written (the canned ACL, the grantees).
        let limitedBy: [String]
    }

    static let aclKeys = ["s3:x-amz-acl", "s3:x-amz-grant-"]

    static let resourcePolicyWrites: [String: ResourcePolicyWrite] = Dictionary(uniqueKeysWithValues: [
        ResourcePolicyWrite(action: "s3:putbucketpolicy", severity: .high, writes: "the bucket policy", limitedBy: []),
        ResourcePolicyWrite(action: "s3:putbucketacl", severity: .high, writes: "the bucket ACL", limitedBy: aclKeys),
        ResourcePolicyWrite(action: "s3:putobjectacl", severity: .medium, writes: "object ACLs", limitedBy: aclKeys),
        ResourcePolicyWrite(action: "s3:putobjectversionacl", severity: .medium, writes: "object version ACLs",
                            limitedBy: aclKeys),
        ResourcePolicyWrite(action: "s3:putaccesspointpolicy", severity: .high, writes: "access point policies",
                            limitedBy: []),
        ResourcePolicyWrite(action: "kms:putkeypolicy", severity: .high, writes: "the key policy", limitedBy: []),
        ResourcePolicyWrite(action: "ecr:setrepositorypolicy", severity: .high, writes: "the repository policy",
                            limitedBy: []),
        ResourcePolicyWrite(action: "secretsmanager:putresourcepolicy", severity: .high, writes: "the secret's policy",
                            limitedBy: []),
        ResourcePolicyWrite(action: "lambda:addpermission", severity: .high, writes: "the function's policy",
                            limitedBy: []),
        ResourcePolicyWrite(action: "glue:putresourcepolicy", severity: .high, writes: "the Data Catalog policy",
                            limitedBy: []),
    ].map { ($0.action, $0) })

    /// Canned ACLs and grantees that open a resource to everyone.
    static let publicACLValues = ["public-read", "public-read-write", "authenticated-read", "allusers",
                                  "authenticatedusers"]

    /// IAM actions that write a role's permissions or trust (with the escalation set on `*`).
    static let roleWrites: Set<String> = [
        "iam:putrolepolicy", "iam:attachrolepolicy", "iam:updateassumerolepolicy", "iam:putrolepermissionsboundary",
        "iam:deleterolepermissionsboundary",
    ]

    struct CredentialAction {
        let action: String
        let severity: LintFinding.Severity
        let why: String
    }

    static let credentialActions: [String: CredentialAction] = Dictionary(uniqueKeysWithValues: [
        CredentialAction(action: "ecr:getauthorizationtoken", severity: .info,
                         why: "a 12-hour registry password that carries only the caller's own ECR permissions "
                            + "(jobs need it to pull images)"),
        CredentialAction(action: "ecr-public:getauthorizationtoken", severity: .info,
                         why: "a 12-hour registry password that carries only the caller's own ECR Public permissions"),
        CredentialAction(action: "codeartifact:getauthorizationtoken", severity: .info,
                         why: "a package-registry token that carries the caller's own CodeArtifact permissions"),
        CredentialAction(action: "sts:getsessiontoken", severity: .low,
                         why: "temporary credentials with the caller's permissions for up to 36 hours, usable from "
                            + "anywhere (IAM users only; a role cannot call it)"),
        CredentialAction(action: "sts:getfederationtoken", severity: .low,
                         why: "temporary credentials for up to 36 hours, usable from anywhere (IAM users only)"),
        CredentialAction(action: "iam:createaccesskey", severity: .low,
                         why: "long-term access keys of the users it names, usable from anywhere until deleted"),
        CredentialAction(action: "iam:updateaccesskey", severity: .low,
                         why: "reactivation of the named users' disabled access keys"),
        CredentialAction(action: "iam:createservicespecificcredential", severity: .low,
                         why: "long-term passwords of the named users for CodeCommit, Keyspaces or Bedrock"),
        CredentialAction(action: "iam:resetservicespecificcredential", severity: .low,
                         why: "new passwords for the named users' service-specific credentials"),
        CredentialAction(action: "redshift:getclustercredentials", severity: .low,
                         why: "database passwords for Redshift users"),
        CredentialAction(action: "sso:getrolecredentials", severity: .low,
                         why: "credentials of IAM Identity Center roles"),
        CredentialAction(action: "cognito-identity:getcredentialsforidentity", severity: .low,
                         why: "credentials of Cognito identities"),
        CredentialAction(action: "lightsail:getinstanceaccessdetails", severity: .low,
                         why: "SSH keys and passwords of Lightsail instances"),
    ].map { ($0.action, $0) })

    static func findings(_ statement: IAMStatement, _ actions: [QualifiedAction]) -> [LintFinding] {
        guard statement.effect == .allow, !statement.actionsNegated else { return [] }
        var findings: [LintFinding] = []
        func add(_ code: String, _ severity: LintFinding.Severity, _ message: String, _ fix: String) {
            findings.append(LintFinding(code, severity, message, fix: fix, statement: statement.label,
                                        line: statement.line, column: statement.column))
        }
        let names = actions.map { ($0.name, $0.name.lowercased()) }
        var writes: [(String, ResourcePolicyWrite)] = []
        for (name, lower) in names {
            guard let write = resourcePolicyWrites[lower] else { continue }
            if !write.limitedBy.isEmpty && limitsACL(statement, keys: write.limitedBy) { continue }
            writes.append((name, write))
        }
        if let gravest = writes.map(\.1.severity).max() {
            let listed = PolicyLinter.listed(writes.map(\.0), limit: 4)
            let what = PolicyLinter.listed(LintMemo.unique(writes.map(\.1.writes)), limit: 4)
            let aclHint = writes.contains { !$0.1.limitedBy.isEmpty }
                ? ", or limit ACLs with \"StringEquals\": {\"s3:x-amz-acl\": \"bucket-owner-full-control\"}" : ""
            add("RESOURCE_POLICY_ESCALATION", gravest,
                "\(listed) lets the holder rewrite \(what), and so grant itself or anyone, the public included, "
                    + "any access to \(writes.count == 1 && !what.hasSuffix("s") ? "it" : "them").",
                "Leave resource policies to administrators\(aclHint).")
        }
        if let escalation = roleWriteFinding(statement, names) { findings.append(escalation) }
        let credentials = names.compactMap { name, lower in credentialActions[lower].map { (name, $0) } }
        if let gravest = credentials.map(\.1.severity).max() {
            let parts = credentials.map { "\($0.0) returns \($0.1.why)" }
            add("CREDENTIALS_EXPOSURE", gravest, parts.prefix(3).joined(separator: "; ")
                    + (parts.count > 3 ? "; and \(parts.count - 3) more" : "") + ".",
                "Keep it only if the work needs it\(credentials.count == 1 ? "" : " (each of them)").")
        }
        return findings
    }

    /// iam:PutRolePolicy and its kin on roles: on a pattern of roles the holder can give itself any
    /// permission; on named roles, whoever can use those roles can.
    private static func roleWriteFinding(_ statement: IAMStatement, _ names: [(String, String)]) -> LintFinding? {
        func finding(_ severity: LintFinding.Severity, _ message: String, _ fix: String) -> LintFinding {
            LintFinding("PRIVILEGE_ESCALATION", severity, message, fix: fix, statement: statement.label,
                        line: statement.line, column: statement.column)
        }
        let onRoles = statement.resourcesNegated ? [] : statement.resources.filter { $0.contains(":role/") }
        guard !onRoles.isEmpty else { return nil }
        var writes = names.filter { roleWrites.contains($0.1) }.map(\.0)
        // An iam:PolicyARN condition limits which managed policies can be attached.
        if statement.conditions.contains(where: { $0.key.lowercased() == "iam:policyarn" && $0.op?.negated == false }) {
            writes.removeAll { $0.lowercased() == "iam:attachrolepolicy" }
        }
        guard !writes.isEmpty else { return nil }
        let patterns = onRoles.filter { $0.contains("*") || $0.contains("?") }
        let shown = PolicyLinter.listed(writes, limit: 3)
        if !patterns.isEmpty {
            return finding(.high,
                "\(shown) on \(PolicyLinter.listed(patterns, limit: 2)) lets the holder write the permissions of "
                    + "any role the pattern matches, its own included.",
                "Remove these actions, or name roles the holder can neither assume nor pass.")
        }
        return finding(.medium,
                "\(shown) lets the holder give \(PolicyLinter.listed(onRoles, limit: 2)) any permission; "
                    + "whoever can assume or pass \(onRoles.count == 1 ? "that role" : "those roles") gets it.",
                "Leave role permissions to administrators, or limit attachments with an iam:PolicyARN condition.")
    }

    /// Whether an ACL condition holds the ACL to values that do not open the resource to everyone.
    private static func limitsACL(_ statement: IAMStatement, keys: [String]) -> Bool {
        statement.conditions.contains { clause in
            let key = clause.key.lowercased()
            guard let op = clause.op, !op.negated, !op.ifExists, op.category == .string,
                  keys.contains(where: { key == $0 || (key.hasPrefix($0) && $0.hasSuffix("-")) }) else { return false }
            return !clause.values.contains { value in
                let lower = value.lowercased()
                return value.contains("*") || publicACLValues.contains { lower.contains($0) }
            }
        }
    }
}
