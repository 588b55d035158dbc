import Foundation
import RoleEngine
import WizardCore

/// The wizard as line-by-line prompts (`--plain`, or TERM=dumb): the same steps and the
/// same validation, asked one question at a time, re-asked until the answer is valid. No
/// redraws, nothing a screen reader has to untangle. Prompts go to stderr, results to stdout.
public struct PlainWizard {
    public typealias SaveHandler = WizardDriver.SaveHandler

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
    let write: (String) -> Void

    public init(state: WizardState, readLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) },
                write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.state = state
        self.readLine = readLine
        self.write = write
    }

    /// Asks every step, then saves, and offers to create the role in AWS and onboard users;
    /// returns what to print on stdout (the folder, and the role ARN when created).
    public mutating func run(save: SaveHandler, saveDraft: (WizardState) -> Void,
                             createRole: WizardDriver.CreateHandler, onboard: WizardDriver.OnboardHandler) throws -> String {
        let catalog = state.catalog
        say("smrole: SageMaker execution role, step by step. Press Enter to keep the value in brackets.")
        say("\nStep 1 of 4: Role settings")
        try askText(.roleName, "Role name (1-64 letters, digits, + = , . @ _ -)")
        try askText(.description, "Description (optional)")
        try askPersona(catalog)
        try askText(.account, "Account ID (optional, 12 digits)")
        try askText(.region, "Region (optional, e.g. us-east-1)")
        if try askYesNo("Restrict to a VPC and KMS keys?", default: !state.answers.subnets.isEmpty) {
            try askText(.subnets, "VPC subnets (comma-separated)")
            try askText(.securityGroups, "Security groups (comma-separated)")
            try askText(.volumeKeys, "Volume KMS key ARNs (comma-separated)")
            try askText(.dataKeys, "Data KMS key ARNs (comma-separated)")
        }
        saveDraft(state)
        say("\nStep 2 of 4: ML activities")
        try askActivities(catalog)
        for id in state.answers.activities {
            for parameter in catalog.activity(id)?.parameters ?? [] {
                try askText(.parameter(activity: id, key: parameter.key),
                            "\(catalog.activity(id)?.title ?? id): \(parameter.title) (\(parameter.required ? "required" : "optional"), comma-separated)")
            }
        }
        saveDraft(state)
        say("\nStep 3 of 4: Additional policies and tags")
        try askManagedPolicies()
        try askTags()
        saveDraft(state)
        say("\nStep 4 of 4: Review")
        while true {
            guard let plan = try planOrAsk() else { continue }
            say("Role \(plan.path)\(plan.roleName): \(plan.attachmentCount) of \(plan.managedPolicyQuota) managed policies attached")
            for policy in plan.policies { say("  \(policy.name)  \(policy.size) of \(PolicyPacker.policySizeLimit) characters") }
            for arn in plan.managedPolicyArns { say("  attach \(arn)") }
            for warning in plan.warnings { say("  ! \(warning)") }
            let directory = try ask("Save the files into", default: state.saveDirectory)
            let formats = try ask("Formats (json, cloudformation, terraform, cli, stackset; comma-separated)", default: "json")
            let list = formats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            switch save(state, directory, list) {
            case .success(let report):
                say("Saved \(report.files.count) files to \(report.directory)/")
                return try offerCreate(report.directory, createRole: createRole, onboard: onboard)
            case .failure(let failure):
                say("! Not saved: \(failure.message)")
            }
        }
    }

    /// The review's other action and the lab's "Onboard user": both optional.
    private mutating func offerCreate(_ directory: String, createRole: WizardDriver.CreateHandler,
                                      onboard: WizardDriver.OnboardHandler) throws -> String {
        // The files are saved: input that ends here just means "no".
        guard (try? askYesNo("Create the role in AWS now?", default: false)) == true else { return directory }
        switch createRole(state, { say("  \($0)") }) {
        case .failure(let failure):
            say("! Not created: \(failure.message)")
            return directory
        case .success(let arn):
            say("Created \(arn)")
            state.createdRoleArn = arn
            let domain = (try? ask("Onboard Studio users: domain id (Enter to skip)", default: "")) ?? ""
            if !domain.isEmpty {
                let users = WizardAnswers.list(try ask("User profile names (comma-separated)", default: ""))
                let image = try ask("JupyterLab version: 3, 1 or an image ARN (Enter for the domain's default)", default: "")
                switch onboard(state, domain, users, image.isEmpty ? nil : image, { say("  \($0)") }) {
                case .success(let summary): say(summary)
                case .failure(let failure): say("! Not onboarded: \(failure.message)")
                }
            }
            return directory + "\n" + arn
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

    private func askYesNo(_ question: String, default value: Bool) throws -> Bool {
        while true {
            let answer = try ask(question + " (y/n)", default: value ? "y" : "n").lowercased()
            if ["y", "yes"].contains(answer) { return true }
            if ["n", "no"].contains(answer) { return false }
            say("! answer y or n")
        }
    }

    /// Asks for a text field until the engine finds nothing wrong with it. `-` clears it.
    private mutating func askText(_ field: FieldID, _ question: String) throws {
        while true {
            let value = try ask(question, default: state.text(of: field) ?? "")
            state.setPlainText(value, of: field)
            let problems = state.issues.messages(for: field)
            if problems.isEmpty { return }
            for problem in problems { say("! \(problem)") }
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

    private mutating func askActivities(_ catalog: Catalog) throws {
        while true {
            for (i, activity) in catalog.activities.enumerated() {
                say("  \(state.answers.activities.contains(activity.id) ? "[x]" : "[ ]") \(i + 1). \(activity.title)")
            }
            let answer = try ask("Numbers to select or unselect (comma-separated), Enter when done", default: "")
            if answer.isEmpty { return }
            for part in answer.split(separator: ",") {
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), catalog.activities.indices.contains(n - 1) else {
                    say("! '\(part)' is not a number from 1 to \(catalog.activities.count)")
                    continue
                }
                state.answers.toggleActivity(catalog.activities[n - 1].id, catalog: catalog)
            }
        }
    }

    private mutating func askManagedPolicies() throws {
        while true {
            let answer = try ask("Extra managed policy ARNs (comma-separated, - for none)", default: state.answers.managedPolicies.joined(separator: ", "))
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

    /// The plan, or nil after telling what blocks it and asking again for the fields at fault.
    private mutating func planOrAsk() throws -> RolePlan? {
        for step in [WizardStep.role, .activities, .policies] {
            for problem in state.issues.all(in: step) {
                say("! \(problem.message)")
                if let field = problem.field, field.kind == .text {
                    try askText(field, "Fix \(field)")
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
