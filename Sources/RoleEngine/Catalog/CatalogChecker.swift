/// Checks the rules that keep a catalog usable: unique ids and Sids, known references,
/// placeholders that exist, settings the activity declares it honours.
enum CatalogChecker {
    nonisolated(unsafe) static let idPattern = #/^[a-z0-9][a-z0-9-]{0,39}$/#
    nonisolated(unsafe) static let sidPattern = #/^[A-Za-z0-9]{1,100}$/#
    nonisolated(unsafe) static let actionPattern = #/^[a-z0-9-]+:[A-Za-z0-9*?]+$/#
    nonisolated(unsafe) static let placeholderPattern = #/\{\{([A-Za-z0-9:]+)\}\}/#
    static let fixedPlaceholders: Set<String> = [
        "partition", "region", "account", "subnets", "securityGroups",
        "volumeKeys", "dataKeys",
    ]

    static func problems(in catalog: Catalog) -> [String] {
        var problems: [String] = []
        var seenActivities = Set<String>()
        var seenSids: [String: String] = [:]

        for (name, block) in catalog.conditionBlocks.sorted(by: { $0.key < $1.key }) {
            problems += placeholderProblems(in: block.condition.clauses.flatMap { $0.entries.flatMap { $0.value.values } },
                                            parameters: [], at: "conditionBlocks.\(name)")
        }

        for activity in catalog.activities {
            let at = "activities.\(activity.id)"
            if activity.id.wholeMatch(of: idPattern) == nil {
                problems.append("\(at): id must be 1-40 characters of a-z, 0-9 and '-', starting with a letter or digit")
            }
            if !seenActivities.insert(activity.id).inserted {
                problems.append("\(at): the id is used by more than one activity")
            }
            if activity.statements.isEmpty && (activity.managedPolicies ?? []).isEmpty {
                problems.append("\(at): grants nothing; give it statements or managedPolicies")
            }
            var paramKeys = Set<String>()
            for p in activity.parameters where !paramKeys.insert(p.key).inserted {
                problems.append("\(at).parameters: '\(p.key)' is declared twice")
            }
            for statement in activity.statements {
                let sat = "\(at).statements.\(statement.sid)"
                if statement.sid.wholeMatch(of: sidPattern) == nil {
                    problems.append("\(sat): sid must be 1-100 letters and digits")
                }
                if let other = seenSids.updateValue(activity.id, forKey: statement.sid) {
                    problems.append("\(sat): sid is also used by activity \(other); sids must be unique across the catalog")
                }
                if statement.actions.isEmpty { problems.append("\(sat): has no actions") }
                for action in statement.actions where action.wholeMatch(of: actionPattern) == nil {
                    problems.append("\(sat): '\(action)' is not an IAM action of the form service:Action")
                }
                if statement.resources.isEmpty { problems.append("\(sat): has no resources") }
                if let when = statement.when, !activity.honours(when) {
                    problems.append("\(sat): included when '\(when.rawValue)' is set, but the activity does not declare \(when.rawValue): true")
                }
                for gate in statement.gates ?? [] {
                    guard let block = catalog.conditionBlocks[gate] else {
                        problems.append("\(sat): gate '\(gate)' is not a condition block of the catalog")
                        continue
                    }
                    if !activity.honours(block.requires) {
                        problems.append("\(sat): gate '\(gate)' needs \(block.requires.rawValue): true on the activity")
                    }
                }
                let texts = statement.resources + (statement.condition?.clauses.flatMap { $0.entries.flatMap { $0.value.values } } ?? [])
                problems += placeholderProblems(in: texts, parameters: paramKeys, at: sat)
            }
            for arn in activity.managedPolicies ?? [] {
                problems += placeholderProblems(in: [arn], parameters: [], at: "\(at).managedPolicies")
            }
        }

        var seenPersonas = Set<String>()
        for persona in catalog.personas {
            let at = "personas.\(persona.id)"
            if persona.id.wholeMatch(of: idPattern) == nil {
                problems.append("\(at): id must be 1-40 characters of a-z, 0-9 and '-'")
            }
            if !seenPersonas.insert(persona.id).inserted {
                problems.append("\(at): the id is used by more than one persona")
            }
            for id in persona.activities where !seenActivities.contains(id) {
                problems.append("\(at): activity '\(id)' is not in the catalog")
            }
        }
        return problems
    }

    private static func placeholderProblems(in texts: [String], parameters: Set<String>, at: String) -> [String] {
        var problems: [String] = []
        for text in texts {
            var multi = 0
            for match in text.matches(of: placeholderPattern) {
                let name = String(match.1)
                if name.hasPrefix("param:") {
                    multi += 1
                    let key = String(name.dropFirst("param:".count))
                    if !parameters.contains(key) {
                        problems.append("\(at): '\(text)' refers to parameter '\(key)', which the activity does not declare")
                    }
                } else if !fixedPlaceholders.contains(name) {
                    problems.append("\(at): '\(text)' uses unknown placeholder {{\(name)}}")
                } else if !["partition", "region", "account"].contains(name) {
                    multi += 1
                }
            }
            if text.replacing(placeholderPattern, with: "").contains("{{") {
                problems.append("\(at): '\(text)' has a '{{' that is not a placeholder; placeholders are {{name}} or {{param:key}}")
            }
            if multi > 1 {
                problems.append("\(at): '\(text)' has more than one list placeholder")
            }
        }
        return problems
    }
}

extension ActivityDefinition {
    public func honours(_ setting: RoleSetting) -> Bool {
        switch setting {
        case .network: return network
        case .encryption: return encryption
        }
    }
}
