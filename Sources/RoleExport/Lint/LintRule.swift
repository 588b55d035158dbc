/// A kind of finding: its code, usual severity, a title and why it matters. Written once, read
/// by the text report's readers (docs), the SARIF report's rule list and the tests that check
/// every finding has one.
public struct LintRule: Sendable, Equatable {
    public let id: String
    /// The usual severity; a finding may be graver or milder (WILDCARD_ACTION is high for `*`).
    public let severity: LintFinding.Severity
    public let title: String
    public let why: String

    init(_ id: String, _ severity: LintFinding.Severity, _ title: String, why: String) {
        self.id = id
        self.severity = severity
        self.title = title
        self.why = why
    }
}

public enum LintRules {
    public static func rule(_ id: String) -> LintRule? { byID[id] }

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static let all: [LintRule] = grammar + actionsAndResources + conditions + grants + trust

    static let grammar: [LintRule] = [
        LintRule("MALFORMED_JSON", .critical, "The file is not JSON",
                 why: "IAM rejects the document; nothing else can be checked."),
        LintRule("MALFORMED", .high, "IAM's policy grammar is broken",
                 why: "IAM rejects the document (unknown elements, wrong types, Action and NotAction together, …)."),
        LintRule("DUPLICATE_KEY", .high, "A key appears twice in one object",
                 why: "JSON readers disagree on which value counts, so what a reviewer reads may not be what IAM "
                    + "stores."),
        LintRule("DUPLICATE_SID", .high, "Two statements share a Sid",
                 why: "IAM requires Sids to be unique within a policy."),
        LintRule("INVALID_VERSION", .high, "An unknown policy Version",
                 why: "IAM accepts only 2012-10-17 and 2008-10-17."),
        LintRule("NO_VERSION", .low, "No Version",
                 why: "Without a Version IAM reads the policy as 2008-10-17, where policy variables are plain text."),
        LintRule("OLD_VERSION", .low, "Version 2008-10-17",
                 why: "Policy variables such as ${aws:username} are plain text in this version."),
        LintRule("INVALID_SID", .medium, "A Sid with characters IAM rejects",
                 why: "Identity policies allow only letters and digits in a Sid."),
        LintRule("UNKNOWN_OPERATOR", .high, "A condition operator IAM does not know",
                 why: "IAM rejects the policy."),
        LintRule("POLICY_TOO_LARGE", .high, "Over IAM's size quota",
                 why: "IAM refuses a managed policy over 6,144 characters and a trust policy over 2,048 "
                    + "(whitespace aside)."),
        LintRule("POLICY_NEAR_LIMIT", .info, "Near IAM's size quota",
                 why: "Little room is left for another statement."),
    ]

    static let actionsAndResources: [LintRule] = [
        LintRule("UNKNOWN_PREFIX", .medium, "No AWS service has this prefix",
                 why: "IAM ignores actions it does not know, so the statement grants less than it says."),
        LintRule("UNKNOWN_ACTION", .medium, "No such action",
                 why: "IAM ignores actions it does not know, so the statement grants less than it says."),
        LintRule("UNRESOLVED_PLACEHOLDER", .high, "A template placeholder left in a resource",
                 why: "${Account}-style placeholders are not policy variables; the resource matches nothing."),
        LintRule("INVALID_ARN", .medium, "A resource that is not an ARN",
                 why: "IAM accepts only ARNs and \"*\" in Resource."),
        LintRule("RESOURCE_MISMATCH", .medium, "No resource fits the action",
                 why: "An action whose resource types none of the statement's resources fit is granted on nothing."),
        LintRule("FULL_ADMIN", .critical, "Every action on every resource",
                 why: "The holder can do anything in the account, including giving itself and others any access."),
        LintRule("WILDCARD_ACTION", .medium, "A wildcard action",
                 why: "A wildcard grants every matching action, including ones AWS adds later."),
        LintRule("RESOURCE_STAR", .low, "Resource \"*\" where narrower is possible",
                 why: "The actions could be limited to the resources the work needs."),
        LintRule("ALLOW_NOT_ACTION", .high, "Allow with NotAction",
                 why: "Everything not listed is allowed, including actions AWS adds later."),
        LintRule("ALLOW_NOT_RESOURCE", .medium, "Allow with NotResource",
                 why: "The actions are allowed on every resource not listed, including ones created later."),
    ]

    static let conditions: [LintRule] = [
        LintRule("UNKNOWN_CONDITION_FOR_ACTION", .medium, "A condition key that does not apply",
                 why: "IAM finds no value for a key the action does not set, so the condition never matches."),
        LintRule("MISMATCHED_TYPE", .medium, "Operator and key or value of different types",
                 why: "A comparison of different types never matches the way it reads: the statement grants nothing, "
                    + "or the key's real value (an ARN, a boolean) is never the one written."),
        LintRule("MISMATCHED_TYPE_BUT_USABLE", .low, "A string operator on an ARN key",
                 why: "It works, but Arn operators say what is compared."),
        LintRule("MISSING_SET_OPERATOR", .low, "A multi-valued key without ForAllValues or ForAnyValue",
                 why: "Without a set operator the result for several values is easy to misread."),
        LintRule("FORALLVALUES_WITHOUT_NULL", .low, "ForAllValues without a Null check",
                 why: "ForAllValues holds when the key is absent, so requests without it are allowed too."),
        LintRule("GATE_BYPASS_WITHOUT_KEY", .medium, "A VPC or KMS gate that passes when the key is left out",
                 why: "…IfExists and ForAllValues hold when the request does not carry the key, so a job without a "
                    + "VPC configuration or KMS key passes the gate meant to require one."),
        LintRule("SINGLE_VALUE_CONDITION_TOO_PERMISSIVE", .medium, "A set operator on a single-valued key",
                 why: "ForAllValues on a single-valued key holds when the key is absent; ForAnyValue does not hold "
                    + "then, so a Deny with it lets requests without the key through."),
        LintRule("WILDCARD_IN_STRING_EQUALS", .medium, "A wildcard in a StringEquals value",
                 why: "StringEquals compares text exactly: * and ? are literal, so the condition matches only that "
                    + "exact text (an Allow grants nothing; a Deny never applies)."),
    ]

    static let grants: [LintRule] = [
        LintRule("PASSROLE_ANY_ROLE", .high, "iam:PassRole on any role",
                 why: "The holder can hand any role of the account to a service, and act with that role's "
                    + "permissions."),
        LintRule("PASSROLE_ROLE_WILDCARD", .medium, "iam:PassRole on a pattern of roles",
                 why: "Every role the pattern matches, today and later, can be handed to the service; "
                    + "iam:PassedToService limits where, not which roles."),
        LintRule("PASSROLE_WITHOUT_PASSED_TO_SERVICE", .medium, "iam:PassRole to any service",
                 why: "Without iam:PassedToService the roles can be handed to any service, not only the one meant."),
        LintRule("PASSROLE_ANY_SERVICE", .medium, "iam:PassedToService matched with a wildcard",
                 why: "A pattern such as \"*\" fits every service, which is the same as no iam:PassedToService "
                    + "at all."),
        LintRule("PASSROLE_TO_SAGEMAKER", .info, "PassRole with SageMaker actions that run code as a role",
                 why: "Whoever holds both runs code with the passed roles' permissions: those roles must not "
                    + "grant more."),
        LintRule("PRIVILEGE_ESCALATION", .high, "The holder can raise its own permissions",
                 why: "Writing identity policies, access keys or trust policies of principals (or passing broad roles "
                    + "to code it runs) gives the holder whatever permissions it writes."),
        LintRule("RESOURCE_POLICY_ESCALATION", .high, "The holder can rewrite a resource policy",
                 why: "A bucket policy, bucket or object ACL or key policy decides who may use the resource: whoever "
                    + "writes it can grant itself or anyone, the public included, any access to it."),
        LintRule("CREDENTIALS_EXPOSURE", .low, "An action that returns credentials",
                 why: "The credentials it returns can be used outside the session, beyond the reach of its "
                    + "conditions."),
    ]

    static let trust: [LintRule] = [
        LintRule("TRUST_ANY_PRINCIPAL", .critical, "Anyone can assume the role",
                 why: "Principal \"*\" without a condition that names who lets any AWS account assume the role."),
        LintRule("TRUST_CROSS_ACCOUNT_WITHOUT_CONDITION", .medium, "Another account assumes the role unconditioned",
                 why: "Without sts:ExternalId, aws:PrincipalOrgID or a similar condition, whoever controls that "
                    + "account (or tricks a service in it) can assume the role."),
        LintRule("TRUST_CONFUSED_DEPUTY", .low, "A service trust without aws:SourceAccount or aws:SourceArn",
                 why: "The service may assume the role on behalf of any account's request (the confused deputy): "
                    + "aws:SourceAccount or aws:SourceArn limits it to this account's resources."),
    ]
}
