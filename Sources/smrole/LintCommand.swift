import ArgumentParser
import Foundation
import RoleEngine
import RoleExport
import RoleFiles

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check IAM policy and trust policy documents: grammar, size, actions, resource formats, "
            + "condition keys and types, gates, wildcards, PassRole, escalation and who may assume a role.",
        discussion: "Exit 1 when a finding is at or above --fail-on (default medium), or a file cannot be read. "
            + "Use '-' to read standard input. --format sarif writes SARIF 2.1.0 for code scanning."
    )

    @Argument(help: ArgumentHelp("Policy documents (JSON).", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("Lowest severity that fails: info, low, medium, high, critical.", valueName: "severity"))
    var failOn: String = "medium"

    @Option(name: .long, help: ArgumentHelp("Report as text, json or sarif (SARIF 2.1.0, for code scanning).",
                                            valueName: "format"))
    var format: String = "text"

    @Flag(name: .long, help: "Print findings as JSON (the same as --format json).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The policies' own AWS account: its principals in a trust policy "
                                            + "are not another account's.",
                                            valueName: "account"))
    var account: String?

    static let formats = ["text", "json", "sarif"]

    func validate() throws {
        if LintFinding.Severity(name: failOn) == nil {
            throw ArgumentParser.ValidationError("--fail-on: '\(failOn)' is not a severity; allowed: info, low, medium, high, critical")
        }
        if !Self.formats.contains(format) {
            throw ArgumentParser.ValidationError(
                "--format: '\(format)' is not a report format; allowed: text, json, sarif")
        }
        if json && format != "text" && format != "json" {
            throw ArgumentParser.ValidationError("--json and --format \(format) ask for two formats; give one")
        }
        if let account, !(account.count == 12 && account.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw ArgumentParser.ValidationError("--account: '\(account)' is not an AWS account id (12 digits)")
        }
        if files.isEmpty { throw ArgumentParser.ValidationError("give at least one policy file") }
    }

    func run() throws {
        let threshold = LintFinding.Severity(name: failOn)!
        let linter: PolicyLinter
        do {
            linter = PolicyLinter(database: try IAMActionDatabase.bundled(), ownAccount: account)
        } catch {
            Console.error(error.description)
            throw ExitCode(1)
        }
        let format = json ? "json" : format
        var failed = false
        var reports: [JSONValue] = []
        var text: [String] = []
        var sarif: [SARIFReport.File] = []
        for file in files {
            let content: String
            do {
                content = try Self.read(file)
            } catch {
                if let error = error as? InputFileError {
                    Console.error(file == "-" ? "standard input: \(error.message)" : "\(error)")
                } else {
                    Console.error("\(file): cannot be read: \(error is LintInputError ? "\(error)" : FileErrorText.reason(error))")
                }
                failed = true
                continue
            }
            let findings = linter.lint(text: content)
            if findings.contains(where: { $0.severity >= threshold }) { failed = true }
            switch format {
            case "json": reports.append(.object(["file": .string(file), "findings": .array(findings.map(Self.json))]))
            case "sarif": sarif.append(SARIFReport.File(path: file, text: content, findings: findings))
            default: text.append(Self.text(file: file, findings: findings))
            }
        }
        if format == "sarif" {
            Console.out(SARIFReport.log(sarif, database: linter.database.source).pretty())
        } else if format == "json" {
            Console.out(JSONValue.object([
                "database": .string(linter.database.source),
                "failOn": .string(threshold.name),
                "files": .array(reports),
            ]).pretty())
        } else {
            Console.out(text.joined(separator: "\n"))
        }
        if failed { throw ExitCode(1) }
    }

    static func read(_ path: String) throws -> String {
        // Policies are at most a few KB; an account's authorization details a few MB.
        let data = try InputFile.read(path == "-" ? "/dev/stdin" : path, limit: 16 << 20, what: "policy files")
        guard let text = String(data: data, encoding: .utf8) else { throw LintInputError.notUTF8 }
        return text
    }

    enum LintInputError: Error, CustomStringConvertible {
        case notUTF8
        var description: String { "the file is not UTF-8 text" }
    }

    /// The report for people: a line per file, three per finding. Every piece that quotes the
    /// policy (a Sid, an action, a resource) is one line, so a newline in the file cannot add a
    /// line that looks like a finding or hide one.
    static func text(file: String, findings: [LintFinding]) -> String {
        let file = VisibleText.singleLine(file)
        guard !findings.isEmpty else { return "\(file): no findings" }
        var out = "\(file): \(findings.count) finding\(findings.count == 1 ? "" : "s")"
        for finding in findings {
            var place = [finding.statement, finding.line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ", ")
            if !place.isEmpty { place = "  (\(VisibleText.singleLine(place)))" }
            out += "\n  \(finding.severity.name.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)) \(finding.code)\(place)"
            out += "\n           \(VisibleText.singleLine(finding.message))"
            out += "\n           fix: \(VisibleText.singleLine(finding.fix))"
        }
        return out
    }

    static func json(_ finding: LintFinding) -> JSONValue {
        var entry: [String: JSONValue] = [
            "code": .string(finding.code),
            "severity": .string(finding.severity.name),
            "message": .string(finding.message),
            "fix": .string(finding.fix),
        ]
        if let statement = finding.statement { entry["statement"] = .string(statement) }
        if let line = finding.line { entry["line"] = .int(line) }
        if let column = finding.column { entry["column"] = .int(column) }
        return .object(entry)
    }
}
