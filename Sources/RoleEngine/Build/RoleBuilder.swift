/// Turns a `RoleSpec` into a `RolePlan`: the one place where policy is computed.
public struct RoleBuilder {
    public struct Options: Equatable, Sendable {
        /// IAM's managed-policies-per-role quota: 10 by default, raisable to 20.
        public var maxManagedPolicies: Int
        /// Accept a well-formed region that `KnownRegions` does not list.
        public var allowUnknownRegion: Bool
        public init(maxManagedPolicies: Int = 10, allowUnknownRegion: Bool = false) {
            self.maxManagedPolicies = maxManagedPolicies
            self.allowUnknownRegion = allowUnknownRegion
        }
        public static let quotaRange = 10...20
    }

    public static let trustPolicyLimit = 2048
    public static let servicePrincipal = "sagemaker.amazonaws.com"

    public let catalog: Catalog
    public let options: Options

    public init(catalog: Catalog, options: Options = Options()) {
        self.catalog = catalog
        self.options = options
    }

    /// Validates `spec` and builds its plan. Throws `RoleSpecError` (every problem with the
    /// input) or `QuotaError` (valid input that cannot fit IAM's quotas).
    public func build(_ spec: RoleSpec) throws -> RolePlan {
        var issues = RoleSpecValidator(catalog: catalog, allowUnknownRegion: options.allowUnknownRegion).issues(in: spec)
        if !Options.quotaRange.contains(options.maxManagedPolicies) {
            issues.append(ValidationIssue(path: "--max-managed-policies",
                                          message: "\(options.maxManagedPolicies) is out of range; allowed: 10 (IAM's default) to 20 (the highest quota AWS grants)"))
        }
        if !issues.isEmpty { throw RoleSpecError(issues: issues) }

        let partition = IAMRules.partition(forRegion: spec.region)
        let rolePath = spec.role.path ?? RoleSpec.defaultPath
        var warnings: [String] = []
        var units: [PolicyPacker.Unit] = []
        var activityAttachments: [String] = []
        var normalized = spec
        normalized.activities = []

        let selections = spec.effectiveActivities(in: catalog)
        for selection in selections {
            let activity = catalog.activity(selection.id)!
            var parameters = selection.parameters
            for p in activity.parameters where (parameters[p.key] ?? []).isEmpty {
                if let defaults = p.default, !defaults.isEmpty { parameters[p.key] = defaults } else { parameters[p.key] = nil }
            }
            normalized.activities!.append(ActivitySelection(id: activity.id, parameters: parameters))
            let expander = TemplateExpander(spec: spec, activity: activity, parameters: parameters)
            let statements = expandStatements(of: activity, spec: spec, expander: expander)
            if !statements.isEmpty {
                units.append(PolicyPacker.Unit(activity: activity.id, title: activity.title, statements: statements))
            }
            var ignored = Set<String>()
            activityAttachments += (activity.managedPolicies ?? []).flatMap { expander.expand($0, used: &ignored) }
        }

        var attachments = unique(activityAttachments)
        for arn in spec.managedPolicies {
            if attachments.contains(arn) {
                warnings.append("managedPolicies: \(arn) is already attached by an activity; it is attached once.")
            } else {
                attachments.append(arn)
            }
        }

        warnings += settingWarnings(spec: spec, selections: selections)
        let trust = trustPolicy(spec: spec, partition: partition)
        if trust.size > Self.trustPolicyLimit { throw QuotaError.trustPolicyTooLarge(size: trust.size) }
        if spec.account == nil || spec.region == nil {
            warnings.append("account and region are not both set: the trust policy cannot name the source account and ARN (confused-deputy protection), and region- or account-scoped resources use '*'. Set both, or let `smrole apply` fill in the account.")
        }

        let policyPath = IAMRules.isPolicyPath(rolePath) ? rolePath : "/"
        let packer = PolicyPacker(roleName: spec.role.name, policyPath: policyPath)
        let budget = options.maxManagedPolicies - attachments.count
        let policies = try packer.pack(units, budget: max(budget, 0), fixedAttachments: attachments,
                                       quota: options.maxManagedPolicies)
        if attachments.count > options.maxManagedPolicies {
            throw QuotaError.tooManyPolicies(needed: attachments.count + policies.count, quota: options.maxManagedPolicies,
                                             managedPolicies: attachments, activities: [])
        }
        if policies.contains(where: { $0.activities.count > 1 }) {
            warnings.append("To stay within \(options.maxManagedPolicies) managed policies per role, activities were merged into shared policies (see each policy's activities).")
        }

        return RolePlan(
            roleName: spec.role.name, path: rolePath, description: spec.role.description,
            maxSessionDuration: spec.role.maxSessionDuration ?? 3600,
            permissionsBoundary: spec.role.permissionsBoundary, tags: spec.tags,
            account: spec.account, region: spec.region, partition: partition,
            trustPolicy: trust, policies: policies, managedPolicyArns: attachments,
            managedPolicyQuota: options.maxManagedPolicies, warnings: warnings, normalizedSpec: normalized)
    }

    /// The statements of one activity with placeholders filled, conditional statements
    /// included only when their setting is present, and gates merged into conditions.
    func expandStatements(of activity: ActivityDefinition, spec: RoleSpec, expander: TemplateExpander) -> [PolicyStatement] {
        func active(_ setting: RoleSetting) -> Bool {
            guard activity.honours(setting) else { return false }
            switch setting {
            case .network: return spec.network != nil
            case .encryption: return spec.encryption != nil
            }
        }
        return activity.statements.compactMap { template in
            if let when = template.when, !active(when) { return nil }
            var used = Set<String>()
            let resources = unique(template.resources.flatMap { expander.expand($0, used: &used) })
            if resources.isEmpty { return nil }
            var condition = template.condition ?? PolicyCondition()
            var why = template.why
            for gate in template.gates ?? [] {
                guard let block = catalog.conditionBlocks[gate], active(block.requires) else { continue }
                condition = condition.merged(with: block.condition)
                why += " " + block.why
            }
            condition = expander.expand(condition, used: &used)
            return PolicyStatement(
                sid: template.sid, actions: template.actions, resources: resources, condition: condition,
                provenance: Provenance(activity: activity.id, parameters: used.sorted(), why: why))
        }
    }

    /// sagemaker.amazonaws.com may assume the role; with the account (and region) known,
    /// only on behalf of that account's SageMaker resources, as the console does.
    func trustPolicy(spec: RoleSpec, partition: String) -> PolicyDocument {
        var condition = PolicyCondition()
        if let account = spec.account {
            condition.clauses.append(.init(op: "StringEquals", entries: [.init(key: "aws:SourceAccount", value: .single(account))]))
            if let region = spec.region {
                condition.clauses.append(.init(op: "ArnLike", entries: [
                    .init(key: "aws:SourceArn", value: .single("arn:\(partition):sagemaker:\(region):\(account):*")),
                ]))
            }
        }
        let statement = PolicyStatement(
            sid: "SageMakerAssumeRole", principalService: Self.servicePrincipal, actions: ["sts:AssumeRole"],
            resources: [], condition: condition,
            provenance: Provenance(activity: nil, parameters: ["account", "region"].filter { _ in !condition.isEmpty },
                                   why: "Lets SageMaker assume the role for this account's jobs, apps and endpoints."))
        return PolicyDocument(statements: [statement])
    }

    private func settingWarnings(spec: RoleSpec, selections: [ActivitySelection]) -> [String] {
        let chosen = selections.compactMap { catalog.activity($0.id) }
        var warnings: [String] = []
        if spec.network != nil && !chosen.contains(where: \.network) {
            warnings.append("network: none of the selected activities uses VPC settings (those that do: \(catalog.activities.filter(\.network).map(\.title).joined(separator: ", "))); the subnets and security groups have no effect.")
        }
        if spec.encryption != nil && !chosen.contains(where: \.encryption) {
            warnings.append("encryption: none of the selected activities uses KMS settings (those that do: \(catalog.activities.filter(\.encryption).map(\.title).joined(separator: ", "))); the keys have no effect.")
        }
        let ids = Set(selections.map(\.id))
        if ids.contains("s3-full-access") && ids.contains("s3-bucket-access") {
            warnings.append("activities: S3 Full Access already covers every bucket, so S3 Bucket Access adds nothing; prefer S3 Bucket Access alone for least privilege.")
        }
        return warnings
    }
}
