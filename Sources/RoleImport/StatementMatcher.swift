import RoleEngine

/// Maps a statement a role holds to the catalog activity that grants its actions, and reads
/// the activity's parameters back out of its resources and the VPC/KMS settings out of its
/// conditions. Everything it knows comes from the catalog: the activities' statements (actions,
/// resource templates, Sids) and the condition blocks' keys. It compares actions, not whole
/// statements, because Role Manager's 2023 templates are older versions of today's activities
/// (broader resources, fewer statements) and must still be recognised.
struct StatementMatcher {
    struct Template {
        var activity: String
        var actions: [String]
        var patterns: [ResourcePattern]
    }

    /// What one statement was mapped to.
    struct Attribution {
        var activity: String
        /// List placeholder (`param:passRoles`, `subnets`, `volumeKeys`, …) → values, in order.
        var values: [(placeholder: String, value: String)] = []
        /// Resources explained by the activity: a template's shape, or a wildcard-only resource.
        var accounted: Set<String> = []
        /// Values found in a template's place that the parameter's rules refuse, with why.
        var refused: [String] = []
    }

    let catalog: Catalog
    let templates: [Template]
    let activityBySid: [String: String]
    /// Condition key (lowercased) → the list placeholder its values fill, from the catalog.
    let conditionPlaceholders: [String: String]
    let order: [String: Int]

    init(catalog: Catalog) {
        self.catalog = catalog
        var templates: [Template] = []
        var bySid: [String: String] = [:]
        var keys: [String: String] = [:]
        func collect(_ condition: ConditionTemplate?) {
            for clause in condition?.clauses ?? [] {
                for entry in clause.entries {
                    for value in entry.value.values {
                        let pattern = ResourcePattern(value)
                        if pattern.pieces.count == 1, let name = pattern.listPlaceholders.first {
                            keys[entry.key.lowercased()] = name
                        }
                    }
                }
            }
        }
        for block in catalog.conditionBlocks.values { collect(block.condition) }
        for activity in catalog.activities {
            for statement in activity.statements {
                templates.append(Template(activity: activity.id, actions: statement.actions,
                                          patterns: statement.resources.map(ResourcePattern.init)))
                bySid[statement.sid] = activity.id
                collect(statement.condition)
            }
        }
        self.templates = templates
        activityBySid = bySid
        conditionPlaceholders = keys
        order = Dictionary(uniqueKeysWithValues: catalog.activities.enumerated().map { ($1.id, $0) })
    }

    /// How many of the statement's actions an activity grants (in any of its statements).
    func overlap(_ actions: [String], _ activity: String) -> Int {
        actions.filter { action in
            templates.contains { $0.activity == activity && $0.actions.contains { Glob.actionsOverlap(action, $0) } }
        }.count
    }

    /// The activity a statement belongs to: its catalog Sid, else the policy's activity (from
    /// its name) when that grants any of the actions, else the activity granting the most of
    /// them (ties go to `preferred`, then catalog order). Nil when no activity grants any, or
    /// when the policy's name says its activity (`hint`) and that activity does not grant them
    /// (Studio's 2023 PassRole is not a reason to add Manage ML Jobs to a role).
    func attribute(_ statement: ImportedStatement, hint: String?, preferred: [String]) -> Attribution? {
        let activity: String
        if let sid = statement.sid, let owner = activityBySid[sid], overlap(statement.actions, owner) > 0 {
            activity = owner
        } else if let hint {
            guard overlap(statement.actions, hint) > 0 else { return nil }
            activity = hint
        } else {
            let scored = catalog.activities.map { ($0.id, overlap(statement.actions, $0.id)) }.filter { $0.1 > 0 }
            guard let best = scored.max(by: { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                let pa = preferred.firstIndex(of: a.0) ?? Int.max, pb = preferred.firstIndex(of: b.0) ?? Int.max
                if pa != pb { return pa > pb }
                return order[a.0]! > order[b.0]!
            }) else { return nil }
            activity = best.0
        }
        var result = Attribution(activity: activity)
        extract(statement, into: &result)
        return result
    }

    private func extract(_ statement: ImportedStatement, into result: inout Attribution) {
        let own = templates.filter { $0.activity == result.activity }
        // Templates granting the statement's actions first: a bucket ARN under kms:Decrypt is
        // not a data key, and a key under kms:CreateGrant is a volume key, not a data key.
        let ranked = own.filter { t in statement.actions.contains { a in t.actions.contains { Glob.actionsOverlap(a, $0) } } }
            + own.filter { t in !statement.actions.contains { a in t.actions.contains { Glob.actionsOverlap(a, $0) } } }
        let definition = catalog.activity(result.activity)
        for resource in statement.resources {
            var matched = false
            search: for template in ranked {
                for pattern in template.patterns {
                    guard let bound = pattern.match(resource) else { continue }
                    var found: [(String, String)] = []
                    var problems: [String] = []
                    for name in pattern.listPlaceholders {
                        guard let value = bound[name] else { continue }
                        if let problem = Self.check(value, placeholder: name, activity: definition) {
                            problems.append(problem)
                        } else {
                            found.append((name, value))
                        }
                    }
                    if !problems.isEmpty { result.refused += problems; continue }
                    result.values += found
                    matched = true
                    break search
                }
            }
            if matched || Self.isWildcardOnly(resource) { result.accounted.insert(resource) }
        }
        // Null and Bool conditions hold "true"/"false", never an id of the role.
        for (op, entries) in statement.condition where op != "Null" && op != "Bool" {
            for (key, values) in entries {
                guard let name = conditionPlaceholders[key.lowercased()] else { continue }
                for value in values {
                    if let problem = Self.check(value, placeholder: name, activity: definition) {
                        result.refused.append(problem)
                    } else {
                        result.values.append((name, value))
                    }
                }
            }
        }
    }

    /// Nil when `value` may fill the placeholder; else why not. Keys may still be bare ids
    /// here (the construct's output): the importer turns them into ARNs.
    static func check(_ value: String, placeholder: String, activity: ActivityDefinition?) -> String? {
        switch placeholder {
        case "subnets": return IAMRules.subnet(value)
        case "securityGroups": return IAMRules.securityGroup(value)
        case "volumeKeys", "dataKeys":
            return KeyReference.isKeyId(value) || IAMRules.kmsKeyArn(value) == nil ? nil : IAMRules.kmsKeyArn(value)
        default:
            guard placeholder.hasPrefix("param:"), let parameter = activity?.parameter(String(placeholder.dropFirst(6)))
            else { return "\(VisibleText.quoted(value)) fills no parameter of \(activity?.id ?? "the activity")" }
            return IAMRules.check(value, as: parameter.kind)
        }
    }

    /// `*`, or an ARN whose resource part is only wildcards (`arn:aws:sagemaker:*:*:*/*`): a
    /// broad grant that today's narrower statements replace, with nothing of the role in it.
    static func isWildcardOnly(_ resource: String) -> Bool {
        if resource == "*" { return true }
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return false }
        return parts[5].allSatisfy { $0 == "*" || $0 == "/" }
    }
}

/// KMS keys as the construct wrote them (bare ids) and as IAM needs them (ARNs).
enum KeyReference {
    static func isKeyId(_ value: String) -> Bool {
        let hex = value.hasPrefix("mrk-") ? value.dropFirst(4) : Substring(value)
        if value.hasPrefix("mrk-") { return hex.count == 32 && hex.allSatisfy(\.isHexDigit) }
        let groups = value.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
