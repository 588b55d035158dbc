import RoleEngine

/// The engine's validation of the answers, sorted to the fields that own each problem, so
/// the wizard shows every message beside its field and blocks Next while a step has any.
public struct FieldIssues: Equatable, Sendable {
    public private(set) var byField: [FieldID: [String]] = [:]
    /// Problems no single field owns (e.g. the tag count), per step.
    public private(set) var byStep: [WizardStep: [String]] = [:]

    public init() {}

    public init(answers: WizardAnswers, catalog: Catalog, allowUnknownRegion: Bool = false) {
        let (spec, conversion) = answers.spec()
        var issues = conversion + RoleSpecValidator(catalog: catalog, allowUnknownRegion: allowUnknownRegion).issues(in: spec)
        issues = issues.map { ValidationIssue(path: $0.path, message: ScreenWording.rephrase($0.message)) }
        if answers.persona.isEmpty {
            issues.removeAll { $0.path == "persona" }
            issues.append(ValidationIssue(path: "persona", message: "choose a persona"))
        }
        let personaField = FieldID.persona(answers.persona.isEmpty ? (catalog.personas.first?.id ?? "") : answers.persona)
        for issue in issues {
            if issue.path == "persona" {
                byField[personaField, default: []].append(issue.message)
            } else if let field = Self.tagField(for: issue, answers: answers) ?? Self.field(for: issue.path, answers: answers) {
                byField[field, default: []].append(issue.message)
            } else {
                byStep[Self.step(forPath: issue.path), default: []].append("\(ScreenWording.label(forPath: issue.path)): \(issue.message)")
            }
        }
    }

    public func messages(for field: FieldID) -> [String] { byField[field] ?? [] }

    public func count(in step: WizardStep) -> Int {
        byField.filter { $0.key.step == step }.values.reduce(0) { $0 + $1.count } + (byStep[step]?.count ?? 0)
    }

    /// Every message of a step, field label first, for the status line and plain mode.
    public func all(in step: WizardStep) -> [(field: FieldID?, message: String)] {
        byField.filter { $0.key.step == step }.sorted { $0.key.order < $1.key.order }.flatMap { entry in
            entry.value.map { (Optional(entry.key), $0) }
        } + (byStep[step] ?? []).map { (nil, $0) }
    }

    /// The field an answers-file path belongs to: the longest field path that prefixes it.
    static func field(for path: String, answers: WizardAnswers) -> FieldID? {
        var candidates: [FieldID] = [.roleName, .description, .account, .region, .subnets, .securityGroups, .volumeKeys,
                                     .dataKeys, .path, .maxSession, .boundary, .customPolicyArn]
        for id in answers.activities {
            candidates.append(.activity(id))
            for key in (answers.parameters[id] ?? [:]).keys { candidates.append(.parameter(activity: id, key: key)) }
            if path.hasPrefix("activities.\(id).") {
                let key = String(path.dropFirst("activities.\(id).".count).prefix { $0 != "[" && $0 != "." })
                return .parameter(activity: id, key: key)
            }
        }
        for i in answers.tags.indices { candidates += [.tagKey(i), .tagValue(i)] }
        if path.hasPrefix("managedPolicies") { return .customPolicyArn }
        var best: (FieldID, Int)?
        for field in candidates {
            for prefix in field.issuePaths where path == prefix || path.hasPrefix(prefix + ".") || path.hasPrefix(prefix + "[") {
                if prefix.count > (best?.1 ?? -1) { best = (field, prefix.count) }
            }
        }
        return best?.0
    }

    /// Tag problems come as `tags.<key>`: the row is the last one with that key (a
    /// duplicate is reported on the later row); the value's cell when the problem is the one
    /// the engine's value rule gives for that value, else the key's.
    static func tagField(for issue: ValidationIssue, answers: WizardAnswers) -> FieldID? {
        guard issue.path.hasPrefix("tags.") else { return nil }
        let key = String(issue.path.dropFirst(5))
        guard let row = answers.tags.lastIndex(where: { $0.key.trimmingSpaces == key || $0.key == key }) else { return nil }
        return IAMRules.tagValue(answers.tags[row].value) == issue.message ? .tagValue(row) : .tagKey(row)
    }

    static func step(forPath path: String) -> WizardStep {
        if path.hasPrefix("activities") { return .activities }
        if path.hasPrefix("tags") || path.hasPrefix("managedPolicies") { return .policies }
        return .role
    }
}

extension FieldID {
    public var step: WizardStep {
        switch self {
        case .roleName, .description, .persona, .account, .region, .networkSection, .subnets, .securityGroups,
             .volumeKeys, .dataKeys, .advancedSection, .path, .maxSession, .boundary:
            return .role
        case .activity, .parameter: return .activities
        case .policyFilter, .managedPolicy, .customPolicyArn, .tagKey, .tagValue: return .policies
        case .reviewBody, .reportBody, .saveDirectory, .saveFormat, .onboardDomain, .onboardUsers, .onboardImage: return .review
        case .button: return .review
        }
    }

    /// A stable order for listing messages.
    var order: Int {
        switch self {
        case .roleName: return 0
        case .description: return 1
        case .persona: return 2
        case .account: return 3
        case .region: return 4
        case .subnets: return 5
        case .securityGroups: return 6
        case .volumeKeys: return 7
        case .dataKeys: return 8
        case .path: return 9
        case .maxSession: return 10
        case .boundary: return 11
        case .tagKey(let i), .tagValue(let i): return 100 + i
        default: return 50
        }
    }
}
