import ArgumentParser
import Foundation
import RoleEngine
import AWSClient
import RoleApply
import RoleExport
import RoleFiles
import TerminalUI
import WizardCore

struct WizardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "The four Role Manager steps in a full-screen terminal wizard (the default command).",
        discussion: """
            The wizard draws on /dev/tty, so stdout stays free: the saved folder is printed there. \
            Answers are saved as a draft after every change; --resume brings them back after a crash. \
            Exit codes: 0 saved; 1 left without saving; 2 no terminal; 130/143 interrupted.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Prefill every step from an answers file.", valueName: "file"))
    var answers: String?

    @Flag(name: .long, help: "Restore the draft of an earlier run (after a crash, kill or Ctrl-C).")
    var resume = false

    @Option(name: .long, help: ArgumentHelp("Folder to save into (default: ./smrole-out/<role name>/).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Ask line by line instead of drawing a screen (also when TERM=dumb).")
    var plain = false

    @OptionGroup var aws: AWSOptions
    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if resume && answers != nil { throw ArgumentParser.ValidationError("--resume and --answers cannot be combined: choose one source of answers") }
    }

    func run() throws {
        let catalog = try engine.loadCatalog()
        let drafts = DraftStore()
        var state = try initialState(catalog: catalog, drafts: drafts)
        if let out { state.chosenSaveDirectory = out }
        let services = self.services(catalog: catalog, drafts: drafts)
        if plain || ProcessInfo.processInfo.environment["TERM"] == "dumb" {
            var wizard = PlainWizard(state: state)
            do {
                let directory = try wizard.run(services)
                Console.out(directory)
                return
            } catch {
                Console.error("smrole wizard: \(error)")
                throw ExitCode(1)
            }
        }
        do {
            switch try WizardDriver().run(state, services: services) {
            case .finished(.created(let arn)):
                Console.out(arn)
            case .finished(.saved(let directory)):
                Console.out(directory)
            case .finished(.cancelled):
                Console.error("No files written. Your answers are in the draft (\(drafts.path)); smrole wizard --resume brings them back.")
                throw ExitCode(1)
            case .interrupted(let signal):
                Console.error("Interrupted. Your answers are in the draft (\(drafts.path)); smrole wizard --resume brings them back.")
                throw ExitCode(128 + signal)
            }
        } catch let error as TerminalError {
            Console.error("smrole wizard: \(error)")
            throw ExitCode(2)
        }
    }

    private func services(catalog: Catalog, drafts: DraftStore) -> WizardServices {
        let command = self
        return WizardServices(
            save: { state, directory, formats in Self.save(state, directory: directory, formats: formats) },
            saveDraft: { state in try? drafts.save(state) },
            createRole: { state, cancellation, progress in
                command.createRole(state, catalog: catalog, cancellation: cancellation, progress: progress)
            },
            onboard: { state, request, cancellation, progress in
                command.onboard(state, request: request, cancellation: cancellation, progress: progress)
            },
            lookup: { request, cancellation, deliver in
                WizardLookups(aws: command.aws).run(request, cancellation: cancellation, deliver: deliver)
            })
    }

    private func initialState(catalog: Catalog, drafts: DraftStore) throws -> WizardState {
        let size = Size(width: 80, height: 24)
        let options = WizardState.Options(maxManagedPolicies: engine.maxManagedPolicies,
                                          allowUnknownRegion: engine.allowsUnknownRegion)
        if resume {
            do {
                guard let draft = try drafts.load() else {
                    Console.error("--resume: there is no draft at \(drafts.path) to resume")
                    throw ExitCode(1)
                }
                return WizardState(restoring: draft, catalog: catalog, size: size, options: options)
            } catch let error as WizardDraft.DraftError {
                Console.error("--resume: \(drafts.path): \(error)")
                throw ExitCode(1)
            }
        }
        if let answers {
            do {
                let loaded = try AnswersReader.load(path: answers)
                return WizardState(catalog: catalog, answers: WizardAnswers(spec: loaded.spec, catalog: catalog), size: size, options: options)
            } catch let error as AnswersFileError {
                Console.error(error.description)
                throw ExitCode(1)
            }
        }
        // A draft of an earlier run is offered, never overwritten by the first keystroke.
        if let draft = try? drafts.load(), let savedAt = drafts.modificationTime() {
            return WizardState(offering: DraftOffer(draft: draft, savedAt: savedAt), catalog: catalog, size: size, options: options)
        }
        return WizardState(catalog: catalog, size: size, options: options)
    }

    /// The wizard's Create action: `smrole apply` for the wizard's answers. Ctrl-C
    /// (`cancellation`) stops it as it stops `smrole apply`: calls in flight are aborted and
    /// what the run changed is rolled back; a second one gives the rollback up.
    func createRole(_ state: WizardState, catalog: Catalog, cancellation: EffectCancellation,
                    progress: @escaping @Sendable (String) -> Void) -> Result<String, ActionReport> {
        let spec = state.answers.spec().spec
        let notCreated = "The role was not created"
        func nothingChanged(_ why: String) -> ActionReport {
            ActionReport(title: notCreated, summary: "Not created: \(why)",
                         sections: [.init("Why", [why]), .init("Undone", ["nothing had been changed"])], succeeded: false)
        }
        let interruption = ApplyInterruption { count in if count <= 2 { CurlTransport.cancelInFlight() } }
        cancellation.onCancel { _ in interruption.raise(SIGINT) }
        let session: AWSSession
        do {
            // Warnings of the credential chain (expired credentials) go to the status line:
            // stderr would be drawn over by ncurses.
            session = try AWSSession.resolve(profile: aws.profile, region: aws.region, endpointURL: aws.endpointUrl,
                                             fallbackRegion: spec.region, warn: { progress("Warning: \($0)") })
        } catch {
            return .failure(nothingChanged("\(error)"))
        }
        progress("Asking STS which account the credentials belong to…")
        let plan: RolePlan
        do throws(AccountPlan.Failure) {
            plan = try AccountPlan.build(spec, catalog: catalog, options: engine.builderOptions, session: session).plan
        } catch {
            if cancellation.cancellations > 0 { return .failure(nothingChanged("stopped with Ctrl-C before anything was changed")) }
            return .failure(nothingChanged(error.description))
        }
        if cancellation.cancellations > 0 { return .failure(nothingChanged("stopped with Ctrl-C before anything was changed")) }
        do {
            let iam = try session.iam()
            let report = try RoleApplier(iam: iam, journals: { FileJournalStore(account: $0, role: $1) },
                                         interruption: interruption, progress: progress).apply(plan, update: false)
            return .success(report.roleArn)
        } catch let error as ApplyError {
            return .failure(Self.report(error, roleName: plan.roleName))
        } catch {
            return .failure(nothingChanged("\(error)"))
        }
    }

    /// The whole story of an apply that did not finish, for the wizard's report view.
    static func report(_ error: ApplyError, roleName: String) -> ActionReport {
        func undoing(_ rollback: Rollback) -> [ActionReport.Section] {
            var sections: [ActionReport.Section] = [
                .init("Undone", rollback.undone.isEmpty ? ["nothing had been changed"] : rollback.undone),
            ]
            if !rollback.notUndone.isEmpty { sections.append(.init("Could NOT be undone (still in the account)", rollback.notUndone)) }
            if !rollback.abandoned.isEmpty {
                sections.append(.init("Not undone, \(rollback.abandonReason ?? "rollback stopped") (still in the account)",
                                      rollback.abandoned))
            }
            if let journal = rollback.journal {
                sections.append(.init("What is left", ["recorded in \(journal); smrole apply --rollback undoes it"]))
            }
            return sections
        }
        let title = "The role \(roleName) was not created"
        switch error {
        case .failed(let step, let aws, let rollback):
            let left = rollback.isComplete ? "everything it did was undone" : "some changes are still in the account"
            return ActionReport(title: title, summary: "Not created: failed at \(step); \(left) (see the report)",
                                sections: [.init("What failed", [step]), .init("AWS said", [aws.description])] + undoing(rollback),
                                succeeded: false)
        case .interrupted(_, let rollback):
            let left = rollback.isComplete ? "what it did was undone" : "some changes are still in the account"
            return ActionReport(title: "Create stopped with Ctrl-C", summary: "Create stopped; \(left)",
                                sections: undoing(rollback), succeeded: false)
        case .refused(let differences):
            return ActionReport(title: title, summary: "Not created: the role exists and differs from these answers",
                                sections: [.init("The role in AWS differs", differences),
                                           .init("What to do", ["save the files and run smrole apply --update"])],
                                succeeded: false)
        case .journal(let reason), .invalidPlan(let reason):
            return ActionReport(title: title, summary: "Not created: \(reason)",
                                sections: [.init("Why", [reason]), .init("Undone", ["nothing had been changed"])], succeeded: false)
        }
    }

    /// The wizard's onboarding, as `smrole onboard --role <created role>`.
    func onboard(_ state: WizardState, request: OnboardRequest, cancellation: EffectCancellation,
                 progress: @escaping @Sendable (String) -> Void) -> Result<[OnboardingOutcome], ActionReport> {
        func notStarted(_ problems: [String]) -> ActionReport {
            ActionReport(title: "Nobody was onboarded", summary: "Not onboarded: \(problems.first ?? "")",
                         sections: [.init("Why", problems), .init("Created", ["no user profile"])], succeeded: false)
        }
        guard let roleArn = state.createdRoleArn else { return .failure(notStarted(["create the role first"])) }
        cancellation.onCancel { _ in CurlTransport.cancelInFlight() }
        do {
            let session = try AWSSession.resolve(profile: aws.profile, region: aws.region, endpointURL: aws.endpointUrl,
                                                 fallbackRegion: state.answers.spec().spec.region,
                                                 warn: { progress("Warning: \($0)") })
            let onboarder = Onboarder(sageMaker: try session.sageMaker())
            let image = try request.image.map { choice throws(JupyterLabImage.UnknownError) in
                try JupyterLabImage.arn(choice, region: session.region)
            }
            let rows = request.users.enumerated().map { OnboardingRow(user: $1, line: $0 + 1) }
            let names = Onboarder.InputNames(domain: WizardForm.onboardDomain.label, image: WizardForm.onboardImage.label)
            let domainId = try onboarder.domainId(for: request.domainId, region: session.region, names: names)
            let domain = try onboarder.validate(domainId: domainId, rows: rows, roleArn: roleArn, image: image, names: names)
            // Ctrl-C: calls in flight are aborted and rows not started are left for the retry.
            let results = try onboarder.run(domain: domain, rows: rows, roleArn: roleArn, image: image, concurrency: 8,
                                            stopped: { cancellation.cancellations > 0 }) { done, total, _ in
                progress("Onboarding: \(done) of \(total) done")
            }
            return .success(results.map { result in
                switch result.status {
                case .created: return OnboardingOutcome(name: result.row.user, status: .created)
                case .alreadyExists: return OnboardingOutcome(name: result.row.user, status: .alreadyThere)
                case .failed(let reason): return OnboardingOutcome(name: result.row.user, status: .failed(reason))
                }
            })
        } catch let error as OnboardingInputError {
            return .failure(notStarted(error.problems))
        } catch let error as JupyterLabImage.UnknownError {
            return .failure(notStarted(["\(WizardForm.onboardImage.label): \(error)"]))
        } catch {
            return .failure(notStarted(["\(error)"]))
        }
    }

    /// Writes the same files as `smrole generate` for the wizard's plan.
    static func save(_ state: WizardState, directory: String, formats: [String]) -> Result<SaveReport, SaveFailure> {
        var state = state
        state.buildPlan()
        guard let plan = state.plan else { return .failure(SaveFailure(state.planError ?? "the role cannot be built")) }
        // The folder the wizard offers is smrole-out/<role name>; a role named '..' must not make it the one above.
        if directory == "smrole-out/\(plan.roleName)", let problem = PathComponent.problem(plan.roleName) {
            return .failure(SaveFailure("the role name \(problem), so it cannot name the folder; type another Folder"))
        }
        let chosen = formats.compactMap(ExportFormat.init(rawValue:))
        let files = ExportFormat.files(for: plan, formats: chosen.isEmpty ? [.json] : chosen)
        do throws(OutputError) {
            try OutputDirectory(path: directory).write(files)
            return .success(SaveReport(directory: directory, files: files.map(\.path)))
        } catch {
            return .failure(SaveFailure(error.description))
        }
    }
}
