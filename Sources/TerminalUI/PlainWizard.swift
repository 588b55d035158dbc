import Foundation
import RoleEngine
import RoleExport
import WizardCore

/// The wizard as line-by-line prompts (`--plain`, or TERM=dumb): the same steps, asked from
/// the same table as the screen (`WizardForm`), with the same validation, one question at a
/// time, re-asked until the answer is valid. No redraws, nothing a screen reader has to
/// untangle. Prompts go to stderr, results to stdout.
public struct PlainWizard {
    public enum PlainError: Error, CustomStringConvertible {
        case endOfInput(String)
        public var description: String {
            switch self {
            case .endOfInput(let question): return "input ended while asking: \(question); nothing was saved"
            }
        }
    }

    var state: WizardState
    let readLine: () -> String?
    let write: @Sendable (String) -> Void
    /// Reads a pick list (`?` at a question that has one); set by `run` from its services.
    var lookup: ((LookupKind, _ region: String) -> Result<[PickItem], LookupFailure>)?
    /// The rows `?` listed last, which numbered answers refer to until another list is shown.
    var offered: (kind: LookupKind, rows: [PickItem])?

    public init(state: WizardState, readLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) },
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.state = state
        self.readLine = readLine
        self.write = write
    }

    /// Asks every step, then saves, and offers to create the role in AWS and onboard users;
    /// returns what to print on stdout (the folder, and the role ARN when created).
    public mutating func run(_ services: WizardServices) throws -> String {
        let catalog = state.catalog
        lookup = { kind, region in
            if kind.isBuiltIn { return .success(LookupKind.jupyterLabRows) }
            let rows = RowCollector()
            let request = LookupRequest(serial: 0, kind: kind, region: region)
            if let failure = services.lookup(request, EffectCancellation(), { rows.add($0) }) { return .failure(failure) }
            return .success(rows.all)
        }
        say("smrole: SageMaker execution role, step by step. Press Enter to keep the value in brackets, - to clear it, "
            + "? to list the choices the account has (where a question says so).")
        try offerDraft()
        say("\nStep 1 of 4: \(WizardStep.role.title)")
        for item in WizardForm.roleSettings { try ask(item, catalog) }
        services.saveDraft(state)
        say("\nStep 2 of 4: \(WizardStep.activities.title)")
        try askActivities(catalog)
        try askParameters(catalog)
        services.saveDraft(state)
        say("\nStep 3 of 4: \(WizardStep.policies.title)")
        try askManagedPolicies()
        try askTags()
        services.saveDraft(state)
        say("\nStep 4 of 4: \(WizardStep.review.title)")
        while true {
            guard let plan = try planOrAsk() else { continue }
            say("Role \(plan.path)\(plan.roleName): \(plan.attachmentCount) of \(plan.managedPolicyQuota) managed policies attached")
            for policy in plan.policies { say("  \(policy.name)  \(policy.size) of \(PolicyPacker.policySizeLimit) characters") }
            for arn in plan.managedPolicyArns { say("  attach \(arn)") }
            for warning in plan.warnings { say("  ! \(warning)") }
            let directory = try ask("\(WizardForm.saveDirectory.label) to save into", default: state.saveDirectory)
            let formats = try askFormats()
            switch services.save(state, directory, formats.map(\.rawValue)) {
            case .success(let report):
                say("Saved \(report.files.count) files to \(report.directory)/")
                return try offerCreate(report.directory, services)
            case .failure(let failure):
                say("! Not saved: \(failure.message)")
            }
        }
    }

    /// An earlier run's draft: resumed only when the user says so, never overwritten before.
    private mutating func offerDraft() throws {
        guard let offer = state.draftOffer else { return }
        let name = offer.draft.answers.roleName.trimmingSpacesForPlain
        let resume = try askYesNo("Resume the draft saved \(offer.savedAt) (role \(name.isEmpty ? "not named yet" : name))?",
                                  default: true)
        if resume {
            let chosen = state.chosenSaveDirectory
            state = WizardState(restoring: offer.draft, catalog: state.catalog, size: state.size, options: state.options)
            state.chosenSaveDirectory = chosen
        } else {
            state.draftOffer = nil
        }
    }

    private mutating func ask(_ item: WizardForm.Item, _ catalog: Catalog) throws {
        switch item {
        case .text(let input):
            try askText(input)
        case .personas:
            try askPersona(catalog)
        case .section(_, let title, let note, let items):
            let filled = items.contains { item in
                if case .text(let input) = item, let text = state.text(of: input.field) {
                    return !text.isEmpty && !(input.field == .path && text == RoleSpec.defaultPath)
                }
                return false
            }
            guard try askYesNo(title, default: filled) else { return }
            if let note { say(note) }
            for item in items { try ask(item, catalog) }
        }
    }

    /// The review's other action and the lab's "Onboard user": both optional.
    private mutating func offerCreate(_ directory: String, _ services: WizardServices) throws -> String {
        // The files are saved: input that ends here just means "no".
        guard (try? askYesNo("Create the role in AWS now?", default: false)) == true else { return directory }
        let say = self.write
        switch services.createRole(state, EffectCancellation(), { say(VisibleText.keepingNewlines("  \($0)") + "\n") }) {
        case .failure(let report):
            show(report)
            return directory
        case .success(let arn):
            say("Created \(arn)\n")
            state.createdRoleArn = arn
            try? onboard(services)
            return directory + "\n" + arn
        }
    }

    /// Asks for the domain, names and version until they are valid; a domain AWS does not
    /// know is asked again (Enter skips).
    private mutating func onboard(_ services: WizardServices) throws {
        while true {
            let domain = try ask("Onboard Studio users: \(WizardForm.onboardDomain.label) id or name (Enter to skip)",
                                 default: state.onboardDomain, pick: .domains, multiple: false)
            if domain.isEmpty { return }
            if let problem = OnboardingInput.domainProblem(domain) { say("! \(problem)"); continue }
            state.onboardDomain = domain
            var users: [String] = []
            while users.isEmpty {
                let text = try ask("\(WizardForm.onboardUsers.label) (\(WizardForm.onboardUsers.hint ?? ""))", default: "")
                let problems = OnboardingInput.nameProblems(text)
                for problem in problems { say("! \(problem)") }
                if problems.isEmpty { users = OnboardingInput.names(text) }
                if problems.isEmpty && users.isEmpty { say("! give at least one user profile name") }
            }
            var image = ""
            while true {
                image = try ask("\(WizardForm.onboardImage.label): 3, 1 or an image ARN (Enter for the domain's default)",
                                default: "", pick: .jupyterLabVersions, multiple: false)
                guard let problem = OnboardingInput.imageProblem(image) else { break }
                say("! \(problem)")
            }
            let request = OnboardRequest(domainId: domain, users: users, image: image.isEmpty ? nil : image)
            let say = self.write
            switch services.onboard(state, request, EffectCancellation(), { say(VisibleText.keepingNewlines("  \($0)") + "\n") }) {
            case .success(let outcomes):
                show(OnboardingOutcome.report(domain: domain, outcomes: outcomes))
                return
            case .failure(let report):
                show(report)
            }
        }
    }

    private func show(_ report: ActionReport) {
        say((report.succeeded ? "" : "! ") + report.title)
        for section in report.sections {
            say("  \(section.heading)")
            for line in section.lines { say("    \(line)") }
        }
    }

    /// Every line shown is `VisibleText`: questions and messages quote answers, the catalog
    /// and AWS errors, and a value is one line (its own newlines shown as `\u000a`).
    private func say(_ text: String) { write(VisibleText.keepingNewlines(text) + "\n") }

    private func ask(_ question: String, default value: String) throws -> String {
        let question = VisibleText.singleLine(question)
        write(value.isEmpty ? "\(question): " : "\(question) [\(VisibleText.singleLine(value))]: ")
        guard let line = readLine() else { throw PlainError.endOfInput(question) }
        let answer = line.trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? value : (answer == "-" ? "" : answer)
    }

    /// A question with a pick list: `?` lists the rows (`?word` those holding the word),
    /// numbered; an answer of those numbers takes their values, anything else is taken as typed.
    private mutating func ask(_ question: String, default value: String, pick kind: LookupKind?, multiple: Bool)
        throws -> String
    {
        guard let kind, let lookup else { return try ask(question, default: value) }
        let shown = question + " (? lists \(kind.noun)\(kind.isBuiltIn ? "" : " from the account"))"
        while true {
            let answer = try ask(shown, default: value)
            if answer.hasPrefix("?") {
                switch lookup(kind, state.answers.region.trimmingCharacters(in: .whitespaces)) {
                case .failure(let failure):
                    say("! no list: \(failure.reason); type the value instead")
                case .success(let rows):
                    let filter = answer.dropFirst().trimmingCharacters(in: .whitespaces)
                    let matching = PickItem.matching(rows, filter: filter)
                    if matching.isEmpty { say("  no \(kind.noun)\(filter.isEmpty ? "" : " hold '\(filter)'")") }
                    for (i, row) in matching.prefix(Self.pickRowsShown).enumerated() {
                        say("  \(i + 1). \(row.title)  \(row.detail)")
                    }
                    if matching.count > Self.pickRowsShown {
                        say("  … \(matching.count - Self.pickRowsShown) more: narrow with ?word")
                    }
                    offered = (kind, Array(matching.prefix(Self.pickRowsShown)))
                    say("  Answer with \(multiple ? "numbers and values (comma-separated)" : "a number"), "
                        + "or type the value.")
                }
                continue
            }
            guard let rows = offered?.kind == kind ? offered?.rows : nil, !rows.isEmpty else { return answer }
            // A listed row's own value is that value (JupyterLab "3"); another number is a row.
            let parts = answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            var values: [String] = []
            var wrong: [String] = []
            for part in parts {
                if rows.contains(where: { $0.value == part }) {
                    values.append(part)
                } else if let n = Int(part) {
                    if rows.indices.contains(n - 1) { values.append(rows[n - 1].value) } else { wrong.append(part) }
                } else {
                    values.append(part)
                }
            }
            if !wrong.isEmpty || (!multiple && values.count > 1) {
                say("! answer \(multiple ? "numbers" : "one number") from 1 to \(rows.count), or type the value")
                continue
            }
            return values.joined(separator: ", ")
        }
    }

    /// Rows `?` prints at most; a longer list asks to be narrowed.
    static let pickRowsShown = 40

    private func askYesNo(_ question: String, default value: Bool) throws -> Bool {
        while true {
            let answer = try ask(question + " (y/n)", default: value ? "y" : "n").lowercased()
            if ["y", "yes"].contains(answer) { return true }
            if ["n", "no"].contains(answer) { return false }
            say("! answer y or n")
        }
    }

    /// Asks for a text field until the engine finds nothing wrong with it. `-` clears it.
    private mutating func askText(_ input: WizardForm.TextInput) throws {
        let hint = input.hint.map { " (\($0)\(input.list ? ", comma-separated" : ""))" } ?? ""
        try askText(input.field, input.label + hint)
    }

    private mutating func askText(_ field: FieldID, _ question: String) throws {
        let kind = state.lookupKind(for: field)
        let kept = state.text(of: field) ?? ""
        while true {
            let value = try ask(question, default: kept, pick: kind, multiple: WizardForm.isList(field))
            state.setPlainText(value, of: field)
            let problems = state.issues.messages(for: field)
            if problems.isEmpty { return }
            for problem in problems { say("! \(problem)") }
            // Asked again with the value it had, not the refused one.
            state.setPlainText(kept, of: field)
        }
    }

    private mutating func askPersona(_ catalog: Catalog) throws {
        for (i, persona) in catalog.personas.enumerated() { say("  \(i + 1). \(persona.title): \(persona.summary)") }
        while true {
            let current = catalog.personas.firstIndex { $0.id == state.answers.persona }.map { String($0 + 1) } ?? ""
            let answer = try ask("Persona (1-\(catalog.personas.count))", default: current)
            if let n = Int(answer), catalog.personas.indices.contains(n - 1) {
                let id = catalog.personas[n - 1].id
                if id != state.answers.persona { state.answers.choosePersona(id, catalog: catalog) }
                return
            }
            say("! choose a number from 1 to \(catalog.personas.count)")
        }
    }

    /// Numbers to toggle; an answer with any bad number changes nothing (never half-applied).
    private mutating func askActivities(_ catalog: Catalog) throws {
        while true {
            for (i, activity) in catalog.activities.enumerated() {
                say("  \(state.answers.activities.contains(activity.id) ? "[x]" : "[ ]") \(i + 1). \(activity.title)")
            }
            let answer = try ask("Numbers to select or unselect (comma-separated), Enter when done", default: "")
            if answer.isEmpty { return }
            let parts = answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let bad = parts.filter { Int($0).map { !catalog.activities.indices.contains($0 - 1) } ?? true }
            if !bad.isEmpty {
                say("! \(bad.map { "'\($0)'" }.joined(separator: ", ")) \(bad.count == 1 ? "is" : "are") not a number from 1 to "
                    + "\(catalog.activities.count); nothing was changed")
                continue
            }
            for part in parts { state.answers.toggleActivity(catalog.activities[Int(part)! - 1].id, catalog: catalog) }
        }
    }

    private mutating func askParameters(_ catalog: Catalog) throws {
        for id in state.answers.activities {
            guard let activity = catalog.activity(id) else { continue }
            for parameter in activity.parameters {
                try askText(.parameter(activity: id, key: parameter.key),
                            "\(activity.title): \(parameter.title) (\(parameter.required ? "required" : "optional"), "
                            + "\(parameter.kind.allowedDescription); comma-separated)")
            }
        }
    }

    private mutating func askManagedPolicies() throws {
        while true {
            let answer = try ask("Extra managed policy ARNs (comma-separated, - for none)",
                                 default: state.answers.managedPolicies.joined(separator: ", "), pick: .policies, multiple: true)
            state.answers.managedPolicies = WizardAnswers.list(answer)
            let problems = state.issues.messages(for: .customPolicyArn)
            if problems.isEmpty { return }
            for problem in problems { say("! \(problem)") }
        }
    }

    private mutating func askTags() throws {
        while true {
            let current = state.answers.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let answer = try ask("Tags as key=value (comma-separated, - for none)", default: current)
            state.answers.tags = answer.split(separator: ",").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return WizardAnswers.Tag(key: parts[0].trimmingCharacters(in: .whitespaces),
                                         value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            }
            let problems = state.issues.all(in: .policies).filter { entry in
                if case .tagKey? = entry.field { return true }
                if case .tagValue? = entry.field { return true }
                return entry.field == nil
            }
            if problems.isEmpty { return }
            for problem in problems { say("! \(problem.message)") }
        }
    }

    /// The formats as the save dialog offers them; `all` means every one, and an unknown
    /// name is asked again (never silently dropped).
    private func askFormats() throws -> [ExportFormat] {
        let names = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        while true {
            let answer = try ask("Formats (\(names), or all; comma-separated)", default: "json")
            do throws(ExportFormatError) {
                return try ExportFormat.parseList(answer)
            } catch {
                say("! '\(error.name)' is not a format; allowed: \(names), or all")
            }
        }
    }

    /// The plan, or nil after telling what blocks it and asking again for the fields at fault.
    private mutating func planOrAsk() throws -> RolePlan? {
        for step in [WizardStep.role, .activities, .policies] {
            for problem in state.issues.all(in: step) {
                say("! \(problem.message)")
                if let field = problem.field, field.kind == .text {
                    try askText(field, "Fix \(WizardForm.label(of: field, catalog: state.catalog))")
                    return nil
                }
            }
        }
        state.buildPlan()
        if let error = state.planError {
            say("! \(error)")
            try askActivities(state.catalog)
            return nil
        }
        return state.plan
    }
}

extension String {
    var trimmingSpacesForPlain: String { trimmingCharacters(in: .whitespaces) }
}

/// Rows of a lookup as they arrive (on the lookup's own threads), for plain mode's `?`.
final class RowCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [PickItem] = []
    func add(_ more: [PickItem]) { lock.lock(); rows += more; lock.unlock() }
    var all: [PickItem] { lock.lock(); defer { lock.unlock() }; return rows }
}
