import RoleEngine

/// The output formats of `generate --format` and the wizard's save action. JSON (the
/// DESIGN layout: role.json, trust-policy.json, policies/) is always part of the output.
public enum ExportFormat: String, CaseIterable, Sendable {
    case json
    case cloudformation
    case terraform
    case cli
    case stackset

    /// The file the format adds beside the JSON layout.
    public var fileName: String? {
        switch self {
        case .json: return nil
        case .cloudformation: return CloudFormationRenderer.fileName
        case .terraform: return TerraformRenderer.fileName
        case .cli: return CLIScriptRenderer.fileName
        case .stackset: return StackSetRenderer.fileName
        }
    }

    /// Parses a comma-separated list such as `json,terraform`; `all` means every format.
    public static func parseList(_ text: String) throws(ExportFormatError) -> [ExportFormat] {
        var formats: [ExportFormat] = [.json]
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = raw.lowercased().filter { $0 != " " && $0 != "\t" }
            if name == "all" {
                formats = allCases
                continue
            }
            guard let format = ExportFormat(rawValue: name) else { throw ExportFormatError(name: name) }
            if !formats.contains(format) { formats.append(format) }
            // The StackSet wraps the role's template; too large to inline, it is uploaded from there.
            if format == .stackset && !formats.contains(.cloudformation) { formats.append(.cloudformation) }
        }
        return allCases.filter(formats.contains)
    }

    /// Every file of the output for these formats, as relative path → content.
    public static func files(for plan: RolePlan, formats: [ExportFormat]) -> [(path: String, content: String)] {
        var files = [(path: "answers.yaml", content: AnswersWriter.yaml(plan.normalizedSpec))]
        files += PlanFiles.render(plan)
        // The StackSet wraps the role's template, which `parseList` always adds beside it.
        var roleTemplate: String?
        for format in formats {
            switch format {
            case .json: break
            case .cloudformation:
                let template = CloudFormationRenderer.render(plan)
                roleTemplate = template
                files.append((CloudFormationRenderer.fileName, template))
            case .terraform: files.append((TerraformRenderer.fileName, TerraformRenderer.render(plan)))
            case .cli: files.append((CLIScriptRenderer.fileName, CLIScriptRenderer.render(plan)))
            case .stackset:
                let template = roleTemplate ?? CloudFormationRenderer.render(plan)
                files.append((StackSetRenderer.fileName, StackSetRenderer.render(plan, roleTemplate: template)))
            }
        }
        return files
    }
}

public struct ExportFormatError: Error, CustomStringConvertible {
    public let name: String
    public var description: String {
        let allowed = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        return "--format: '\(name)' is not a known format; allowed: \(allowed) (comma-separated), or all"
    }
}
