import RoleEngine

/// A local evaluation of a role's policies as IAM evaluates them within one account: an
/// explicit Deny in any policy (identity or permissions boundary) wins; otherwise the request
/// needs an Allow in the identity policies and, when the role has a permissions boundary, an
/// Allow in the boundary too; otherwise it is implicitly denied.
///
/// When a policy's text is missing (an attached policy smrole does not ship, a boundary given
/// only by ARN) or a value has no documented meaning, the answer is `undetermined` unless the
/// known parts decide it whatever the unknown part holds (an explicit Deny does; a boundary
/// cannot turn an implicit deny into an allow).
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

    /// The role's permissions boundary: a document to evaluate, or only the ARN of one.
    public enum Boundary: Sendable {
        case document(Source)
        case unknown(arn: String)
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

    public enum Decision: String, Sendable {
        case allowed, explicitDeny = "explicit deny", implicitDeny = "implicit deny", undetermined
    }

    /// A statement that took part in the answer, or nearly did.
    public struct StatementResult: Sendable {
        public var policy: String
        public var statement: String
        public var effect: IAMStatement.Effect
        public var provenance: Provenance?
        /// Nil when the statement applies; else why not (resource, or which condition).
        public var failure: String?
        /// Set when smrole cannot tell whether the statement applies, and why.
        public var unknownBecause: String?
    }

    public struct Result: Sendable {
        public var decision: Decision
        /// The statements that decided: the Deny, or the Allows that apply.
        public var deciding: [StatementResult]
        /// Statements that name the action but did not apply, with the reason.
        public var nearMisses: [StatementResult]
        /// When undetermined: what smrole would need to answer (a policy's text, a value's meaning).
        public var missing: [String]
        /// True when the identity policies allow the request and the permissions boundary does not.
        public var deniedByBoundary: Bool
        /// Whether an unknown comes from a number in exponent notation (which a second pass resolves where it can).
        var dependsOnExponents = false
        public var allowed: Bool { decision == .allowed }
    }

    public var sources: [Source]
    /// Attached policies whose text smrole does not have (by ARN).
    public var unknownPolicies: [String]
    public var boundary: Boundary?
    /// Keys every request of the role's sessions carries (from the plan); a request's own keys replace them.
    public var seed: RequestContext
    /// Attached AWS-managed policies evaluated from the shipped documents: ARN and VersionId.
    public var managedPoliciesEvaluated: [(arn: String, versionId: String)]

    public init(sources: [Source], unknownPolicies: [String] = [], boundary: Boundary? = nil,
                seed: RequestContext = RequestContext()) {
        self.sources = sources
        self.unknownPolicies = unknownPolicies
        self.boundary = boundary
        self.seed = seed
        managedPoliciesEvaluated = []
    }

    /// Everything the plan attaches: its customer-managed policies, the AWS-managed ones whose
    /// documents smrole ships, and its permissions boundary (`boundaryDocument` when given,
    /// else the shipped document of that ARN). The request context is seeded from the plan.
    public init(plan: RolePlan, library: AWSManagedPolicyLibrary = .bundled, boundaryDocument: Source? = nil) {
        sources = plan.policies.map { policy in
            Source(name: policy.name, policy: PolicyReader.read(JSONNode(policy.document.json)).policy,
                   provenance: policy.document.statements.map(\.provenance))
        }
        unknownPolicies = []
        managedPoliciesEvaluated = []
        for arn in plan.managedPolicyArns {
            if let entry = library.entry(for: arn) {
                let name = String(arn.split(separator: "/").last ?? Substring(arn))
                sources.append(Source(name: "\(name) (AWS managed, \(entry.versionId))", policy: entry.policy))
                managedPoliciesEvaluated.append((arn, entry.versionId))
            } else {
                unknownPolicies.append(arn)
            }
        }
        if let boundaryDocument {
            boundary = .document(boundaryDocument)
        } else if let arn = plan.permissionsBoundary {
            if let entry = library.entry(for: arn) {
                let name = "permissions boundary \(arn) (AWS managed, \(entry.versionId))"
                boundary = .document(Source(name: name, policy: entry.policy))
            } else {
                boundary = .unknown(arn: arn)
            }
        }
        seed = RequestContext.seeded(from: plan)
    }

    /// What one set of policies says about a request: does a Deny apply, does an Allow apply.
    private struct Verdict {
        var denies: [StatementResult] = []
        var allows: [StatementResult] = []
        var misses: [StatementResult] = []
        var deny = Tristate.no
        var allow = Tristate.no
        var missing: [String] = []

        mutating func add(unknownPolicy description: String) {
            deny = deny || .unknown
            allow = allow || .unknown
            missing.append(description)
        }
    }

    public func evaluate(_ request: Request) -> Result {
        let request = Request(action: request.action, resource: request.resource,
                              context: seed.overridden(by: request.context))
        let open = evaluate(request, exponents: .open)
        guard open.decision == .undetermined, open.dependsOnExponents else { return open }
        // One reading holds for the whole request: when both give the same answer, that is IAM's.
        let asNumber = evaluate(request, exponents: .asNumber), asNoNumber = evaluate(request, exponents: .asNoNumber)
        return asNumber.decision == asNoNumber.decision ? asNumber : open
    }

    private func evaluate(_ request: Request, exponents: ConditionEvaluator.ExponentReading) -> Result {
        var identity = Verdict()
        for source in sources { Self.collect(source, request, exponents, into: &identity) }
        for arn in unknownPolicies {
            identity.add(unknownPolicy: "the text of the attached policy \(arn), which smrole does not ship")
        }
        var bounds: Verdict?
        switch boundary {
        case .document(let source)?:
            var verdict = Verdict()
            Self.collect(source, request, exponents, into: &verdict)
            bounds = verdict
        case .unknown(let arn)?:
            var verdict = Verdict()
            verdict.add(unknownPolicy: "the text of the permissions boundary \(arn) (give it with --boundary-file)")
            bounds = verdict
        case nil:
            break
        }
        let deny = identity.deny || (bounds?.deny ?? .no)
        let boundaryAllows = bounds?.allow ?? .yes
        let allowed = !deny && identity.allow && boundaryAllows
        let denies = identity.denies + (bounds?.denies ?? [])
        switch allowed {
        case .yes:
            return Result(decision: .allowed, deciding: identity.allows, nearMisses: [], missing: [],
                          deniedByBoundary: false)
        case .no where deny == .yes:
            return Result(decision: .explicitDeny, deciding: denies, nearMisses: [], missing: [],
                          deniedByBoundary: false)
        case .no:
            let byBoundary = identity.allow == .yes && boundaryAllows == .no
            let misses = byBoundary ? bounds?.misses ?? [] : identity.misses + (bounds?.misses ?? [])
            return Result(decision: .implicitDeny, deciding: byBoundary ? identity.allows : [],
                          nearMisses: misses, missing: [], deniedByBoundary: byBoundary)
        case .unknown:
            let misses = identity.misses + (bounds?.misses ?? [])
            let unknownStatements = misses.filter { $0.unknownBecause != nil }
            let missing = identity.missing + (bounds?.missing ?? [])
                + unknownStatements.map { "\($0.policy), \($0.statement): \($0.unknownBecause ?? "")" }
            var result = Result(decision: .undetermined, deciding: identity.allows + denies,
                                nearMisses: misses, missing: missing, deniedByBoundary: false)
            result.dependsOnExponents = !unknownStatements.isEmpty
            return result
        }
    }

    private static func collect(_ source: Source, _ request: Request, _ exponents: ConditionEvaluator.ExponentReading,
                                into verdict: inout Verdict) {
        for (index, statement) in source.policy.statements.enumerated() {
            let matched = source.actionPatterns[index].contains { $0.matches(request.action) }
            guard matched != statement.actionsNegated else { continue }
            var result = StatementResult(policy: source.name, statement: statement.label, effect: statement.effect,
                                         provenance: index < source.provenance.count ? source.provenance[index] : nil)
            let applies = applicability(of: statement, request, exponents)
            result.failure = applies.failure
            result.unknownBecause = applies.unknownBecause
            switch (applies.holds, statement.effect) {
            case (.yes, .deny): verdict.denies.append(result); verdict.deny = .yes
            case (.yes, .allow): verdict.allows.append(result); verdict.allow = .yes
            case (.unknown, .deny): verdict.misses.append(result); verdict.deny = verdict.deny || .unknown
            case (.unknown, .allow): verdict.misses.append(result); verdict.allow = verdict.allow || .unknown
            case (.no, _): verdict.misses.append(result)
            }
        }
    }

    /// Whether the statement applies to the request; when not, why not; when unknown, why.
    static func applicability(of statement: IAMStatement, _ request: Request,
                              _ exponents: ConditionEvaluator.ExponentReading = .open)
        -> (holds: Tristate, failure: String?, unknownBecause: String?) {
        if statement.hasResourceElement {
            if let resource = request.resource {
                let listed = statement.resources.contains { pattern in
                    let substituted = request.context.substitutingVariables(in: pattern)
                    return substituted.map { WildcardPattern($0).matches(resource) } ?? false
                }
                if listed == statement.resourcesNegated {
                    let why = statement.resourcesNegated ? "NotResource excludes the resource"
                        : "the resource is not in its Resource list"
                    return (.no, why, nil)
                }
            } else if statement.resourcesNegated ? statement.resources.contains("*") : statement.resources.isEmpty {
                // No resource given means "some resource": only a statement that names none fails.
                return (.no, "it applies to no resource", nil)
            }
        }
        var failed: [String] = []
        var unknown: [String] = []
        for clause in statement.conditions {
            let outcome = ConditionEvaluator.outcome(of: clause, context: request.context, exponents: exponents)
            switch outcome.holds {
            case .yes: continue
            case .no:
                let values = request.context.values(for: clause.key).map { "is " + $0.joined(separator: ", ") }
                    ?? "is not in the request"
                failed.append("\(clause.operatorText) \(clause.key) [\(clause.values.joined(separator: ", "))] does not hold "
                              + "(\(clause.key) \(values))")
            case .unknown:
                unknown.append(outcome.unknownBecause ?? "\(clause.operatorText) \(clause.key) cannot be decided")
            }
        }
        if !failed.isEmpty { return (.no, "condition " + failed.joined(separator: "; "), nil) }
        if !unknown.isEmpty { return (.unknown, nil, unknown.joined(separator: "; ")) }
        return (.yes, nil, nil)
    }
}
