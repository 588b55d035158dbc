import ArgumentParser
import RoleEngine
import RoleExport

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Every statement of the planned role's policies: what it allows, the activity and parameter "
            + "it came from, and why."
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Flag(name: .long, help: "Print as JSON.")
    var json = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let (plan, catalog) = try engine.plan(answers: answers)
        let describer: StatementDescriber
        do {
            describer = StatementDescriber(database: try IAMActionDatabase.bundled())
        } catch {
            Console.error(error.description)
            throw ExitCode(1)
        }
        Console.out(json ? PlanExplainer.json(plan, describer: describer).pretty()
                    : PlanExplainer.text(plan, catalog: catalog, describer: describer))
    }
}
