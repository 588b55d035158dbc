import ArgumentParser
import Foundation
import RoleEngine
import RoleFiles

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the role as files: answers.yaml, role.json, trust-policy.json, policies/*.json.",
        discussion: "Nothing is written when the answers are invalid. Output replaces an earlier smrole output in one step."
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Output directory (default: ./smrole-out/<role name>/).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Comma-separated output formats; json is always written.", valueName: "formats"))
    var format: String = "json"

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        let known = ["json"]
        for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !known.contains(name) {
            throw ArgumentParser.ValidationError("--format: '\(name)' is not a known format; allowed: \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        let (plan, _) = try engine.plan(answers: answers)
        let directory = out ?? "smrole-out/\(plan.roleName)"
        var files = [(path: "answers.yaml", content: AnswersWriter.yaml(plan.normalizedSpec))]
        files += PlanFiles.render(plan)
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
