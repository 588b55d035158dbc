import ArgumentParser
import RoleEngine

struct PersonasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "personas", abstract: "List the personas and the activities each preselects.")

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let catalog = try engine.loadCatalog()
        if json {
            Console.out(JSONValue.array(catalog.personas.map { persona in
                .object([
                    "id": .string(persona.id), "title": .string(persona.title), "summary": .string(persona.summary),
                    "activities": .array(persona.activities.map(JSONValue.string)),
                ])
            }).pretty())
            return
        }
        for persona in catalog.personas {
            Console.out("\(persona.id)  \(persona.title)")
            Console.out("    \(persona.summary)")
            Console.out("    activities: \(persona.activities.isEmpty ? "(none preselected)" : persona.activities.joined(separator: ", "))")
        }
    }
}

struct ActivitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activities", abstract: "List the ML activities, their parameters and VPC/KMS support.")

    @Option(name: .long, help: ArgumentHelp("Only the activities this persona preselects.", valueName: "persona"))
    var persona: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let catalog = try engine.loadCatalog()
        var activities = catalog.activities
        if let persona {
            guard let found = catalog.persona(persona) else {
                Console.error("--persona: '\(persona)' is not a persona; allowed: \(catalog.personas.map(\.id).joined(separator: ", "))")
                throw ExitCode(1)
            }
            activities = found.activities.compactMap { catalog.activity($0) }
        }
        if json {
            Console.out(JSONValue.array(activities.map { activity in
                .object([
                    "id": .string(activity.id), "title": .string(activity.title),
                    "template": .string(activity.template), "description": .string(activity.description),
                    "network": .bool(activity.network), "encryption": .bool(activity.encryption),
                    "managedPolicies": .array((activity.managedPolicies ?? []).map(JSONValue.string)),
                    "parameters": .array(activity.parameters.map { p in
                        .object([
                            "key": .string(p.key), "title": .string(p.title), "kind": .string(p.kind.rawValue),
                            "required": .bool(p.required), "help": .string(p.help),
                            "default": .array((p.default ?? []).map(JSONValue.string)),
                        ])
                    }),
                ])
            }).pretty())
            return
        }
        for activity in activities {
            var supports: [String] = []
            if activity.network { supports.append("VPC") }
            if activity.encryption { supports.append("KMS") }
            Console.out("\(activity.id)  \(activity.title)\(supports.isEmpty ? "" : "  [\(supports.joined(separator: ", "))]")")
            Console.out("    \(activity.description)")
            for p in activity.parameters {
                let defaults = p.default.map { " (default: \($0.joined(separator: ", ")))" } ?? ""
                Console.out("    \(p.key)\(p.required ? " (required)" : "")\(defaults): \(p.help)")
            }
        }
    }
}
