import RoleEngine

/// Turns a role IAM holds back into answers that `generate`, the wizard and `apply` accept:
/// the engine run backwards. Policies Role Manager (console or CDK) or smrole made are mapped
/// statement by statement to catalog activities (`StatementMatcher`); other managed policies
/// stay attached as `managedPolicies`. The answers are then built into a plan, and every action
/// and resource of the role is checked against it: what the plan does not grant is reported
/// and returned as a policy document, never dropped silently.
public struct RoleImporter {
    public let catalog: Catalog
    let matcher: StatementMatcher
    let names: PolicyNameRecognizer

    public init(catalog: Catalog) {
        self.catalog = catalog
        matcher = StatementMatcher(catalog: catalog)
        names = PolicyNameRecognizer(catalog: catalog)
    }

    /// A statement of a recognised policy and what it was mapped to.
    struct Mapped {
        var policy: String
        var statement: ImportedStatement
        var attribution: StatementMatcher.Attribution?
        /// Why it cannot map, when known before matching.
        var reason: String?
        /// Whether other activities of the answers may grant it (not for policies nobody known made).
        var mayBeGrantedElsewhere = true
        /// The policy's template is a VPC or KMS variant.
        var variant = ""
    }

    /// `fallbackRegion` (the command's `--region`) is used when neither the role's resources nor
    /// its trust policy name a region.
    public func importRole(_ role: RoleSnapshot, fallbackRegion: String? = nil) throws(ImportError) -> ImportResult {
        guard let arn = ARNParts(role.arn), arn.service == "iam", let account = arn.account else {
            throw ImportError("the role's ARN \(VisibleText.quoted(role.arn)) is not an IAM role ARN")
        }
        let partition = arn.partition
        var warnings: [String] = []
        var reports: [ImportedPolicyReport] = []
        var mapped: [Mapped] = []
        var managedPolicies: [String] = []
        var activityOrder: [String] = []
        var regionVotes: [String: Int] = [:]

        // AWS-managed policies an activity attaches (the Canvas ones) recognise that activity.
        var managedOwners: [String: String] = [:]
        for activity in catalog.activities {
            for template in activity.managedPolicies ?? [] {
                managedOwners[template.replacingOccurrences(of: "{{partition}}", with: partition)] = activity.id
            }
        }

        for policy in role.attachedPolicies {
            let origin = names.origin(of: policy.name, roleName: role.name)
            if let owner = managedOwners[policy.arn] {
                reports.append(.init(name: policy.name, kind: .managed, origin: origin, activities: [owner],
                                     keptAsManagedPolicy: false))
                if !activityOrder.contains(owner) { activityOrder.append(owner) }
                continue
            }
            guard !policy.isAWSManaged, origin != .unknown, let document = policy.document else {
                reports.append(.init(name: policy.name, kind: .managed, origin: origin, activities: [],
                                     keptAsManagedPolicy: true))
                managedPolicies.append(policy.arn)
                continue
            }
            let statements: [ImportedStatement]
            do throws(ImportError) { statements = try PolicyText.statements(document) } catch {
                warnings.append("policy \(policy.name) \(error.message); it stays attached as a managed policy")
                reports.append(.init(name: policy.name, kind: .managed, origin: origin, activities: [],
                                     keptAsManagedPolicy: true))
                managedPolicies.append(policy.arn)
                continue
            }
            let found = map(statements, policy: policy.name, origin: origin, preferred: &activityOrder, into: &mapped)
            reports.append(.init(name: policy.name, kind: .managed, origin: origin, activities: found,
                                 keptAsManagedPolicy: false))
        }
        for policy in role.inlinePolicies {
            let origin = names.origin(of: policy.name, roleName: role.name)
            let statements: [ImportedStatement]
            do throws(ImportError) { statements = try PolicyText.statements(policy.document) } catch {
                throw ImportError("inline policy \(VisibleText.quoted(policy.name)) \(error.message)")
            }
            if origin == .unknown {
                for statement in statements {
                    mapped.append(Mapped(policy: policy.name, statement: statement, attribution: nil,
                                         reason: "an inline policy neither Role Manager nor smrole made; "
                                            + "apply leaves it on the role", mayBeGrantedElsewhere: false))
                }
                reports.append(.init(name: policy.name, kind: .inline, origin: origin, activities: [],
                                     keptAsManagedPolicy: false))
                continue
            }
            let found = map(statements, policy: policy.name, origin: origin, preferred: &activityOrder, into: &mapped)
            reports.append(.init(name: policy.name, kind: .inline, origin: origin, activities: found,
                                 keptAsManagedPolicy: false))
        }

        // Region: from the resources of every mapped statement and the trust policy.
        for item in mapped {
            for resource in item.statement.resources {
                if let parts = ARNParts(resource), let region = parts.region { regionVotes[region, default: 0] += 1 }
            }
        }
        let trust = TrustReading(role.trustPolicy)
        warnings += trust.warnings
        for region in trust.regions { regionVotes[region, default: 0] += 100 }
        var region = regionVotes.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
        if region == nil, let fallbackRegion {
            region = fallbackRegion
            warnings.append("no resource or trust condition names a region: region is \(fallbackRegion), from --region")
        }
        if regionVotes.count > 1 {
            warnings.append("the role's resources name several regions (\(regionVotes.keys.sorted().joined(separator: ", "))); "
                            + "region is set to \(region!), the one the trust policy or most resources name")
        }
        if region == nil {
            warnings.append("no resource or trust condition names a region: region is not set, so region-scoped "
                            + "resources use '*'; add region to the answers")
        }

        // Values of placeholders, role-wide (network, keys) and per activity (parameters).
        var parameters: [String: [String: [String]]] = [:]
        var lists: [String: [String]] = [:]
        for item in mapped {
            guard let attribution = item.attribution else { continue }
            for (placeholder, value) in attribution.values {
                if placeholder.hasPrefix("param:") {
                    let key = String(placeholder.dropFirst(6))
                    var values = parameters[attribution.activity, default: [:]][key, default: []]
                    if !values.contains(value) { values.append(value) }
                    parameters[attribution.activity, default: [:]][key] = values
                } else if !lists[placeholder, default: []].contains(value) {
                    lists[placeholder, default: []].append(value)
                }
            }
            for problem in attribution.refused {
                warnings.append("policy \(item.policy) \(item.statement.label): \(problem); not carried over")
            }
        }
        let network = networkSettings(lists, warnings: &warnings)
        let encryption = encryptionSettings(lists, partition: partition, region: region, account: account,
                                            warnings: &warnings)

        var tags: [RoleTag] = []
        for tag in role.tags {
            if tag.key.lowercased().hasPrefix("aws:") {
                warnings.append("tag \(VisibleText.quoted(tag.key)) is AWS's own (aws: prefix); not carried over")
            } else {
                tags.append(RoleTag(key: tag.key, value: tag.value))
            }
        }
        if role.description == nil && role.maxSessionDuration == nil {
            warnings.append("the source does not hold the role's description and maximum session length "
                            + "(authorization details omit them): the answers have none, so apply --update would "
                            + "clear a description and reset the session to 3600 s; add them if the role has them")
        }

        var spec = RoleSpec(
            role: RoleSettings(name: role.name, path: role.path, description: role.description,
                               maxSessionDuration: role.maxSessionDuration == 3600 ? nil : role.maxSessionDuration,
                               permissionsBoundary: role.permissionsBoundary),
            persona: "custom", account: account, region: region, network: network, encryption: encryption,
            activities: [], managedPolicies: managedPolicies, tags: tags)
        var chosen = activityOrder
        var dropped: [String: String] = [:]
        let plan = try buildDroppingInvalid(&spec, chosen: &chosen, parameters: parameters, dropped: &dropped,
                                            warnings: &warnings)

        var unmapped: [UnmappedStatement] = []
        for item in mapped {
            unmapped += leftovers(of: item, plan: plan, dropped: dropped)
            if let attribution = item.attribution, dropped[attribution.activity] == nil {
                warnings += gateWarnings(item, spec: spec)
            }
            if item.variant.contains("_VPC") && spec.network == nil {
                warnings.append("policy \(item.policy) is Role Manager's VPC variant, but the role names no subnets and "
                                + "security groups that the answers could carry: add network to the answers")
            }
            if item.variant.contains("_KMS") && spec.encryption == nil {
                warnings.append("policy \(item.policy) is Role Manager's KMS variant, but no KMS keys could be carried "
                                + "over: add encryption to the answers")
            }
        }
        return ImportResult(spec: spec, policies: reports, unmapped: unmapped, warnings: unique(warnings))
    }

    /// Maps one recognised policy's statements; returns the activities they went to.
    private func map(_ statements: [ImportedStatement], policy: String, origin: PolicyOrigin,
                     preferred: inout [String], into mapped: inout [Mapped]) -> [String] {
        var found: [String] = []
        for statement in statements {
            if let reason = statement.unsupportedReason {
                mapped.append(Mapped(policy: policy, statement: statement, attribution: nil,
                                     reason: "\(reason): no activity writes such a statement", mayBeGrantedElsewhere: false))
                continue
            }
            let attribution = matcher.attribute(statement, hint: origin.activity, preferred: preferred)
            if let activity = attribution?.activity {
                if !found.contains(activity) { found.append(activity) }
                if !preferred.contains(activity) { preferred.append(activity) }
            }
            let reason = attribution != nil ? nil : origin.activity.map { "today's \($0) does not grant these actions" }
                ?? "no activity grants these actions"
            var item = Mapped(policy: policy, statement: statement, attribution: attribution, reason: reason)
            if case .roleManagerConsole(_, let variant, _) = origin { item.variant = variant }
            if case .cdkConstruct(_, let variant, _, _) = origin { item.variant = variant }
            mapped.append(item)
        }
        return found
    }

    /// Builds the answers into a plan; an activity the engine refuses (a required parameter
    /// that the role's policies do not hold) is left out, and its statements become unmapped.
    private func buildDroppingInvalid(_ spec: inout RoleSpec, chosen: inout [String],
                                      parameters: [String: [String: [String]]], dropped: inout [String: String],
                                      warnings: inout [String]) throws(ImportError) -> RolePlan {
        let builder = RoleBuilder(catalog: catalog, options: .init(maxManagedPolicies: RoleBuilder.Options.quotaRange.upperBound))
        for _ in 0..<8 {
            let ids = Set(chosen)
            let persona = catalog.personas.first { !$0.activities.isEmpty && Set($0.activities) == ids }
            let ordered = persona?.activities ?? catalog.activities.map(\.id).filter(ids.contains)
            spec.persona = persona?.id ?? "custom"
            spec.activities = ordered.map { ActivitySelection(id: $0, parameters: parameters[$0] ?? [:]) }
            do {
                return try builder.build(spec)
            } catch let error as RoleSpecError {
                var changed = false
                for issue in error.issues {
                    if issue.path.hasPrefix("activities.") {
                        let id = String(issue.path.dropFirst(11).prefix { $0 != "." && $0 != "[" })
                        if chosen.contains(id) {
                            chosen.removeAll { $0 == id }
                            dropped[id] = issue.message
                            warnings.append("\(id) is left out: \(issue.message)")
                            changed = true
                        }
                    } else if issue.path.hasPrefix("network") && spec.network != nil {
                        spec.network = nil
                        warnings.append("network is left out: \(issue.message)")
                        changed = true
                    } else if issue.path.hasPrefix("encryption") && spec.encryption != nil {
                        spec.encryption = nil
                        warnings.append("encryption is left out: \(issue.message)")
                        changed = true
                    } else if issue.path.hasPrefix("tags") && !spec.tags.isEmpty {
                        spec.tags = []
                        warnings.append("tags are left out: \(issue.message)")
                        changed = true
                    }
                }
                if !changed { throw ImportError("the role cannot be expressed as answers:\n" + error.description) }
            } catch {
                throw ImportError("the role cannot be expressed as answers: \(error)")
            }
        }
        throw ImportError("the role cannot be expressed as answers: too many activities had to be left out")
    }

    /// The parts of a statement the plan does not grant: actions today's activity lacks, and
    /// resources it was not read into (unless another statement of the plan grants them).
    private func leftovers(of item: Mapped, plan: RolePlan, dropped: [String: String]) -> [UnmappedStatement] {
        let statement = item.statement
        let planned = plan.policies.flatMap(\.document.statements)
        func grantedElsewhere(_ action: String, _ resource: String) -> Bool {
            planned.contains { p in
                p.actions.contains { Glob.matches($0, action, caseInsensitive: true) }
                    && p.resources.contains { Glob.matches($0, resource) }
            }
        }
        let resources = statement.resources.isEmpty ? ["*"] : statement.resources
        guard let attribution = item.attribution, dropped[attribution.activity] == nil else {
            let reason = item.attribution.map { "\($0.activity) was left out: \(dropped[$0.activity] ?? "")" }
                ?? item.reason ?? "no activity grants these actions"
            // Studio's 2023 PassRole of the compute role is granted by Manage ML Jobs' PassRole.
            let missing = item.mayBeGrantedElsewhere && item.attribution == nil
                ? statement.actions.filter { a in !resources.allSatisfy { grantedElsewhere(a, $0) } } : statement.actions
            if missing.isEmpty { return [] }
            return [unmappedStatement(item, actions: missing, resources: statement.resources, reason: reason)]
        }
        let own = planned.filter { $0.provenance.activity == attribution.activity }
        var missingActions: [String] = []
        for action in statement.actions where !own.contains(where: { $0.actions.contains { Glob.actionsOverlap(action, $0) } }) {
            if !resources.allSatisfy({ grantedElsewhere(action, $0) }) { missingActions.append(action) }
        }
        let kept = statement.actions.filter { !missingActions.contains($0) }
        let strayResources = resources.filter { r in
            !attribution.accounted.contains(r) && !kept.allSatisfy { grantedElsewhere($0, r) }
        }
        var out: [UnmappedStatement] = []
        if !missingActions.isEmpty {
            out.append(unmappedStatement(item, actions: missingActions, resources: statement.resources,
                                         reason: "today's \(attribution.activity) does not grant these actions"))
        }
        if !strayResources.isEmpty && !kept.isEmpty {
            out.append(unmappedStatement(item, actions: kept, resources: strayResources,
                                         reason: "these resources fill no parameter of \(attribution.activity)"))
        }
        return out
    }

    private func unmappedStatement(_ item: Mapped, actions: [String], resources: [String],
                                   reason: String) -> UnmappedStatement {
        var members = item.statement.original
        if actions != item.statement.actions { members["Action"] = JSONValue.compactList(actions) }
        if resources != item.statement.resources && !resources.isEmpty {
            members["Resource"] = JSONValue.compactList(resources)
        }
        return UnmappedStatement(policy: item.policy, label: item.statement.label, actions: actions,
                                 resources: resources, reason: reason, statement: members)
    }

    /// A gate the role had (VPC ids, KMS keys in a condition) that the answers do not carry
    /// makes the new statement broader: said out loud.
    private func gateWarnings(_ item: Mapped, spec: RoleSpec) -> [String] {
        var out: [String] = []
        for (_, entries) in item.statement.condition {
            for key in entries.keys {
                guard let placeholder = matcher.conditionPlaceholders[key.lowercased()] else { continue }
                let missing = (placeholder == "subnets" || placeholder == "securityGroups") ? spec.network == nil
                    : (placeholder == "volumeKeys" || placeholder == "dataKeys") ? spec.encryption == nil : false
                if missing {
                    out.append("policy \(item.policy) \(item.statement.label) is gated on \(key), but the answers carry "
                               + "no \(placeholder.hasPrefix("v") || placeholder.hasPrefix("d") ? "encryption" : "network") "
                               + "settings: the generated statement is not gated; add them to the answers")
                }
            }
        }
        return out
    }

    private func networkSettings(_ lists: [String: [String]], warnings: inout [String]) -> NetworkSettings? {
        let subnets = lists["subnets"] ?? [], groups = lists["securityGroups"] ?? []
        if !subnets.isEmpty && !groups.isEmpty { return NetworkSettings(subnets: subnets, securityGroups: groups) }
        if !subnets.isEmpty || !groups.isEmpty {
            warnings.append("the role names \(subnets.isEmpty ? "security groups but no subnets" : "subnets but no security groups"); "
                            + "network settings need both, so none are carried over")
        }
        return nil
    }

    private func encryptionSettings(_ lists: [String: [String]], partition: String, region: String?, account: String,
                                    warnings: inout [String]) -> EncryptionSettings? {
        func arns(_ values: [String]) -> [String]? {
            var out: [String] = []
            for value in values {
                if !KeyReference.isKeyId(value) { out.append(value); continue }
                guard let region else {
                    warnings.append("KMS key \(VisibleText.quoted(value)) is a bare key id and no region is known to make "
                                    + "it an ARN; encryption settings are not carried over")
                    return nil
                }
                let arn = "arn:\(partition):kms:\(region):\(account):key/\(value)"
                warnings.append("KMS key \(VisibleText.quoted(value)) is a bare key id (as the CDK construct writes "
                                + "them); it is taken as \(arn), a key of the role's account and region: check it")
                out.append(arn)
            }
            return unique(out)
        }
        guard var volume = arns(lists["volumeKeys"] ?? []), var data = arns(lists["dataKeys"] ?? []) else { return nil }
        if volume.isEmpty && data.isEmpty { return nil }
        if volume.isEmpty {
            warnings.append("the role names data keys but no volume keys; encryption.volumeKeys is set to the data keys")
            volume = data
        } else if data.isEmpty {
            warnings.append("the role names volume keys but no data keys; encryption.dataKeys is set to the volume keys")
            data = volume
        }
        return EncryptionSettings(volumeKeys: volume, dataKeys: data)
    }
}

/// The fields of an ARN: `arn:partition:service:region:account:resource`.
struct ARNParts {
    var partition: String
    var service: String
    var region: String?
    var account: String?

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        let r = String(parts[3]), a = String(parts[4])
        region = r.isEmpty || r.contains("*") || r.contains("$") ? nil : r
        account = a.count == 12 && a.allSatisfy(\.isNumber) ? a : nil
    }
}

/// What the trust policy tells: the region of `aws:SourceArn`, and anything generate would
/// not write again (other principals or actions).
struct TrustReading {
    var regions: [String] = []
    var warnings: [String] = []

    init(_ text: String) {
        guard let statements = try? PolicyText.statements(text) else {
            warnings.append("the trust policy is not a JSON policy document; generate writes its own")
            return
        }
        var others: [String] = []
        for statement in statements {
            for (_, entries) in statement.condition {
                for (key, values) in entries where key.lowercased() == "aws:sourcearn" {
                    regions += values.compactMap { ARNParts($0)?.region }
                }
            }
            let principal = statement.original["Principal"]
            let services: [String]
            if case .object(let p)? = principal, case let s? = p["Service"] {
                switch s {
                case .string(let v): services = [v]
                case .array(let vs): services = vs.compactMap { if case .string(let v) = $0 { return v }; return nil }
                default: services = []
                }
                if p.count > 1 { others.append("principals other than services") }
            } else {
                services = []
                others.append("a principal that is not a service")
            }
            others += services.filter { $0 != RoleBuilder.servicePrincipal }.map { "the service \($0)" }
            others += statement.actions.filter { $0 != "sts:AssumeRole" }.map { "the action \($0)" }
        }
        if !others.isEmpty {
            warnings.append("the trust policy also allows \(unique(others).joined(separator: ", ")); generate writes "
                            + "its own trust policy (\(RoleBuilder.servicePrincipal) only), so apply --update would remove them")
        }
    }
}

func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
