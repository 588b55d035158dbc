import ArgumentParser
import Foundation
import RoleEngine
import RoleExport
import RoleFiles

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the role as files: answers.yaml, role.json, trust-policy.json, policies/*.json, and optionally CloudFormation, Terraform and an AWS CLI script.",
        discussion: "Nothing is written when the answers are invalid. Output replaces an earlier smrole output in one step."
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Output directory (default: ./smrole-out/<role name>/).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Comma-separated output formats: json, cloudformation, terraform, cli, or all; json is always written.", valueName: "formats"))
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
        let directory = out ?? "smrole-out/\(plan.roleName)"
        let files = ExportFormat.files(for: plan, formats: try ExportFormat.parseList(format))
        do {
            try OutputDirectory(path: directory).write(files)
        } catch let error as OutputError {
            Console.error("--out \(error.description)")
            throw ExitCode(1)
        }
        Console.out(PlanSummary.text(plan, directory: directory))
        for warning in plan.warnings { Console.error("warning: \(warning)") }
    }
}
