import RoleExport

/// `smrole generate` read from a plain command line without ArgumentParser.
///
/// ArgumentParser builds every command's argument set through reflection and checks for a completion-script
/// request before it looks at what was typed; in the statically linked binary that, and the Swift runtime's
/// protocol-conformance lookups it sets off, cost as much as the rest of a `generate`. This reader takes only
/// the plain shape: `generate` then its own options, each once, as `--name value` or `--name=value`, with values
/// that cannot be taken for options. Anything else (help, `--version`, a typo, a missing or repeated value, an
/// invalid `--format` or number, a completion request) is left to ArgumentParser, so every message, help text
/// and exit status is ArgumentParser's own.
enum GenerateInvocation {
    /// The command ArgumentParser would have parsed from `arguments` (without the program name), or `nil` when
    /// they are not the plain shape.
    static func command(from arguments: [String]) -> GenerateCommand? {
        guard arguments.first == "generate" else { return nil }
        var values: [String: String] = [:]
        var allowUnknownRegion = false
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if argument == "--allow-unknown-region" {
                guard !allowUnknownRegion else { return nil }
                allowUnknownRegion = true
                continue
            }
            let name: String, value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard let next = rest.popFirst() else { return nil }
                name = argument
                value = next
            }
            guard valueOptions.contains(name), values[name] == nil, !value.isEmpty, !value.hasPrefix("-") else {
                return nil
            }
            values[name] = value
        }
        guard let answers = values["--answers"] else { return nil }
        let format = values["--format"] ?? "json"
        guard (try? ExportFormat.parseList(format)) != nil else { return nil }
        var engine = EngineOptions()
        engine.catalog = values["--catalog"]
        engine.maxManagedPolicies = 10
        if let text = values["--max-managed-policies"] {
            guard text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let number = Int(text) else { return nil }
            engine.maxManagedPolicies = number
        }
        engine.allowUnknownRegion = allowUnknownRegion
        var command = GenerateCommand()
        command.answers = answers
        command.out = values["--out"]
        command.format = format
        command.engine = engine
        return command
    }

    /// Every option this reader knows (a test keeps it equal to GenerateCommand's).
    static var knownOptions: Set<String> { valueOptions.union(["--allow-unknown-region"]) }

    /// The options of `generate` (GenerateCommand and EngineOptions) that take a value.
    private static let valueOptions: Set<String> = [
        "--answers", "--out", "--format", "--catalog", "--max-managed-policies",
    ]
}
