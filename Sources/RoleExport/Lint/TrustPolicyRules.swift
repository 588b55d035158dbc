/// Who may assume a role: the checks of trust-policy statements (Principal + sts:AssumeRole*).
///
/// Each check is the set of condition keys that answers it: a statement that trusts "*", or
/// another account, or a service, is safe only with a condition on one of those keys.
enum TrustPolicyRules {
    /// Keys that say which principals of "*" may assume the role.
    static let namingWho: Set<String> = [
        "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:userid",
    ]

    /// Keys that keep another account's principals from assuming the role at will.
    static let gatingOtherAccounts: Set<String> = [
        "sts:externalid", "aws:principalorgid", "aws:principalorgpaths", "aws:sourceaccount", "aws:principalarn",
    ]

    /// Keys that tie a service's AssumeRole to this account's resources (confused deputy).
    static let namingSource: Set<String> = [
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths",
    ]

    /// Services that set aws:SourceAccount and aws:SourceArn when they assume a role, and whose
    /// documentation asks for them in the trust policy.
    static let confusedDeputyServices: Set<String> = ["sagemaker.amazonaws.com"]

    static func findings(_ statement: IAMStatement, ownAccount: String?) -> [LintFinding] {
        guard statement.effect == .allow, let principal = statement.principal, !statement.actionsNegated,
              statement.actions.contains(where: TrustActions.assumesRole) else { return [] }
        var findings: [LintFinding] = []
        func add(_ code: String, _ severity: LintFinding.Severity, _ message: String, _ fix: String) {
            findings.append(LintFinding(code, severity, message, fix: fix, statement: statement.label,
                                        line: statement.line, column: statement.column))
        }
        if principal.anyone || principal.negated {
            let who = principal.negated ? "NotPrincipal (everyone but those listed)" : "Principal \"*\""
            if !constrains(statement, with: namingWho) {
                if constrains(statement, with: ["sts:externalid"]) {
                    add("TRUST_ANY_PRINCIPAL", .high,
                        "\(who) lets any AWS account assume the role; only sts:ExternalId, a value anyone who "
                            + "learns it can send, stands in the way.",
                        "Name the principals, or add \"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}.")
                } else {
                    add("TRUST_ANY_PRINCIPAL", .critical,
                        "\(who) with no condition on who is asking lets anyone with an AWS account assume the role.",
                        "Name the principals (\"AWS\": \"arn:aws:iam::ACCOUNT:role/NAME\"), or add a condition "
                            + "such as \"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}.")
                }
            }
            return findings
        }
        let otherAccounts = LintMemo.unique(principal.entries.filter { $0.type == "AWS" }.compactMap {
            account(of: $0.value)
        }.filter { $0 != ownAccount })
        if !otherAccounts.isEmpty && !constrains(statement, with: gatingOtherAccounts) {
            let accounts = PolicyLinter.listed(otherAccounts, limit: 3)
            let hint = ownAccount == nil ? " (If \(otherAccounts.count == 1 ? "it is" : "one is") the role's own "
                + "account, give it with --account.)" : ""
            add("TRUST_CROSS_ACCOUNT_WITHOUT_CONDITION", .medium,
                "Principals of account \(accounts) can assume the role with no sts:ExternalId, aws:PrincipalOrgID "
                    + "or aws:SourceAccount condition.\(hint)",
                "Add \"StringEquals\": {\"sts:ExternalId\": \"…\"} with a value agreed with that account, or "
                    + "{\"aws:PrincipalOrgID\": \"o-…\"} when it is in your organization.")
        }
        let services = principal.entries.filter {
            $0.type == "Service" && confusedDeputyServices.contains($0.value.lowercased())
        }.map(\.value)
        if !services.isEmpty && !constrains(statement, with: namingSource) {
            add("TRUST_CONFUSED_DEPUTY", .low,
                "\(PolicyLinter.listed(services, limit: 3)) may assume the role for any account's request: "
                    + "nothing ties it to this account's resources (the confused deputy).",
                "Add \"StringEquals\": {\"aws:SourceAccount\": \"ACCOUNT\"} and \"ArnLike\": {\"aws:SourceArn\": "
                    + "\"arn:aws:sagemaker:REGION:ACCOUNT:*\"}.")
        }
        return findings
    }

    /// Whether a condition on one of the keys must hold: a positive operator (not IfExists,
    /// not Null) with a value that is more than a wildcard.
    static func constrains(_ statement: IAMStatement, with keys: Set<String>) -> Bool {
        statement.conditions.contains { clause in
            guard let op = clause.op, keys.contains(clause.key.lowercased()) else { return false }
            return !op.negated && !op.ifExists && op.category != .null && op.qualifier != .forAllValues
                && clause.values.contains { !$0.allSatisfy { $0 == "*" || $0 == "?" } }
        }
    }

    /// The account of an AWS principal: `444455556666`, `arn:aws:iam::444455556666:root`,
    /// a role, user or assumed-role ARN. Nil for anything else (unique ids, `*`).
    static func account(of principal: String) -> String? {
        let isAccount: (Substring) -> Bool = { $0.count == 12 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        if isAccount(Substring(principal)) { return principal }
        let fields = principal.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[2] == "iam" || fields[2] == "sts",
              isAccount(fields[4]) else { return nil }
        return String(fields[4])
    }

    /// Hosts of the statement's OIDC providers (`…:oidc-provider/token.actions.githubusercontent.com`):
    /// their claims (`token.actions.githubusercontent.com:sub`) are condition keys of AssumeRoleWithWebIdentity.
    static func oidcHosts(_ statement: IAMStatement) -> Set<String> {
        Set(statement.principal?.entries.filter { $0.type == "Federated" }.compactMap { entry in
            entry.value.range(of: ":oidc-provider/").map { String(entry.value[$0.upperBound...]).lowercased() }
        } ?? [])
    }
}
