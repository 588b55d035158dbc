/// Writes a `RoleSpec` as an answers file in YAML, in the contract's key order.
///
/// Any value that a YAML reader could take for something other than text (numbers, `yes`,
/// `null`, leading zeros, `:` or `#`) is double-quoted, so reading the file back gives the
/// same spec. The output is deterministic: same spec, same bytes.
public enum AnswersWriter {
    public static func yaml(_ spec: RoleSpec) -> String {
        var out = "version: 1\nrole:\n"
        out += "  name: \(scalar(spec.role.name))\n"
        out += "  path: \(scalar(spec.role.path ?? RoleSpec.defaultPath))\n"
        if let d = spec.role.description { out += "  description: \(scalar(d))\n" }
        if let m = spec.role.maxSessionDuration { out += "  maxSessionDuration: \(m)\n" }
        if let b = spec.role.permissionsBoundary { out += "  permissionsBoundary: \(scalar(b))\n" }
        out += "persona: \(scalar(spec.persona))\n"
        if let a = spec.account { out += "account: \(scalar(a, forceQuotes: true))\n" }
        if let r = spec.region { out += "region: \(scalar(r))\n" }
        if let n = spec.network {
            out += "network:\n  subnets: \(list(n.subnets))\n  securityGroups: \(list(n.securityGroups))\n"
        }
        if let e = spec.encryption {
            out += "encryption:\n  volumeKeys: \(list(e.volumeKeys))\n  dataKeys: \(list(e.dataKeys))\n"
        }
        if let activities = spec.activities {
            if activities.isEmpty {
                out += "activities: {}\n"
            } else {
                out += "activities:\n"
                for activity in activities {
                    let params = activity.parameters.keys.sorted().map { "\(scalar($0)): \(list(activity.parameters[$0]!))" }
                    out += "  \(scalar(activity.id)): {\(params.isEmpty ? "" : " " + params.joined(separator: ", ") + " ")}\n"
                }
            }
        }
        out += "managedPolicies: \(list(spec.managedPolicies))\n"
        if spec.tags.isEmpty {
            out += "tags: {}\n"
        } else {
            out += "tags:\n"
            for tag in spec.tags { out += "  \(scalar(tag.key)): \(scalar(tag.value, forceQuotes: true))\n" }
        }
        return out
    }

    static func list(_ values: [String]) -> String {
        "[" + values.map { scalar($0) }.joined(separator: ", ") + "]"
    }

    static func scalar(_ value: String, forceQuotes: Bool = false) -> String {
        YAMLScalar.render(value, forceQuotes: forceQuotes)
    }
}
