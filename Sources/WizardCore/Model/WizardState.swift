import RoleEngine
import RoleExport

/// The whole wizard as a value: answers, where the user is, and what is on screen. The
/// driver feeds events to `update` and paints `view`; nothing here does I/O.
public struct WizardState: Equatable, Sendable {
    public enum Modal: Equatable, Sendable {
        case help, confirmQuit, save, onboard
        /// The whole result of a Create or an onboarding, scrollable.
        case report(ActionReport)
        /// An earlier run's draft exists: resume it or start anew (nothing is overwritten before).
        case resumeDraft
        /// A pick list (`pickList`) over a field: choices read from the account.
        case pickList
    }

    public struct Status: Equatable, Sendable {
        public enum Kind: Sendable { case info, error }
        public var text: String
        public var kind: Kind
    }

    public struct Options: Equatable, Sendable {
        public var glyphs: Glyphs
        public var maxManagedPolicies: Int
        /// Accept a well-formed region that `KnownRegions` does not list (`--allow-unknown-region`).
        public var allowUnknownRegion: Bool
        public init(glyphs: Glyphs = .unicode, maxManagedPolicies: Int = 10, allowUnknownRegion: Bool = false) {
            self.glyphs = glyphs
            self.maxManagedPolicies = maxManagedPolicies
            self.allowUnknownRegion = allowUnknownRegion
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
    /// How many rows the review's content has at the current size (kept by `update`, so
    /// scrolling stops at the end instead of running on past it).
    var reviewRowCount: Int { reviewRows?.rows.count ?? 0 }
    /// The review's content, built once per plan and width (highlighting every policy's JSON
    /// on each keystroke would cost more than the 2 ms a keystroke may take).
    var reviewRows: ReviewRows?

    struct ReviewRows: Equatable, Sendable {
        var width: Int
        var rows: [[Span]]
    }
    /// The scroll position of help and of a report.
    public var modalScroll = 0
    /// The dialog a report returns to when closed (onboarding that could not start: fix and retry).
    public var reportReturn: Modal?
    /// The folder chosen by `--out` or typed in the save dialog; nil: `smrole-out/<role name>`.
    public var chosenSaveDirectory: String?
    /// Fields the user has left at least once: their problems show from then on, not while
    /// the user has not had a chance to type (huh's validate-on-blur).
    public var touched: Set<FieldID> = []
    /// Steps where Next was pressed: every problem of the step shows.
    public var revealed: Set<WizardStep> = []
    /// Onboard was pressed with problems: the dialog shows them all.
    public var onboardRevealed = false
    /// A draft of an earlier run found at start, offered before anything overwrites it.
    public var draftOffer: DraftOffer?
    public var saveFormats: Set<String> = ["json"]
    public var savedTo: String?
    /// The role's ARN once "Create in AWS" succeeded.
    public var createdRoleArn: String?
    public var onboardDomain = ""
    public var onboardUsers = ""
    public var onboardImage = ""
    /// True while an effect runs (create, onboard): keys that would change answers or start
    /// another effect are refused; help, scrolling and Ctrl-C keep working.
    public var busy = false
    /// Turns of the spinner shown while an effect runs.
    public var spinner = 0
    /// How many times Ctrl-C asked the running effect to stop.
    public var interruptions = 0
    /// True once the user changed an answer in this session (Esc then asks before leaving).
    public var dirty = false
    /// The open pick list (with `modal == .pickList`).
    public var pickList: PickList?
    /// Numbers lookups, so an answer that arrives after its list closed is recognised and dropped.
    public var lookupSerial = 0
    /// Lists read whole, per kind and region: reopening one is instant; Ctrl-R in it reads again.
    public var lookupCache: [String: [PickItem]] = [:]

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
        issues = FieldIssues(answers: answers, catalog: catalog, allowUnknownRegion: options.allowUnknownRegion)
        touchPrefilledFields()
    }

    /// Values that came from an answers file or a draft were typed by the user earlier: their
    /// problems show at once.
    mutating func touchPrefilledFields() {
        for step in WizardStep.allCases {
            for field in fields(of: step) where !(text(of: field) ?? "").trimmingSpaces.isEmpty { touched.insert(field) }
        }
    }

    /// The folder Save writes into: the chosen one, else `smrole-out/<role name>`.
    public var saveDirectory: String {
        get {
            if let chosenSaveDirectory { return chosenSaveDirectory }
            let name = answers.roleName.trimmingSpaces
            return "smrole-out/" + (name.isEmpty ? "role" : name)
        }
        set { chosenSaveDirectory = newValue }
    }

    /// A field's problems as the screen shows them: once the field has been left, or the
    /// step's Next was pressed.
    public func visibleMessages(for field: FieldID) -> [String] {
        guard touched.contains(field) || revealed.contains(field.step) else { return [] }
        return issues.messages(for: field)
    }

    /// The problems of the onboarding dialog's fields, shown as the other fields' are.
    public func onboardingMessages(for field: FieldID) -> [String] {
        guard onboardRevealed || touched.contains(field) else { return [] }
        return OnboardingInput.problems(domain: onboardDomain, users: onboardUsers, image: onboardImage)[field] ?? []
    }

    /// True while something runs that the spinner shows: an effect, or a pick list being read.
    public var isWaiting: Bool { busy || pickList?.loading == true }

    /// Whether the driver may write the draft now: not while an earlier draft is offered.
    public var mayWriteDraft: Bool { draftOffer == nil }

    private mutating func answersChanged() {
        issues = FieldIssues(answers: answers, catalog: catalog, allowUnknownRegion: options.allowUnknownRegion)
        dirty = true
        plan = nil
        reviewRows = nil
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
        if modal == .pickList, let pickList { return pickList.target }
        if case .report? = modal { return .reportBody }
        let list = fields(of: step)
        if let chosen = focus[step], list.contains(chosen) { return chosen }
        return list.first ?? .button(.next)
    }

    /// Catalog policies matching the filter, then ARNs the user added that the catalog lacks.
    public var visibleManagedPolicies: [ManagedPolicyEntry] {
        let filter = policyFilter.trimmingSpaces.lowercased()
        let matches = filter.isEmpty ? managedPolicyCatalog : managedPolicyCatalog.filter { $0.searchText.contains(filter) }
        let extra = answers.managedPolicies.filter { arn in !managedPolicyCatalog.contains { $0.arn == arn } }
            .map { ManagedPolicyEntry(arn: $0, summary: accountPolicySummary($0).map { "from the account: " + $0 } ?? "added by ARN") }
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
    func isListField(_ field: FieldID) -> Bool { WizardForm.isList(field) }

    public func cursor(of field: FieldID) -> Int {
        let length = text(of: field)?.count ?? 0
        return min(cursors[field] ?? length, length)
    }

    // MARK: Plan

    /// Builds the engine's plan for the review; a quota or validation problem becomes `planError`.
    public mutating func buildPlan() {
        do {
            let builderOptions = RoleBuilder.Options(maxManagedPolicies: options.maxManagedPolicies,
                                                     allowUnknownRegion: options.allowUnknownRegion)
            let built = try RoleBuilder(catalog: catalog, options: builderOptions).build(answers.spec().spec)
            plan = built
            planError = nil
            capabilities = Capability.table(for: built)
        } catch {
            plan = nil
            planError = "\(error)"
            capabilities = []
        }
        countReviewRows()
    }

    mutating func countReviewRows() {
        reviewRows = nil
        reviewRows = ReviewRows(width: size.width, rows: ReviewContent.rows(for: self, width: size.width))
    }
}

extension WizardState {
    /// Sets a field's text from outside the key handler (plain mode, tests).
    public mutating func setPlainText(_ value: String, of field: FieldID) {
        setText(value, of: field)
        cursors[field] = nil
    }
}
