import RoleEngine
import RoleExport

/// The wizard's answers exactly as typed (invalid text included) and the step reached, as
/// JSON: saved after every change, read back by `smrole wizard --resume`.
public enum WizardDraft {
    public static func encode(_ state: WizardState) -> String {
        let a = state.answers
        let object: [String: JSONValue] = [
            "version": .int(1),
            "step": .int(state.step.rawValue),
            "roleName": .string(a.roleName), "description": .string(a.description), "persona": .string(a.persona),
            "account": .string(a.account), "region": .string(a.region), "path": .string(a.path),
            "maxSession": .string(a.maxSession), "boundary": .string(a.boundary),
            "subnets": .string(a.subnets), "securityGroups": .string(a.securityGroups),
            "volumeKeys": .string(a.volumeKeys), "dataKeys": .string(a.dataKeys),
            "activities": .array(a.activities.map(JSONValue.string)),
            "parameters": .object(a.parameters.mapValues { .object($0.mapValues(JSONValue.string)) }),
            "managedPolicies": .array(a.managedPolicies.map(JSONValue.string)),
            "tags": .array(a.tags.map { .object(["key": .string($0.key), "value": .string($0.value)]) }),
        ]
        return JSONValue.object(object).pretty() + "\n"
    }

    public struct Restored: Equatable, Sendable {
        public var answers: WizardAnswers
        public var step: WizardStep
        public init(answers: WizardAnswers, step: WizardStep) {
            self.answers = answers
            self.step = step
        }
    }

    public struct DraftError: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static func decode(_ text: String) throws(DraftError) -> Restored {
        let root: JSONNode
        do { root = try JSONNodeParser.parse(text) } catch { throw DraftError(description: "the draft is damaged (\(error))") }
        guard case .number("1")? = root["version"]?.value else { throw DraftError(description: "the draft has an unknown version") }
        func string(_ key: String) -> String {
            if case .string(let s)? = root[key]?.value { return s }
            return ""
        }
        func strings(_ node: JSONNode?) -> [String] {
            guard case .array(let items)? = node?.value else { return [] }
            return items.compactMap { if case .string(let s) = $0.value { return s }; return nil }
        }
        var a = WizardAnswers()
        a.roleName = string("roleName"); a.description = string("description"); a.persona = string("persona")
        a.account = string("account"); a.region = string("region"); a.path = string("path")
        a.maxSession = string("maxSession"); a.boundary = string("boundary")
        a.subnets = string("subnets"); a.securityGroups = string("securityGroups")
        a.volumeKeys = string("volumeKeys"); a.dataKeys = string("dataKeys")
        a.activities = strings(root["activities"])
        a.managedPolicies = strings(root["managedPolicies"])
        for member in root["parameters"]?.members ?? [] {
            for parameter in member.value.members ?? [] {
                if case .string(let text) = parameter.value.value { a.parameters[member.key, default: [:]][parameter.key] = text }
            }
        }
        if case .array(let items)? = root["tags"]?.value {
            a.tags = items.map { item in
                var tag = WizardAnswers.Tag(key: "", value: "")
                if case .string(let k)? = item["key"]?.value { tag.key = k }
                if case .string(let v)? = item["value"]?.value { tag.value = v }
                return tag
            }
        }
        var step = WizardStep.role
        if case .number(let n)? = root["step"]?.value, let raw = Int(n), let s = WizardStep(rawValue: raw) { step = s }
        return Restored(answers: a, step: step)
    }
}

extension WizardState {
    /// A wizard restored from a draft: answers as typed, back on the step the user reached
    /// (or the first step with problems before it).
    public init(restoring draft: WizardDraft.Restored, catalog: Catalog, size: Size, options: Options = Options()) {
        self.init(catalog: catalog, answers: draft.answers, size: size, options: options)
        dirty = true
        for candidate in WizardStep.allCases where candidate < draft.step && candidate != .review {
            if issues.count(in: candidate) > 0 { step = candidate; return }
        }
        step = draft.step == .review ? .policies : draft.step
    }
}

/// A draft found when the wizard starts without `--resume`: what the offer to resume it
/// shows (when it was saved, which role), and the answers to resume.
public struct DraftOffer: Equatable, Sendable {
    public var draft: WizardDraft.Restored
    /// When the draft was last saved, as the user's clock says it ("2025-06-01 14:03").
    public var savedAt: String

    public init(draft: WizardDraft.Restored, savedAt: String) {
        self.draft = draft
        self.savedAt = savedAt
    }
}

extension WizardState {
    /// A fresh wizard that first offers the earlier run's draft.
    public init(offering offer: DraftOffer, catalog: Catalog, size: Size, options: Options = Options()) {
        self.init(catalog: catalog, size: size, options: options)
        draftOffer = offer
        modal = .resumeDraft
    }

    /// The user chose to resume the offered draft.
    mutating func resumeOfferedDraft() {
        guard let offer = draftOffer else { return }
        let chosen = chosenSaveDirectory
        self = WizardState(restoring: offer.draft, catalog: catalog, size: size, options: options)
        chosenSaveDirectory = chosen
        status = Status(text: "Resumed the draft of \(offer.savedAt).", kind: .info)
    }
}
