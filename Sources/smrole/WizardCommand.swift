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
        if let out {
            state.saveDirectory = out
            state.saveDirectoryChosen = true
        }
        let save: WizardDriver.SaveHandler = { state, directory, formats in Self.save(state, directory: directory, formats: formats) }
        let saveDraft: (WizardState) -> Void = { state in try? drafts.save(state) }

        let create: WizardDriver.CreateHandler = { state, progress in self.createRole(state, catalog: catalog, progress: progress) }
        let onboard: WizardDriver.OnboardHandler = { state, domain, users, image, progress in
            self.onboard(state, domainId: domain, users: users, image: image, progress: progress)
        }
        if plain || ProcessInfo.processInfo.environment["TERM"] == "dumb" {
            var wizard = PlainWizard(state: state)
            do {
                let directory = try wizard.run(save: save, saveDraft: saveDraft, createRole: create, onboard: onboard)
                Console.out(directory)
                return
            } catch {
                Console.error("smrole wizard: \(error)")
                throw ExitCode(1)
            }
        }
        do {
            switch try WizardDriver().run(state, save: save, saveDraft: saveDraft, createRole: create, onboard: onboard) {
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

    private func initialState(catalog: Catalog, drafts: DraftStore) throws -> WizardState {
        let size = Size(width: 80, height: 24)
        let options = WizardState.Options(maxManagedPolicies: engine.maxManagedPolicies)
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
        return WizardState(catalog: catalog, size: size, options: options)
    }

    /// The wizard's Create action: `smrole apply` for the wizard's answers.
    func createRole(_ state: WizardState, catalog: Catalog, progress: (String) -> Void) -> Result<String, SaveFailure> {
        withoutActuallyEscaping(progress) { progress in creating(state, catalog: catalog, progress: progress) }
    }

    /// Warnings of the credential chain (e.g. expired credentials) go to the wizard's status
    /// line: stderr would be drawn over by ncurses.
    private func creating(_ state: WizardState, catalog: Catalog, progress: @escaping (String) -> Void) -> Result<String, SaveFailure> {
        let spec = state.answers.spec().spec
        let session: AWSSession
        let lines = LineSink(progress)
        do {
            session = try AWSSession.resolve(profile: aws.profile, region: aws.region, endpointURL: aws.endpointUrl,
                                             fallbackRegion: spec.region, warn: { lines.send("Warning: \($0)") })
        } catch {
            return .failure(SaveFailure("\(error)"))
        }
        progress("Asking STS which account the credentials belong to…")
        let plan: RolePlan
        do throws(AccountPlan.Failure) {
            plan = try AccountPlan.build(spec, catalog: catalog, maxManagedPolicies: engine.maxManagedPolicies, session: session).plan
        } catch {
            return .failure(SaveFailure(error.description))
        }
        do {
            let iam = try session.iam()
            let report = try RoleApplier(iam: iam, journals: { FileJournalStore(account: $0, role: $1) }, progress: progress)
                .apply(plan, update: false)
            return .success(report.roleArn)
        } catch let error as ApplyError {
            if case .refused = error {
                return .failure(SaveFailure("the role exists and differs from these answers; save the files and run smrole apply --update"))
            }
            return .failure(SaveFailure(error.description.replacingOccurrences(of: "\n", with: " ")))
        } catch {
            return .failure(SaveFailure("\(error)"))
        }
    }

    /// The wizard's onboarding, as `smrole onboard --role <created role>`.
    func onboard(_ state: WizardState, domainId: String, users: [String], image: String?, progress: (String) -> Void) -> Result<String, SaveFailure> {
        withoutActuallyEscaping(progress) { progress in onboarding(state, domainId: domainId, users: users, image: image, progress: progress) }
    }

    private func onboarding(_ state: WizardState, domainId: String, users: [String], image: String?, progress: @escaping (String) -> Void) -> Result<String, SaveFailure> {
        guard let roleArn = state.createdRoleArn else { return .failure(SaveFailure("create the role first")) }
        do {
            let warnings = LineSink(progress)
            let session = try AWSSession.resolve(profile: aws.profile, region: aws.region, endpointURL: aws.endpointUrl,
                                                 fallbackRegion: state.answers.spec().spec.region,
                                                 warn: { warnings.send("Warning: \($0)") })
            let onboarder = Onboarder(sageMaker: try session.sageMaker())
            let image = try image.map { choice throws(JupyterLabImage.UnknownError) in try JupyterLabImage.arn(choice, region: session.region) }
            let rows = users.map { OnboardingRow(user: $0) }
            let domain = try onboarder.validate(domainId: domainId, rows: rows, roleArn: roleArn, image: image)
            let lines = LineSink(progress)
            let results = try onboarder.run(domain: domain, rows: rows, roleArn: roleArn, image: image, concurrency: 8) { done, total, _ in
                lines.send("Onboarding: \(done) of \(total) done")
            }
            let failed = results.filter { if case .failed = $0.status { return true }; return false }
            let created = results.filter { $0.status == .created }.count
            let summary = "\(created) created, \(results.count - created - failed.count) already there, \(failed.count) failed"
            if let first = failed.first, case .failed(let reason) = first.status {
                return .failure(SaveFailure("\(summary); \(first.row.user): \(reason)"))
            }
            return .success("Onboarded into \(domain.id): \(summary).")
        } catch let error as OnboardingInputError {
            return .failure(SaveFailure(error.problems.joined(separator: "; ")))
        } catch let error as JupyterLabImage.UnknownError {
            return .failure(SaveFailure("JupyterLab: \(error)"))
        } catch {
            return .failure(SaveFailure("\(error)"))
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

/// Progress from worker threads, passed on one line at a time.
final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private let sink: (String) -> Void
    init(_ sink: @escaping (String) -> Void) { self.sink = sink }
    func send(_ line: String) {
        lock.lock()
        sink(line)
        lock.unlock()
    }
}
