/// An IAM policy document read into its elements, from a file (lint) or a plan (simulate).
public struct IAMPolicy: Sendable {
    public var version: String?
    public var statements: [IAMStatement]
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
}
