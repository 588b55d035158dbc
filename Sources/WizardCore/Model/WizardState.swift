import RoleEngine
import RoleExport

/// The whole wizard as a value: answers, where the user is, and what is on screen. The
/// driver feeds events to `update` and paints `view`; nothing here does I/O.
public struct WizardState: Equatable, Sendable {
    public enum Modal: Equatable, Sendable { case help, confirmQuit, save, onboard }

    public struct Status: Equatable, Sendable {
        public enum Kind: Sendable { case info, error }
        public var text: String
        public var kind: Kind
    }

    public struct Options: Equatable, Sendable {
        public var glyphs: Glyphs
        public var maxManagedPolicies: Int
        public init(glyphs: Glyphs = .unicode, maxManagedPolicies: Int = 10) {
            self.glyphs = glyphs
            self.maxManagedPolicies = maxManagedPolicies
        }
    }

    /// The smallest terminal the wizard draws in; below it, it says so and waits.
    public static let minimumSize = Size(width: 60, height: 16)

    public let catalog: Catalog
    public let managedPolicyCatalog: [ManagedPolicyEntry]
    public var options: Options
    public var answers: WizardAnswers { didSet { if answers != oldValue { answersChanged() } } }
    public private(set) var issues = FieldIssues()
    public var step: WizardStep = .role
    public var focus: [WizardStep: FieldID] = [:]
    public var scroll: [WizardStep: Int] = [:]
    /// Cursor position (in characters) per text field; absent means the end.
    public var cursors: [FieldID: Int] = [:]
    public var size: Size
    public var openSections: Set<FieldID> = []
    public var policyFilter = ""
    public var customPolicyText = ""
    public var modal: Modal?
    public var modalFocus: FieldID = .saveDirectory
    public var status: Status?
    public var plan: RolePlan?
    public var planError: String?
    public var capabilities: [Capability] = []
    public var reviewScroll = 0
    public var helpScroll = 0
    public var saveDirectory = ""
    /// Set by `--out` or by editing the folder: then the role name no longer renames it.
    public var saveDirectoryChosen = false
    public var saveFormats: Set<String> = ["json"]
    public var savedTo: String?
    /// The role's ARN once "Create in AWS" succeeded.
    public var createdRoleArn: String?
    public var onboardDomain = ""
    public var onboardUsers = ""
    public var onboardImage = ""
    /// True while an effect runs (create, onboard): keys other than quit are ignored.
    public var busy = false
    /// True once the user changed an answer in this session (Esc then asks before leaving).
    public var dirty = false

    public init(catalog: Catalog, answers: WizardAnswers = WizardAnswers(), size: Size,
                options: Options = Options(), managedPolicyCatalog: [ManagedPolicyEntry] = ManagedPolicyEntry.builtIn) {
        self.catalog = catalog
        self.managedPolicyCatalog = managedPolicyCatalog
        self.options = options
        self.answers = answers
        self.size = size
        if answers.subnets.isEmpty == false || answers.volumeKeys.isEmpty == false { openSections.insert(.networkSection) }
        if answers.maxSession.isEmpty == false || answers.boundary.isEmpty == false || answers.path != RoleSpec.defaultPath {
            openSections.insert(.advancedSection)
        }
        issues = FieldIssues(answers: answers, catalog: catalog)
        saveDirectory = "smrole-out/" + (answers.roleName.isEmpty ? "role" : answers.roleName)
    }

    private mutating func answersChanged() {
        issues = FieldIssues(answers: answers, catalog: catalog)
        dirty = true
        plan = nil
        savedTo = nil
    }

    // MARK: Fields

    /// The focusable fields of a step, top to bottom, as they are on screen now.
    public func fields(of step: WizardStep) -> [FieldID] {
        var fields: [FieldID] = []
        switch step {
        case .role:
            fields = [.roleName, .description] + catalog.personas.map { .persona($0.id) } + [.account, .region, .networkSection]
            if openSections.contains(.networkSection) { fields += [.subnets, .securityGroups, .volumeKeys, .dataKeys] }
            fields.append(.advancedSection)
            if openSections.contains(.advancedSection) { fields += [.path, .maxSession, .boundary] }
            fields.append(.button(.next))
        case .activities:
            for activity in catalog.activities {
                fields.append(.activity(activity.id))
                if answers.activities.contains(activity.id) {
                    fields += activity.parameters.map { .parameter(activity: activity.id, key: $0.key) }
                }
            }
            fields += [.button(.back), .button(.next)]
        case .policies:
            fields = [.policyFilter] + visibleManagedPolicies.map { .managedPolicy($0.arn) } + [.customPolicyArn]
            for i in answers.tags.indices { fields += [.tagKey(i), .tagValue(i)] }
            fields += [.button(.addTag), .button(.back), .button(.next)]
        case .review:
            fields = [.reviewBody, .button(.back), .button(.save), .button(.create), .button(.quit)]
        }
        return fields
    }

    public var modalFields: [FieldID] {
        if modal == .onboard {
            return [.onboardDomain, .onboardUsers, .onboardImage, .button(.confirmOnboard), .button(.skipOnboard)]
        }
        return [.saveDirectory] + ExportFormat.allCases.map { .saveFormat($0.rawValue) } + [.button(.confirmSave), .button(.cancel)]
    }

    /// The field that has focus on the current step (the first one if none was chosen).
    public var focusedField: FieldID {
        if modal == .save || modal == .onboard { return modalFocus }
        let list = fields(of: step)
        if let chosen = focus[step], list.contains(chosen) { return chosen }
        return list.first ?? .button(.next)
    }

    /// Catalog policies matching the filter, then ARNs the user added that the catalog lacks.
    public var visibleManagedPolicies: [ManagedPolicyEntry] {
        let filter = policyFilter.trimmingSpaces.lowercased()
        let matches = filter.isEmpty ? managedPolicyCatalog : managedPolicyCatalog.filter { $0.searchText.contains(filter) }
        let extra = answers.managedPolicies.filter { arn in !managedPolicyCatalog.contains { $0.arn == arn } }
            .map { ManagedPolicyEntry(arn: $0, summary: "added by ARN") }
        return matches + extra
    }

    public func text(of field: FieldID) -> String? {
        switch field {
        case .roleName: return answers.roleName
        case .description: return answers.description
        case .account: return answers.account
        case .region: return answers.region
        case .subnets: return answers.subnets
        case .securityGroups: return answers.securityGroups
        case .volumeKeys: return answers.volumeKeys
        case .dataKeys: return answers.dataKeys
        case .path: return answers.path
        case .maxSession: return answers.maxSession
        case .boundary: return answers.boundary
        case .parameter(let id, let key): return answers.parameters[id]?[key] ?? ""
        case .policyFilter: return policyFilter
        case .customPolicyArn: return customPolicyText
        case .tagKey(let i): return answers.tags.indices.contains(i) ? answers.tags[i].key : nil
        case .tagValue(let i): return answers.tags.indices.contains(i) ? answers.tags[i].value : nil
        case .saveDirectory: return saveDirectory
        case .onboardDomain: return onboardDomain
        case .onboardUsers: return onboardUsers
        case .onboardImage: return onboardImage
        default: return nil
        }
    }

    mutating func setText(_ value: String, of field: FieldID) {
        switch field {
        case .roleName: answers.roleName = value
        case .description: answers.description = value
        case .account: answers.account = value
        case .region: answers.region = value
        case .subnets: answers.subnets = value
        case .securityGroups: answers.securityGroups = value
        case .volumeKeys: answers.volumeKeys = value
        case .dataKeys: answers.dataKeys = value
        case .path: answers.path = value
        case .maxSession: answers.maxSession = value
        case .boundary: answers.boundary = value
        case .parameter(let id, let key): answers.parameters[id, default: [:]][key] = value
        case .policyFilter: policyFilter = value
        case .customPolicyArn: customPolicyText = value
        case .tagKey(let i) where answers.tags.indices.contains(i): answers.tags[i].key = value
        case .tagValue(let i) where answers.tags.indices.contains(i): answers.tags[i].value = value
        case .saveDirectory: saveDirectory = value
        case .onboardDomain: onboardDomain = value
        case .onboardUsers: onboardUsers = value
        case .onboardImage: onboardImage = value
        default: break
        }
    }

    /// Whether a field holds a list (values separated by commas): pasted lines become commas.
    func isListField(_ field: FieldID) -> Bool {
        switch field {
        case .subnets, .securityGroups, .volumeKeys, .dataKeys, .parameter, .onboardUsers: return true
        default: return false
        }
    }

    public func cursor(of field: FieldID) -> Int {
        let length = text(of: field)?.count ?? 0
        return min(cursors[field] ?? length, length)
    }

    // MARK: Plan

    /// Builds the engine's plan for the review; a quota or validation problem becomes `planError`.
    public mutating func buildPlan() {
        do {
            let built = try RoleBuilder(catalog: catalog, options: .init(maxManagedPolicies: options.maxManagedPolicies)).build(answers.spec().spec)
            plan = built
            planError = nil
            capabilities = Capability.table(for: built)
        } catch {
            plan = nil
            planError = "\(error)"
            capabilities = []
        }
    }
}

extension WizardState {
    /// Sets a field's text from outside the key handler (plain mode, tests).
    public mutating func setPlainText(_ value: String, of field: FieldID) {
        setText(value, of: field)
        cursors[field] = nil
    }
}
