import ArgumentParser
import RoleEngine
import RoleExport

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Every statement of the planned role's policies, with the activity and parameter it came from and why."
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Flag(name: .long, help: "Print as JSON.")
    var json = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let (plan, catalog) = try engine.plan(answers: answers)
        Console.out(json ? PlanExplainer.json(plan).pretty() : PlanExplainer.text(plan, catalog: catalog))
    }
}
