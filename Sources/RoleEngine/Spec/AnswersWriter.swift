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

    static let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]

    /// A plain scalar when that is unambiguous text, else a double-quoted one.
    static func scalar(_ value: String, forceQuotes: Bool = false) -> String {
        let plainSafe = value.wholeMatch(of: #/[A-Za-z_/][A-Za-z0-9_./:@=+-]*/#) != nil
            && !value.contains(": ") && !value.hasSuffix(":")
            && !reserved.contains(value.lowercased())
        if plainSafe && !forceQuotes { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
