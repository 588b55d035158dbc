import RoleEngine

/// Who made a policy, read from its name: Role Manager's console (`<Template>_<epoch ms>`,
/// customer managed), its CDK construct (`<Template>_V<n>_<epoch ms>`, inline), or smrole
/// (`<role>-<activity>`, `-partN`, `-bundle-N`). Templates come from the catalog's `template`
/// fields, so a catalog that knows a template recognises its policies.
public enum PolicyOrigin: Equatable, Sendable {
    /// `template` is the name without variant and timestamp, e.g. `SM_CommonJobManagement`;
    /// `activity` the catalog activity that reproduces it, when the catalog knows it.
    case roleManagerConsole(template: String, variant: String, activity: String?)
    case cdkConstruct(template: String, variant: String, version: Int, activity: String?)
    /// `activity` is nil for a bundle of several activities.
    case smrole(activity: String?)
    case unknown

    public var activity: String? {
        switch self {
        case .roleManagerConsole(_, _, let a), .cdkConstruct(_, _, _, let a), .smrole(let a): return a
        case .unknown: return nil
        }
    }

    /// The name of the Role Manager template, with its variant, as reports cite it.
    public var templateName: String? {
        switch self {
        case .roleManagerConsole(let t, let v, _), .cdkConstruct(let t, let v, _, _): return t + v
        default: return nil
        }
    }

    /// Made by Role Manager (console or construct): what `apply --update` takes over.
    public var isRoleManagers: Bool {
        switch self {
        case .roleManagerConsole, .cdkConstruct: return true
        default: return false
        }
    }
}

public struct PolicyNameRecognizer: Sendable {
    /// Template name → activity id, from the catalog.
    let templates: [String: String]
    let activityIds: Set<String>

    public init(catalog: Catalog) {
        var templates: [String: String] = [:]
        for activity in catalog.activities where Self.isTemplateName(activity.template) {
            templates[activity.template] = templates[activity.template] ?? activity.id
        }
        self.templates = templates
        activityIds = Set(catalog.activities.map(\.id))
    }

    static func isTemplateName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// `roleName` is the role the policy is attached to: smrole names its policies after it.
    public func origin(of name: String, roleName: String) -> PolicyOrigin {
        if name.hasPrefix(roleName + "-") { return smroleOrigin(String(name.dropFirst(roleName.count + 1))) }
        var parts = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let last = parts.last, last.count >= 10, last.allSatisfy(\.isASCII),
              last.allSatisfy(\.isNumber) else { return .unknown }
        parts.removeLast()
        var version: Int?
        if let v = parts.last, v.hasPrefix("V"), let n = Int(v.dropFirst()), parts.count >= 2 {
            version = n
            parts.removeLast()
        }
        var variant = ""
        for suffix in ["KMS", "VPC"] where parts.count >= 2 && parts.last == suffix {
            variant = "_" + suffix + variant
            parts.removeLast()
        }
        let template = parts.joined(separator: "_")
        let activity = templates[template]
        guard activity != nil || template.hasPrefix("SM_") else { return .unknown }
        if let version { return .cdkConstruct(template: template, variant: variant, version: version, activity: activity) }
        return .roleManagerConsole(template: template, variant: variant, activity: activity)
    }

    private func smroleOrigin(_ rest: String) -> PolicyOrigin {
        if activityIds.contains(rest) { return .smrole(activity: rest) }
        if let cut = rest.range(of: "-part", options: .backwards), Int(rest[cut.upperBound...]) != nil,
           activityIds.contains(String(rest[..<cut.lowerBound])) {
            return .smrole(activity: String(rest[..<cut.lowerBound]))
        }
        if rest.hasPrefix("bundle-"), Int(rest.dropFirst(7)) != nil { return .smrole(activity: nil) }
        return .unknown
    }
}
