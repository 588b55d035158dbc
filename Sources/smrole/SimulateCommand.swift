import ArgumentParser
import Foundation
import RoleEngine
import RoleExport
import RoleFiles

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Would the planned role be allowed an action? A local evaluation of its policies as IAM "
            + "evaluates them.",
        discussion: """
            Evaluates the role's customer-managed policies, the AWS-managed policies it attaches (documents \
            shipped with smrole) and its permissions boundary (--boundary-file, or a shipped AWS-managed \
            document). The request context starts with aws:PrincipalAccount, aws:PrincipalArn, \
            aws:PrincipalType (AssumedRole), aws:RequestedRegion and aws:PrincipalTag/* from the plan; \
            --context replaces any of them.
            Exit codes: 0 allowed, 1 denied (or invalid input), 4 undetermined: something the answer depends on \
            is missing (an attached policy or boundary smrole has no text of, a value IAM does not document), \
            and the output says what. With --requests, each line of FILE is a JSON request \
            ({"action": …, "resource": …, "context": {key: value or [values]}}); one JSON answer per line \
            is printed and the exit code is 0 once all are answered.
            Example: smrole simulate --answers a.yaml --action sagemaker:CreateTrainingJob \
            --context sagemaker:VpcSubnets=subnet-0a1b2c3d4e5f67890
            """
    )

    static let undeterminedExitCode: Int32 = 4

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("The action, e.g. sagemaker:CreateTrainingJob.", valueName: "service:action"))
    var action: String?

    @Option(name: .long, help: ArgumentHelp("The resource ARN (default: any resource).", valueName: "arn"))
    var resource: String?

    @Option(name: .long, help: ArgumentHelp("A condition key and value; repeat a key for several values.", valueName: "key=value"))
    var context: [String] = []

    @Option(name: .long, help: ArgumentHelp("The role's permissions boundary as a policy file (JSON).", valueName: "file"))
    var boundaryFile: String?

    @Option(name: .long, help: ArgumentHelp("Many requests, one JSON object per line, instead of --action.", valueName: "file"))
    var requests: String?

    @Flag(name: .long, help: "Print as JSON.")
    var json = false

    @OptionGroup var engine: EngineOptions

    /// Request files are a line per request; a million lines is far past any review.
    static let requestsSizeLimit = 64 << 20
    static let boundarySizeLimit = 1 << 20

    func validate() throws {
        switch (action, requests) {
        case (nil, nil): throw ValidationError("give --action (one request) or --requests FILE (many)")
        case (_?, _?): throw ValidationError("give --action or --requests, not both")
        case (nil, _?):
            if resource != nil || !context.isEmpty {
                throw ValidationError("--resource and --context go with --action; in --requests each line has its own")
            }
        case (let action?, nil):
            if let problem = SimulationInput.actionProblem(action) { throw ValidationError("--action: " + problem) }
            if let resource, let problem = SimulationInput.resourceProblem(resource) {
                throw ValidationError("--resource: " + problem)
            }
            do { _ = try RequestContext.parse(context) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let (plan, _) = try engine.plan(answers: answers)
        let boundary = try boundaryFile.map(Self.readBoundary)
        let simulator = PolicySimulator(plan: plan, boundaryDocument: boundary)
        if let requests {
            let list = try Self.readRequests(requests)
            var out = ""
            for (index, request) in list.enumerated() {
                var answer = Self.json(simulator.evaluate(request), request, simulator)
                if case .object(var members) = answer { members["request"] = .int(index + 1); answer = .object(members) }
                out += answer.minified() + "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        let request = PolicySimulator.Request(action: action ?? "", resource: resource == "*" ? nil : resource,
                                              context: try RequestContext.parse(context))
        let result = simulator.evaluate(request)
        Console.out(json ? Self.json(result, request, simulator).pretty() : Self.text(result, request, simulator))
        switch result.decision {
        case .allowed: return
        case .undetermined: throw ExitCode(Self.undeterminedExitCode)
        case .explicitDeny, .implicitDeny: throw ExitCode(1)
        }
    }

    static func readBoundary(_ path: String) throws -> PolicySimulator.Source {
        do {
            let data = try InputFile.read(path, limit: boundarySizeLimit, what: "policy files")
            guard let text = String(data: data, encoding: .utf8) else {
                Console.error("--boundary-file \(VisibleText.singleLine(path)): the file is not UTF-8 text")
                throw ExitCode(1)
            }
            return try BoundaryDocument.read(text, name: path)
        } catch let error as InputFileError {
            Console.error("--boundary-file \(error)")
        } catch let error as BoundaryDocumentError {
            Console.error("--boundary-file \(VisibleText.singleLine(path)) \(error)")
        }
        throw ExitCode(1)
    }

    static func readRequests(_ path: String) throws -> [PolicySimulator.Request] {
        do {
            let data = try InputFile.read(path == "-" ? "/dev/stdin" : path, limit: requestsSizeLimit, what: "request files")
            guard let text = String(data: data, encoding: .utf8) else {
                Console.error("--requests \(VisibleText.singleLine(path)): the file is not UTF-8 text")
                throw ExitCode(1)
            }
            return try SimulationRequestFile.parse(text)
        } catch let error as InputFileError {
            Console.error("--requests \(error)")
        } catch let error as SimulationRequestError {
            Console.error("--requests \(VisibleText.singleLine(path)), \(error)")
        }
        throw ExitCode(1)
    }

    static func text(_ result: PolicySimulator.Result, _ request: PolicySimulator.Request,
                     _ simulator: PolicySimulator) -> String {
        let line = VisibleText.singleLine
        var out = "\(line(request.action)) on \(line(request.resource ?? "any resource")): "
        switch result.decision {
        case .allowed: out += "ALLOWED"
        case .explicitDeny: out += "DENIED (explicit deny)"
        case .implicitDeny:
            out += result.deniedByBoundary ? "DENIED (the permissions boundary does not allow it)"
                : "DENIED (no statement allows it)"
        case .undetermined: out += "UNDETERMINED (smrole lacks something the answer depends on)"
        }
        for statement in result.deciding {
            out += result.deniedByBoundary ? "\n  the role's policies allow it, " : "\n  by "
            out += "\(line(statement.policy)), \(line(statement.statement))"
            if let activity = statement.provenance?.activity { out += ", activity \(activity)" }
            if let why = statement.provenance?.why { out += "\n     \(line(why))" }
        }
        for miss in result.nearMisses {
            let why = miss.failure ?? miss.unknownBecause.map { "unknown: " + $0 } ?? ""
            out += "\n  not \(line(miss.policy)), \(line(miss.statement)): \(line(why))"
        }
        for missing in result.missing {
            out += "\n  missing: \(line(missing))"
        }
        if !simulator.managedPoliciesEvaluated.isEmpty {
            out += "\n  AWS-managed policies evaluated (\(AWSManagedPolicyLibrary.bundled.source)): "
                + simulator.managedPoliciesEvaluated.map { "\($0.arn) \($0.versionId)" }.joined(separator: ", ")
        }
        return out
    }

    static func json(_ result: PolicySimulator.Result, _ request: PolicySimulator.Request,
                     _ simulator: PolicySimulator) -> JSONValue {
        func entry(_ s: PolicySimulator.StatementResult) -> JSONValue {
            var e: [String: JSONValue] = ["policy": .string(s.policy), "statement": .string(s.statement),
                                          "effect": .string(s.effect.rawValue)]
            if let activity = s.provenance?.activity { e["activity"] = .string(activity) }
            if let failure = s.failure { e["failure"] = .string(failure) }
            if let unknown = s.unknownBecause { e["unknown"] = .string(unknown) }
            return .object(e)
        }
        var object: [String: JSONValue] = [
            "action": .string(request.action),
            "decision": .string(result.decision.rawValue),
            "allowed": .bool(result.allowed),
            "deciding": .array(result.deciding.map(entry)),
            "nearMisses": .array(result.nearMisses.map(entry)),
            "missing": .array(result.missing.map(JSONValue.string)),
            "deniedByBoundary": .bool(result.deniedByBoundary),
            "managedPoliciesEvaluated": .array(simulator.managedPoliciesEvaluated.map {
                .object(["arn": .string($0.arn), "versionId": .string($0.versionId)])
            }),
        ]
        if let resource = request.resource { object["resource"] = .string(resource) }
        return .object(object)
    }
}
