import ArgumentParser
import RoleEngine
import RoleExport

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Would the planned role be allowed an action? A local evaluation of its policies as IAM evaluates them.",
        discussion: """
            Evaluates the role's customer-managed policies; attached AWS-managed policies and a permissions \
            boundary are listed as not evaluated. Exit 0 when allowed, 1 when denied.
            Example: smrole simulate --answers a.yaml --action sagemaker:CreateTrainingJob \
            --context sagemaker:VpcSubnets=subnet-0a1b2c3d4e5f67890
            """
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("The action, e.g. sagemaker:CreateTrainingJob.", valueName: "service:action"))
    var action: String

    @Option(name: .long, help: ArgumentHelp("The resource ARN (default: any resource).", valueName: "arn"))
    var resource: String?

    @Option(name: .long, help: ArgumentHelp("A condition key and value; repeat a key for several values.", valueName: "key=value"))
    var context: [String] = []

    @Flag(name: .long, help: "Print as JSON.")
    var json = false

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count != 2 || parts.contains(where: \.isEmpty) {
            throw ArgumentParser.ValidationError("--action: '\(action)' is not service:action, e.g. sagemaker:CreateTrainingJob")
        }
        if let resource, resource != "*", !(resource.hasPrefix("arn:") && resource.split(separator: ":", omittingEmptySubsequences: false).count >= 6) {
            throw ArgumentParser.ValidationError("--resource: '\(resource)' is not an ARN (arn:partition:service:region:account:resource)")
        }
        do { _ = try RequestContext.parse(context) } catch { throw ArgumentParser.ValidationError(error.description) }
    }

    func run() throws {
        let (plan, _) = try engine.plan(answers: answers)
        let simulator = PolicySimulator(plan: plan)
        let request = PolicySimulator.Request(action: action, resource: resource == "*" ? nil : resource,
                                              context: try RequestContext.parse(context))
        let result = simulator.evaluate(request)
        Console.out(json ? Self.json(result, request, simulator).pretty() : Self.text(result, request, simulator))
        if !result.allowed { throw ExitCode(1) }
    }

    static func text(_ result: PolicySimulator.Result, _ request: PolicySimulator.Request, _ simulator: PolicySimulator) -> String {
        var out = "\(request.action) on \(request.resource ?? "any resource"): "
        switch result.decision {
        case .allowed: out += "ALLOWED"
        case .explicitDeny: out += "DENIED (explicit deny)"
        case .implicitDeny: out += "DENIED (no statement allows it)"
        }
        for statement in result.deciding {
            out += "\n  by \(statement.policy), \(statement.statement)"
            if let activity = statement.provenance?.activity { out += ", activity \(activity)" }
            if let why = statement.provenance?.why { out += "\n     \(why)" }
        }
        for miss in result.nearMisses {
            out += "\n  not \(miss.policy), \(miss.statement): \(miss.failure ?? "")"
        }
        if !simulator.notEvaluated.isEmpty {
            out += "\n  not evaluated (smrole does not have their text): " + simulator.notEvaluated.joined(separator: ", ")
        }
        return out
    }

    static func json(_ result: PolicySimulator.Result, _ request: PolicySimulator.Request, _ simulator: PolicySimulator) -> JSONValue {
        func entry(_ s: PolicySimulator.StatementResult) -> JSONValue {
            var e: [String: JSONValue] = ["policy": .string(s.policy), "statement": .string(s.statement), "effect": .string(s.effect.rawValue)]
            if let activity = s.provenance?.activity { e["activity"] = .string(activity) }
            if let failure = s.failure { e["failure"] = .string(failure) }
            return .object(e)
        }
        var object: [String: JSONValue] = [
            "action": .string(request.action),
            "decision": .string(result.decision.rawValue),
            "allowed": .bool(result.allowed),
            "deciding": .array(result.deciding.map(entry)),
            "nearMisses": .array(result.nearMisses.map(entry)),
            "notEvaluated": .array(simulator.notEvaluated.map(JSONValue.string)),
        ]
        if let resource = request.resource { object["resource"] = .string(resource) }
        return .object(object)
    }
}
