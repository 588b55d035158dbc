import RoleEngine

/// A local evaluation of identity policies as IAM evaluates them within one account: an
/// explicit Deny wins, otherwise any matching Allow allows, otherwise the request is
/// implicitly denied.
public struct PolicySimulator: Sendable {
    /// One policy to evaluate, with the provenance of each statement when it came from a plan.
    public struct Source: Sendable {
        public var name: String
        public var policy: IAMPolicy
        public var provenance: [Provenance?]

        /// Each statement's Action/NotAction patterns, compiled once.
        let actionPatterns: [[WildcardPattern]]

        public init(name: String, policy: IAMPolicy, provenance: [Provenance?] = []) {
            self.name = name
            self.policy = policy
            self.provenance = provenance
            actionPatterns = policy.statements.map { $0.actions.map { WildcardPattern($0, caseInsensitive: true) } }
        }
    }

    public struct Request: Sendable {
        public var action: String
        /// Nil: "for some resource", as IAM's policy simulator does with `*`.
        public var resource: String?
        public var context: RequestContext

        public init(action: String, resource: String? = nil, context: RequestContext = RequestContext()) {
            self.action = action
            self.resource = resource
            self.context = context
        }
    }

    public enum Decision: String, Sendable { case allowed, explicitDeny = "explicit deny", implicitDeny = "implicit deny" }

    /// A statement that took part in the answer, or nearly did.
    public struct StatementResult: Sendable {
        public var policy: String
        public var statement: String
        public var effect: IAMStatement.Effect
        public var provenance: Provenance?
        /// Nil when the statement applies; else why not (resource, or which condition).
        public var failure: String?
    }

    public struct Result: Sendable {
        public var decision: Decision
        /// The statements that decided: the Deny, or the Allows that apply.
        public var deciding: [StatementResult]
        /// Statements that name the action but did not apply, with the reason.
        public var nearMisses: [StatementResult]
        public var allowed: Bool { decision == .allowed }
    }

    public var sources: [Source]
    /// Attached policies whose text smrole does not have (AWS managed), so not evaluated.
    public var notEvaluated: [String]

    public init(sources: [Source], notEvaluated: [String] = []) {
        self.sources = sources
        self.notEvaluated = notEvaluated
    }

    /// The customer-managed policies of a plan; its AWS-managed attachments are listed as not evaluated.
    public init(plan: RolePlan) {
        sources = plan.policies.map { policy in
            Source(name: policy.name, policy: PolicyReader.read(JSONNode(policy.document.json)).policy,
                   provenance: policy.document.statements.map(\.provenance))
        }
        notEvaluated = plan.managedPolicyArns + (plan.permissionsBoundary.map { ["permissions boundary \($0)"] } ?? [])
    }

    public func evaluate(_ request: Request) -> Result {
        var allows: [StatementResult] = []
        var denies: [StatementResult] = []
        var misses: [StatementResult] = []
        for source in sources {
            for (index, statement) in source.policy.statements.enumerated() {
                let matched = source.actionPatterns[index].contains { $0.matches(request.action) }
                guard matched != statement.actionsNegated else { continue }
                var result = StatementResult(policy: source.name, statement: statement.label, effect: statement.effect,
                                             provenance: index < source.provenance.count ? source.provenance[index] : nil)
                result.failure = Self.failure(of: statement, request)
                if result.failure != nil {
                    misses.append(result)
                } else if statement.effect == .deny {
                    denies.append(result)
                } else {
                    allows.append(result)
                }
            }
        }
        if !denies.isEmpty { return Result(decision: .explicitDeny, deciding: denies, nearMisses: []) }
        if !allows.isEmpty { return Result(decision: .allowed, deciding: allows, nearMisses: []) }
        return Result(decision: .implicitDeny, deciding: [], nearMisses: misses)
    }

    /// Why the statement does not apply to the request, or nil when it does.
    static func failure(of statement: IAMStatement, _ request: Request) -> String? {
        if statement.hasResourceElement {
            if let resource = request.resource {
                let listed = statement.resources.contains { pattern in
                    request.context.substitutingVariables(in: pattern).map { WildcardPattern($0).matches(resource) } ?? false
                }
                if listed == statement.resourcesNegated {
                    return statement.resourcesNegated ? "NotResource excludes the resource" : "the resource is not in its Resource list"
                }
            } else if statement.resourcesNegated ? statement.resources.contains("*") : statement.resources.isEmpty {
                // No resource given means "some resource": only a statement that names none fails.
                return "it applies to no resource"
            }
        }
        let failed = statement.conditions.filter { !ConditionEvaluator.evaluate($0, context: request.context) }.map { clause in
            let values = request.context.values(for: clause.key).map { "is " + $0.joined(separator: ", ") } ?? "is not in the request"
            return "\(clause.operatorText) \(clause.key) [\(clause.values.joined(separator: ", "))] does not hold (\(clause.key) \(values))"
        }
        if !failed.isEmpty { return "condition " + failed.joined(separator: "; ") }
        return nil
    }
}
