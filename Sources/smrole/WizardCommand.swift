import ArgumentParser
import Foundation
import RoleEngine
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

        if plain || ProcessInfo.processInfo.environment["TERM"] == "dumb" {
            var wizard = PlainWizard(state: state)
            do {
                let directory = try wizard.run(save: save, saveDraft: saveDraft)
                Console.out(directory)
                return
            } catch {
                Console.error("smrole wizard: \(error)")
                throw ExitCode(1)
            }
        }
        do {
            switch try WizardDriver().run(state, save: save, saveDraft: saveDraft) {
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

    /// Writes the same files as `smrole generate` for the wizard's plan.
    static func save(_ state: WizardState, directory: String, formats: [String]) -> Result<SaveReport, SaveFailure> {
        var state = state
        state.rebuildPlan()
        guard let plan = state.plan else { return .failure(SaveFailure(state.planError ?? "the role cannot be built")) }
        let chosen = formats.compactMap(ExportFormat.init(rawValue:))
        let files = ExportFormat.files(for: plan, formats: chosen.isEmpty ? [.json] : chosen)
        do {
            try OutputDirectory(path: directory).write(files)
            return .success(SaveReport(directory: directory, files: files.map(\.path)))
        } catch let error as OutputError {
            return .failure(SaveFailure(error.description))
        } catch {
            return .failure(SaveFailure("\(error)"))
        }
    }
}
