/// The four steps of Role Manager.
public enum WizardStep: Int, CaseIterable, Sendable, Comparable {
    case role, activities, policies, review

    public var title: String {
        switch self {
        case .role: return "Role settings"
        case .activities: return "ML activities"
        case .policies: return "Policies and tags"
        case .review: return "Review"
        }
    }

    public static func < (a: WizardStep, b: WizardStep) -> Bool { a.rawValue < b.rawValue }
}

public enum ButtonID: String, Sendable {
    case back, next, save, create, quit
    case confirmSave, cancel, addTag, confirmOnboard, skipOnboard
}

/// Every focusable thing of the wizard. Fields that come and go (an activity's
/// parameters, a tag row) carry what identifies them, so focus survives list changes.
public enum FieldID: Hashable, Sendable {
    case roleName, description, persona(String), account, region
    case networkSection, subnets, securityGroups, volumeKeys, dataKeys
    case advancedSection, path, maxSession, boundary
    case activity(String)
    case parameter(activity: String, key: String)
    case policyFilter, managedPolicy(String), customPolicyArn
    case tagKey(Int), tagValue(Int)
    case reviewBody, reportBody
    case saveDirectory, saveFormat(String)
    case onboardDomain, onboardUsers, onboardImage
    case button(ButtonID)

    public enum Kind { case text, checkbox, radio, section, button, viewport }

    public var kind: Kind {
        switch self {
        case .roleName, .description, .account, .region, .subnets, .securityGroups, .volumeKeys, .dataKeys,
             .path, .maxSession, .boundary, .parameter, .policyFilter, .customPolicyArn, .tagKey, .tagValue, .saveDirectory,
             .onboardDomain, .onboardUsers, .onboardImage:
            return .text
        case .persona: return .radio
        case .activity, .managedPolicy, .saveFormat: return .checkbox
        case .networkSection, .advancedSection: return .section
        case .button: return .button
        case .reviewBody, .reportBody: return .viewport
        }
    }

    /// The answers-file path whose validation issues belong to this field.
    var issuePaths: [String] {
        switch self {
        case .roleName: return ["role.name"]
        case .description: return ["role.description"]
        case .persona: return ["persona"]
        case .account: return ["account"]
        case .region: return ["region"]
        case .subnets: return ["network", "network.subnets"]
        case .securityGroups: return ["network.securityGroups"]
        case .volumeKeys: return ["encryption", "encryption.volumeKeys"]
        case .dataKeys: return ["encryption.dataKeys"]
        case .path: return ["role.path"]
        case .maxSession: return ["role.maxSessionDuration"]
        case .boundary: return ["role.permissionsBoundary"]
        case .activity(let id): return ["activities.\(id)"]
        case .parameter(let id, let key): return ["activities.\(id).\(key)"]
        case .customPolicyArn: return ["managedPolicies"]
        case .tagKey(let i): return ["tags[\(i)].key", "tags[\(i)]"]
        case .tagValue(let i): return ["tags[\(i)].value"]
        default: return []
        }
    }
}
