import ArgumentParser
import Foundation

/// The `smrole` command: every front of the tool wired to the shared engine.
@main
struct SmRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smrole",
        abstract: "SageMaker Role Manager for the terminal: least-privilege SageMaker execution roles.",
        discussion: """
            smrole \(SmroleVersion.text)

            Exit codes: 0 success; 1 invalid input or a refused operation; 2 usage error; \
            3 an AWS call failed; 4 simulate cannot decide (a policy's text or a value's meaning is missing), \
            or import wrote answers but some statements map to no activity; 130/143 interrupted.
            """,
        version: SmroleVersion.text,
        subcommands: [WizardCommand.self, GenerateCommand.self, PersonasCommand.self, ActivitiesCommand.self,
                      LintCommand.self, ExplainCommand.self, SimulateCommand.self, ApplyCommand.self,
                      OnboardCommand.self, ImportCommand.self],
        defaultSubcommand: WizardCommand.self
    )

    /// Usage errors exit 2 (DESIGN's contract) rather than ArgumentParser's 64. Every error
    /// message goes through `Console`, because it can quote what the user typed.
    static func main() {
        do {
            // The plain `generate` is read without ArgumentParser's reflection (GenerateInvocation); everything
            // else, and every error, goes through ArgumentParser.
            if let generate = GenerateInvocation.command(from: Array(CommandLine.arguments.dropFirst())) {
                try generate.validate()
                try generate.run()
                return
            }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Console.error(fullMessage(for: error))
                Console.error("Run 'smrole help' for usage.")
                Foundation.exit(2)
            }
            // Help and version are smrole's own text; ArgumentParser prints them to stdout.
            if code.isSuccess { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Console.error(message) }
            Foundation.exit(code.rawValue)
        }
    }
}
