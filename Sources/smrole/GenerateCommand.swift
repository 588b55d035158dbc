import ArgumentParser
import Foundation
import RoleEngine
import RoleExport
import RoleFiles

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the role as files: answers.yaml, role.json, trust-policy.json, policies/*.json, and optionally CloudFormation, Terraform and an AWS CLI script.",
        discussion: """
            Nothing is written when the answers are invalid. In an existing folder smrole replaces only the files it \
            wrote there before (listed in .smrole-manifest) and keeps every other file; it refuses to overwrite a \
            file it did not write.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Output directory (default: ./smrole-out/<role name>/).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp(
        "Comma-separated output formats: json, cloudformation, terraform, cli, stackset (with cloudformation), or all; "
            + "json is always written.", valueName: "formats"))
    var format: String = "json"

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        do {
            _ = try ExportFormat.parseList(format)
        } catch {
            throw ArgumentParser.ValidationError(error.description)
        }
    }

    func run() throws {
        let (plan, _) = try engine.plan(answers: answers)
        let directory: String
        if let out {
            directory = out
        } else {
            do throws(UnsafeRoleFolderError) {
                directory = try DefaultOutputFolder.path(forRole: plan.roleName)
            } catch {
                Console.error("\(answers): \(error)")
                throw ExitCode(1)
            }
        }
        let files = ExportFormat.files(for: plan, formats: try ExportFormat.parseList(format))
        do throws(OutputError) {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Console.error("--out \(error.description)")
            throw ExitCode(1)
        }
        Console.out(PlanSummary.text(plan, directory: directory))
        for warning in plan.warnings { Console.error("warning: \(warning)") }
    }
}
