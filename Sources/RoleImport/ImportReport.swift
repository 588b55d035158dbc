import RoleEngine

/// The report `smrole import` prints: what was recognised as what, what is carried over, and
/// what is not. Untrusted names are quoted through `VisibleText`.
public enum ImportReport {
    public static func lines(_ result: ImportResult, catalog: Catalog, unmappedFile: String?) -> [String] {
        let spec = result.spec
        var out = ["Imported role \(VisibleText.quoted(spec.role.name)) (account \(spec.account ?? "?"), "
                   + "region \(spec.region ?? "not known")) as persona \(spec.persona)."]
        for policy in result.policies {
            let name = VisibleText.quoted(policy.name)
            let titles = policy.activities.joined(separator: ", ")
            if policy.keptAsManagedPolicy {
                out.append("  kept \(name) attached as a managed policy (managedPolicies)")
                continue
            }
            switch policy.origin {
            case .roleManagerConsole(let template, let variant, _), .cdkConstruct(let template, let variant, _, _):
                let maker = policy.kind == .inline ? "Role Manager CDK construct" : "Role Manager console"
                if policy.activities.isEmpty {
                    out.append("  \(name) (\(maker), template \(template + variant)): no statement maps to an activity")
                } else {
                    out.append("  recognised \(name) as \(titles) (\(maker) 2023 template \(template + variant)); "
                               + "generate will write today's version of it")
                }
            case .smrole:
                out.append("  recognised \(name) as \(titles.isEmpty ? "no activity" : titles) (smrole)")
            case .unknown:
                if policy.activities.isEmpty {
                    out.append("  \(name) (\(policy.kind.rawValue), not made by Role Manager or smrole): not mapped")
                } else {
                    out.append("  recognised the AWS-managed policy \(name) as \(titles)")
                }
            }
        }
        for selection in spec.activities ?? [] {
            for key in selection.parameters.keys.sorted() {
                let values = selection.parameters[key]!.map(VisibleText.singleLine).joined(separator: ", ")
                out.append("  \(selection.id).\(key): \(values)")
            }
        }
        if let n = spec.network {
            out.append("  network: subnets \(n.subnets.joined(separator: ", ")); security groups \(n.securityGroups.joined(separator: ", "))")
        }
        if let e = spec.encryption {
            out.append("  encryption: volume keys \(e.volumeKeys.joined(separator: ", ")); data keys \(e.dataKeys.joined(separator: ", "))")
        }
        out.append("  carried over: name, path, \(spec.role.description != nil ? "description, " : "")"
                   + "\(spec.role.permissionsBoundary != nil ? "permissions boundary, " : "")"
                   + "\(spec.tags.count) tag\(spec.tags.count == 1 ? "" : "s"), "
                   + "\(spec.managedPolicies.count) other managed polic\(spec.managedPolicies.count == 1 ? "y" : "ies"); "
                   + "the trust policy and statement conditions are today's, not copied")
        if result.unmapped.isEmpty {
            out.append("Every statement maps to an activity.")
        } else {
            out.append("\(result.unmapped.count) statement\(result.unmapped.count == 1 ? " maps" : "s map") to no activity"
                       + (unmappedFile.map { " (written to \(VisibleText.quoted($0)); attach it as a managed policy to keep them)" } ?? "")
                       + ":")
            for item in result.unmapped {
                out.append("  - \(VisibleText.quoted(item.policy)) \(VisibleText.singleLine(item.label)): "
                           + item.actions.map(VisibleText.singleLine).joined(separator: ", ")
                           + " on " + (item.resources.isEmpty ? "(no resource)" : item.resources.map(VisibleText.singleLine).joined(separator: ", "))
                           + " — \(VisibleText.singleLine(item.reason))")
            }
        }
        for warning in result.warnings { out.append("warning: \(VisibleText.singleLine(warning))") }
        return out
    }
}
