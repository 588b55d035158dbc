/// Checks a `RoleSpec` against IAM's rules and the catalog, reporting every problem at once.
public struct RoleSpecValidator {
    public let catalog: Catalog
    /// Accept well-formed region names that `KnownRegions` does not list (a region opened
    /// after this release); `regionHint` says how to ask for that where the message shows.
    public let allowUnknownRegion: Bool
    public let regionHint: String

    public init(catalog: Catalog, allowUnknownRegion: Bool = false, regionHint: String = KnownRegions.commandLineHint) {
        self.catalog = catalog
        self.allowUnknownRegion = allowUnknownRegion
        self.regionHint = regionHint
    }

    public func issues(in spec: RoleSpec) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func check(_ path: String, _ problem: String?) {
            if let problem { issues.append(ValidationIssue(path: path, message: problem)) }
        }

        // Role settings.
        check("role.name", IAMRules.roleName(spec.role.name))
        if let path = spec.role.path { check("role.path", IAMRules.rolePath(path)) }
        if let text = spec.role.description { check("role.description", IAMRules.roleDescription(text)) }
        if let seconds = spec.role.maxSessionDuration { check("role.maxSessionDuration", IAMRules.maxSessionDuration(seconds)) }
        if let boundary = spec.role.permissionsBoundary { check("role.permissionsBoundary", IAMRules.managedPolicyArn(boundary)) }

        // Persona, account, region.
        let persona = catalog.persona(spec.persona)
        if spec.persona.isEmpty {
            check("persona", "is required; allowed: \(catalog.personas.map(\.id).joined(separator: ", "))")
        } else if persona == nil {
            check("persona", "'\(spec.persona)' is not a persona; allowed: \(catalog.personas.map(\.id).joined(separator: ", "))")
        }
        if let account = spec.account { check("account", IAMRules.account(account)) }
        if let region = spec.region {
            check("region", KnownRegions.problem(region, allowUnknown: allowUnknownRegion, overrideHint: regionHint))
        }

        // Network and encryption: both lists or neither.
        if let network = spec.network {
            if network.subnets.isEmpty != network.securityGroups.isEmpty {
                let missing = network.subnets.isEmpty ? "network.subnets" : "network.securityGroups"
                check(missing, "is empty; give both subnets and securityGroups, or remove network")
            } else if network.subnets.isEmpty {
                check("network", "has no subnets and no security groups; give both lists, or remove network")
            }
            for (i, id) in network.subnets.enumerated() { check("network.subnets[\(i)]", IAMRules.subnet(id)) }
            for (i, id) in network.securityGroups.enumerated() { check("network.securityGroups[\(i)]", IAMRules.securityGroup(id)) }
            issues += duplicates(network.subnets, at: "network.subnets")
            issues += duplicates(network.securityGroups, at: "network.securityGroups")
        }
        if let encryption = spec.encryption {
            if encryption.volumeKeys.isEmpty != encryption.dataKeys.isEmpty {
                let missing = encryption.volumeKeys.isEmpty ? "encryption.volumeKeys" : "encryption.dataKeys"
                check(missing, "is empty; give both volumeKeys and dataKeys, or remove encryption")
            } else if encryption.volumeKeys.isEmpty {
                check("encryption", "has no keys; give both volumeKeys and dataKeys, or remove encryption")
            }
            for (i, arn) in encryption.volumeKeys.enumerated() { check("encryption.volumeKeys[\(i)]", IAMRules.kmsKeyArn(arn)) }
            for (i, arn) in encryption.dataKeys.enumerated() { check("encryption.dataKeys[\(i)]", IAMRules.kmsKeyArn(arn)) }
            issues += duplicates(encryption.volumeKeys, at: "encryption.volumeKeys")
            issues += duplicates(encryption.dataKeys, at: "encryption.dataKeys")
        }

        // Activities and their parameters.
        let selections = spec.effectiveActivities(in: catalog)
        var seen = Set<String>()
        for selection in selections {
            let at = "activities.\(selection.id)"
            guard seen.insert(selection.id).inserted else {
                check(at, "is listed more than once; keep one")
                continue
            }
            guard let activity = catalog.activity(selection.id) else {
                check(at, "'\(selection.id)' is not an ML activity; allowed: \(catalog.activities.map(\.id).joined(separator: ", "))")
                continue
            }
            for key in selection.parameters.keys.sorted() where activity.parameter(key) == nil {
                let allowed = activity.parameters.isEmpty ? "this activity takes no parameters" : "allowed: \(activity.parameters.map(\.key).joined(separator: ", "))"
                check("\(at).\(key)", "unknown parameter for \(activity.title); \(allowed)")
            }
            for parameter in activity.parameters {
                let values = selection.parameters[parameter.key] ?? []
                let path = "\(at).\(parameter.key)"
                if values.isEmpty && parameter.required && (parameter.default ?? []).isEmpty {
                    check(path, "is required by \(activity.title): \(parameter.help) Give at least one: \(parameter.kind.allowedDescription)")
                }
                for (i, value) in values.enumerated() { check("\(path)[\(i)]", IAMRules.check(value, as: parameter.kind)) }
                issues += duplicates(values, at: path)
            }
        }
        if selections.isEmpty && spec.managedPolicies.isEmpty {
            check("activities", "no ML activity is selected and no managed policy is added, so the role would grant nothing; choose at least one activity")
        }

        // Managed policies and tags.
        for (i, arn) in spec.managedPolicies.enumerated() { check("managedPolicies[\(i)]", IAMRules.managedPolicyArn(arn)) }
        issues += duplicates(spec.managedPolicies, at: "managedPolicies")
        if spec.tags.count > 50 {
            check("tags", "has \(spec.tags.count) tags; IAM allows at most 50 per role")
        }
        var tagKeys: [String: String] = [:]
        for tag in spec.tags {
            let at = "tags.\(tag.key)"
            check(at, IAMRules.tagKey(tag.key))
            check(at, IAMRules.tagValue(tag.value))
            if let other = tagKeys.updateValue(tag.key, forKey: tag.key.lowercased()) {
                check(at, "duplicates the key '\(other)'; IAM role tag keys are case-insensitive, keep one")
            }
        }
        return issues
    }

    private func duplicates(_ values: [String], at path: String) -> [ValidationIssue] {
        var seen = Set<String>()
        return values.enumerated().compactMap { i, value in
            seen.insert(value).inserted ? nil : ValidationIssue(path: "\(path)[\(i)]", message: "'\(value)' is listed twice; keep one")
        }
    }
}
