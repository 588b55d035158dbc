import RoleEngine
import RoleExport

/// What each step asks, declared once: the full-screen wizard lays its fields out from this
/// table and plain mode asks its questions from it, so the two cannot drift apart (labels,
/// hints, which fields a section holds, which fields take lists).
public enum WizardForm {
    /// A text input: its label (also how messages name it), the hint beside it, and whether
    /// it holds several values.
    public struct TextInput: Equatable, Sendable {
        public var field: FieldID
        public var label: String
        public var hint: String?
        public var list: Bool
        /// The pick list Ctrl-L opens on the field, if any (typing always works too).
        public var lookup: LookupKind? = nil
    }

    /// One entry of a step, top to bottom.
    public enum Item: Equatable, Sendable {
        case text(TextInput)
        /// The persona radio list (from the catalog).
        case personas
        /// A section that opens with Space; plain mode asks whether to fill it.
        case section(FieldID, title: String, note: String?, items: [Item])
    }

    public static let roleName = TextInput(field: .roleName, label: "Role name", hint: "1-64 letters, digits, + = , . @ _ -", list: false)
    public static let description = TextInput(field: .description, label: "Description", hint: "optional, up to 1000 characters",
                                              list: false)
    public static let account = TextInput(field: .account, label: "Account ID",
                                          hint: "optional: 12 digits; ties the trust policy to it", list: false)
    public static let region = TextInput(field: .region, label: "Region", hint: "optional, e.g. us-east-1", list: false)
    public static let subnets = TextInput(field: .subnets, label: "VPC subnets", hint: "subnet-…", list: true,
                                          lookup: .subnets)
    public static let securityGroups = TextInput(field: .securityGroups, label: "Security groups", hint: "sg-…", list: true,
                                                 lookup: .securityGroups)
    public static let volumeKeys = TextInput(field: .volumeKeys, label: "Volume KMS keys", hint: "key ARNs", list: true,
                                             lookup: .kmsKeys)
    public static let dataKeys = TextInput(field: .dataKeys, label: "Data (output) KMS keys", hint: "key ARNs",
                                           list: true, lookup: .kmsKeys)
    public static let path = TextInput(field: .path, label: "Path", hint: "default /service-role/", list: false)
    public static let maxSession = TextInput(field: .maxSession, label: "Maximum session duration (seconds)",
                                             hint: "3600-43200; default 3600", list: false)
    public static let boundary = TextInput(field: .boundary, label: "Permissions boundary", hint: "optional managed policy ARN",
                                           list: false, lookup: .policies)

    /// Step 1, Role settings.
    public static let roleSettings: [Item] = [
        .text(roleName), .text(description), .personas, .text(account), .text(region),
        .section(.networkSection, title: "Network and encryption (optional)",
                 note: "Jobs and apps may then only run in this VPC and with these keys. Separate values with commas.",
                 items: [.text(subnets), .text(securityGroups), .text(volumeKeys), .text(dataKeys)]),
        .section(.advancedSection, title: "Advanced: path, session length, permissions boundary", note: nil,
                 items: [.text(path), .text(maxSession), .text(boundary)]),
    ]

    /// Step 3, Policies and tags: the search box and the field for any other policy.
    public static let policySearch = TextInput(field: .policyFilter, label: "Search", hint: "filters the list by name or purpose",
                                               list: false, lookup: .policies)
    public static let policyArn = TextInput(field: .customPolicyArn, label: "Add a policy by ARN or name",
                                            hint: "Enter adds it", list: false, lookup: .policies)

    /// The onboarding dialog (after Create), as the lab's "Onboard user" section.
    public static let onboardDomain = TextInput(field: .onboardDomain, label: "Domain", hint: "its id (d-…) or name",
                                                list: false, lookup: .domains)
    public static let onboardUsers = TextInput(field: .onboardUsers, label: "User profile names",
                                               hint: "separated by commas or new lines", list: true)
    public static let onboardImage = TextInput(field: .onboardImage, label: "JupyterLab version",
                                               hint: "optional: 3, 1, or an image ARN", list: false,
                                               lookup: .jupyterLabVersions)
    public static let onboarding: [TextInput] = [onboardDomain, onboardUsers, onboardImage]

    /// The save dialog.
    public static let saveDirectory = TextInput(field: .saveDirectory, label: "Folder",
                                                hint: "your files there are kept; smrole replaces its own", list: false)

    /// How the save dialog and plain mode name each format.
    public static func title(of format: ExportFormat) -> String {
        switch format {
        case .json: return "JSON (role.json, trust-policy.json, policies/): always"
        case .cloudformation: return "CloudFormation (cloudformation.yaml)"
        case .terraform: return "Terraform (main.tf)"
        case .cli: return "AWS CLI script (create-role.sh)"
        case .stackset: return "StackSet for an organization (stackset.yaml, with cloudformation.yaml)"
        }
    }

    /// The text inputs of step 1, sections included, in order.
    public static var roleTextInputs: [TextInput] {
        func inputs(_ items: [Item]) -> [TextInput] {
            items.flatMap { item -> [TextInput] in
                switch item {
                case .text(let input): return [input]
                case .personas: return []
                case .section(_, _, _, let items): return inputs(items)
                }
            }
        }
        return inputs(roleSettings)
    }

    /// The section of step 1 that holds a field, if any (so Next can open it to show a problem).
    public static func section(of field: FieldID) -> FieldID? {
        for case .section(let id, _, _, let items) in roleSettings where items.contains(where: {
            if case .text(let input) = $0 { return input.field == field }
            return false
        }) { return id }
        return nil
    }

    /// The label a field is shown with, for messages that name it.
    public static func label(of field: FieldID, catalog: Catalog) -> String {
        if let input = (roleTextInputs + onboarding + [saveDirectory]).first(where: { $0.field == field }) { return input.label }
        switch field {
        case .persona: return "Persona"
        case .activity(let id): return catalog.activity(id)?.title ?? id
        case .parameter(let id, let key):
            let activity = catalog.activity(id)
            return "\(activity?.parameter(key)?.title ?? key) of \(activity?.title ?? id)"
        case .customPolicyArn, .managedPolicy, .policyFilter: return "Managed policies"
        case .tagKey(let i): return "Tag \(i + 1) key"
        case .tagValue(let i): return "Tag \(i + 1) value"
        default: return "\(field)"
        }
    }

    /// The pick list of a field: its declared one, or for an activity's role ARN parameter
    /// the roles SageMaker may assume (the PassRoles).
    public static func lookup(for field: FieldID, catalog: Catalog) -> LookupKind? {
        switch field {
        case .parameter(let id, let key):
            return catalog.activity(id)?.parameter(key)?.kind == .roleArn ? .passRoles : nil
        case .managedPolicy: return .policies
        default:
            return (roleTextInputs + onboarding + [policySearch, policyArn]).first { $0.field == field }?.lookup
        }
    }

    /// Whether a field holds a list (values separated by commas): pasted lines become commas.
    public static func isList(_ field: FieldID) -> Bool {
        if case .parameter = field { return true }
        return (roleTextInputs + onboarding).first { $0.field == field }?.list ?? false
    }
}
