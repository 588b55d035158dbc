/// An IAM policy document read into its elements, from a file (lint) or a plan (simulate).
public struct IAMPolicy: Sendable {
    public var version: String?
    public var statements: [IAMStatement]

    /// A role trust policy, told by its shape: every statement names a principal and lets it
    /// assume the role (`sts:AssumeRole*`, `sts:TagSession`, …), and none names a resource.
    public var isTrustPolicy: Bool {
        !statements.isEmpty && statements.allSatisfy { statement in
            statement.principal != nil && !statement.hasResourceElement && !statement.actionsNegated
                && !statement.actions.isEmpty && statement.actions.allSatisfy(TrustActions.isTrustAction)
        }
    }
}

/// The actions a trust policy grants: assuming the role and what comes with a session.
public enum TrustActions {
    static let names: Set<String> = [
        "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
        "sts:setsourceidentity", "sts:setcontext",
    ]

    /// `sts:AssumeRole` and its kin, or a pattern such as `sts:AssumeRole*` that names only them.
    public static func isTrustAction(_ action: String) -> Bool {
        let lower = action.lowercased()
        if names.contains(lower) { return true }
        guard lower.hasPrefix("sts:"), lower.contains("*") || lower.contains("?"), lower != "sts:*" else { return false }
        let pattern = WildcardPattern(lower, caseInsensitive: true)
        return names.contains { pattern.matches($0) }
    }

    /// Whether the action (or pattern) lets a principal assume the role.
    static func assumesRole(_ action: String) -> Bool {
        let pattern = WildcardPattern(action, caseInsensitive: true)
        return ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"].contains(where: pattern.matches)
    }
}

/// `Principal` or `NotPrincipal`: whom a trust or resource policy speaks of.
public struct PrincipalElement: Sendable {
    public struct Entry: Sendable, Equatable {
        /// `AWS`, `Service`, `Federated` or `CanonicalUser`.
        public var type: String
        public var value: String
    }

    /// `NotPrincipal`: everyone except the entries.
    public var negated: Bool
    /// `"Principal": "*"`, or `"*"` among the `AWS` values: any principal at all.
    public var anyone: Bool
    public var entries: [Entry]
}

public struct IAMStatement: Sendable {
    public enum Effect: String, Sendable { case allow = "Allow", deny = "Deny" }

    /// Position in the policy, from 1, as people count.
    public var number: Int
    public var sid: String?
    public var line: Int
    public var effect: Effect
    /// `Action` values, or `NotAction` values when `actionsNegated`.
    public var actions: [String]
    public var actionsNegated: Bool
    /// `Resource` values, or `NotResource` when `resourcesNegated`; empty when neither is present.
    public var resources: [String]
    public var resourcesNegated: Bool
    public var hasResourceElement: Bool
    public var hasPrincipal: Bool
    /// The `Principal` / `NotPrincipal` element, as far as it could be read.
    public var principal: PrincipalElement?
    public var column: Int = 0
    public var conditions: [ConditionClause]

    /// How findings and answers name the statement: "statement 2 (Sid AllowTraining)".
    public var label: String {
        sid.map { "statement \(number) (Sid \($0))" } ?? "statement \(number)"
    }
}

/// One key of one operator block: `"StringEquals": {"iam:PassedToService": [...]}`.
public struct ConditionClause: Sendable {
    public var operatorText: String
    /// Nil when the operator is not one IAM knows.
    public var op: ConditionOperator?
    public var key: String
    public var values: [String]
    public var line: Int
    public var column: Int = 0
}
