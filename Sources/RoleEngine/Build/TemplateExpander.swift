/// Fills the placeholders of catalog statements with the values of one role.
struct TemplateExpander {
    let partition: String
    let region: String
    let account: String
    let lists: [String: [String]]
    /// Placeholder name → the answers-file path it stands for (for provenance).
    let sources: [String: String]

    nonisolated(unsafe) static let placeholder = #/\{\{([A-Za-z0-9:]+)\}\}/#

    init(spec: RoleSpec, activity: ActivityDefinition, parameters: [String: [String]]) {
        partition = IAMRules.partition(forRegion: spec.region)
        region = spec.region ?? "*"
        account = spec.account ?? "*"
        var lists: [String: [String]] = [:]
        var sources: [String: String] = [:]
        if let network = spec.network, activity.network {
            lists["subnets"] = network.subnets
            lists["securityGroups"] = network.securityGroups
            sources["subnets"] = "network.subnets"
            sources["securityGroups"] = "network.securityGroups"
        }
        if let encryption = spec.encryption, activity.encryption {
            lists["volumeKeys"] = encryption.volumeKeys
            lists["dataKeys"] = encryption.dataKeys
            sources["volumeKeys"] = "encryption.volumeKeys"
            sources["dataKeys"] = "encryption.dataKeys"
        }
        for (key, values) in parameters {
            lists["param:\(key)"] = values
            sources["param:\(key)"] = "activities.\(activity.id).\(key)"
        }
        self.lists = lists
        self.sources = sources
    }

    /// One text becomes as many strings as its list placeholder has values (none when empty).
    func expand(_ text: String, used: inout Set<String>) -> [String] {
        var results = [""]
        var rest = Substring(text)
        while let match = rest.firstMatch(of: Self.placeholder) {
            let prefix = rest[..<match.range.lowerBound]
            let name = String(match.1)
            let values: [String]
            switch name {
            case "partition": values = [partition]
            case "region": values = [region]
            case "account": values = [account]
            default:
                values = lists[name] ?? []
                if let source = sources[name] { used.insert(source) }
            }
            results = results.flatMap { head in values.map { head + prefix + $0 } }
            rest = rest[match.range.upperBound...]
        }
        return results.map { $0 + rest }
    }

    func expand(_ condition: PolicyCondition, used: inout Set<String>) -> PolicyCondition {
        var used2 = used
        let result = condition.mapValues { value in
            switch value {
            case .single(let v):
                let expanded = expand(v, used: &used2)
                return expanded.count == 1 ? .single(expanded[0]) : .list(expanded)
            case .list(let vs):
                return .list(unique(vs.flatMap { expand($0, used: &used2) }))
            }
        }
        used = used2
        return result
    }
}

func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
