import Foundation
import RoleEngine
import Yams

/// Reads an answers file (YAML, or JSON which YAML includes) into a `RoleSpec`, keeping the
/// line of every field so later errors can point into the file.
public enum AnswersReader {
    public struct Loaded: Sendable {
        public var spec: RoleSpec
        public var lines: [String: Int]
    }

    /// The largest answers file smrole reads. A role's answers are a few KiB, and a role holds at
    /// most 20 policies of 6,144 characters, so no answers file that can become a role comes near
    /// this. A hostile file at the cap (65,000 bad values) costs a quarter of a second and 66 MiB.
    public static let sizeLimit = 128 * 1024

    public static func load(path: String) throws -> Loaded {
        let data: Data
        do {
            data = try InputFile.read(path, limit: sizeLimit, what: "answers files")
        } catch {
            throw AnswersFileError(file: path, issues: [ValidationIssue(path: "", message: error.message)])
        }
        return try parse(data: data, file: path)
    }

    public static func parse(data: Data, file: String) throws -> Loaded {
        func fail(_ message: String, line: Int? = nil) -> AnswersFileError {
            AnswersFileError(file: file, issues: [ValidationIssue(path: "", message: message, line: line)])
        }
        if data.contains(0) {
            throw fail("is a binary file, not YAML or JSON text")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("is not UTF-8 text; save it as UTF-8 YAML or JSON")
        }
        if data.count > sizeLimit {
            throw fail("is \(ByteCount.text(data.count)); smrole reads answers files of at most "
                       + ByteCount.text(sizeLimit))
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw fail("is empty; it needs at least role.name and persona (see docs/answers-file.md)")
        }
        // Before Yams composes: an alias is what expands a few hundred bytes into gigabytes.
        if let alias = YAMLAliasFinder.firstAlias(in: text) {
            throw fail("*\(alias.name) is a YAML alias; answers files take no anchors or aliases (&name, *name), "
                       + "so write the value out in full", line: alias.line)
        }
        let node: Node?
        do {
            // The basic resolver: scalars stay text (the decoder types them), and no regex
            // rules are compiled on every start.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let (message, line) = describe(error)
            throw fail("is not valid YAML or JSON: \(message)", line: line)
        } catch {
            throw fail("is not valid YAML or JSON: \(error)")
        }
        guard let node else { throw fail("holds no document") }
        do {
            let result = try RoleSpecDecoder.decode(convert(node))
            return Loaded(spec: result.spec, lines: result.lines)
        } catch let error as RoleSpecError {
            throw AnswersFileError(file: file, issues: error.issues)
        }
    }

    static func convert(_ node: Node) -> AnswerNode {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return .null(line: line)
            }
            return .scalar(scalar.string, line: line)
        case .sequence(let sequence):
            return .sequence(sequence.map(convert), line: line)
        case .mapping(let mapping):
            return .mapping(mapping.map { key, value in
                AnswerNode.MappingEntry(key: key.string ?? "\(key)", keyLine: key.mark?.line, value: convert(value))
            }, line: line)
        case .alias(let alias):
            // Not reached: aliases are refused before composing.
            return .scalar("*\(alias.anchor)", line: line)
        }
    }

    static func describe(_ error: YamlError) -> (String, Int?) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            if problem.hasPrefix("Maximum nesting level reached") {
                // libyaml's own limit; its message names a C function the user cannot call.
                let message = "lists and mappings nest too deep (libyaml stops at about 1,000 levels)"
                return ("\(message), from line \(mark.line)", mark.line)
            }
            let where_ = context.map { " (\($0.text))" } ?? ""
            return ("\(problem)\(where_) at line \(mark.line), column \(mark.column)", mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return ("the key \(keys) appears more than once in the mapping at line \(context.mark.line); keep one", context.mark.line)
        case let .reader(problem, _, _, _):
            return (problem, nil)
        default:
            return ("\(error)", nil)
        }
    }

}

/// An answers file that cannot be used, with the problems found and their lines: the first
/// `reportLimit` of them, then how many more (millions of bad keys make a few lines, not 788 MB).
public struct AnswersFileError: Error, CustomStringConvertible {
    public static let reportLimit = 100

    public var file: String
    public var issues: [ValidationIssue]

    public init(file: String, issues: [ValidationIssue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String {
        var lines = issues.prefix(Self.reportLimit).map { issue in
            let line = issue.line.map { ":\($0)" } ?? ""
            let field = issue.path.isEmpty ? "" : "\(issue.path): "
            return "\(file)\(line): \(field)\(issue.message)"
        }
        let unlisted = issues.count - Self.reportLimit
        if unlisted > 0 {
            lines.append("\(file): and \(unlisted) more problem\(unlisted == 1 ? "" : "s") not listed; fix these first")
        }
        return lines.joined(separator: "\n")
    }
}
