import RoleEngine

/// `smrole lint --format sarif`: the findings as a SARIF 2.1.0 log, for GitHub code scanning
/// and other CI that reads SARIF. One run; every rule in `tool.driver.rules` (with its help
/// text and a security-severity GitHub ranks by); one result per finding, at its file, line and
/// column.
public enum SARIFReport {
    public struct File {
        /// As the user named it; `-` is standard input.
        public let path: String
        /// The text, for columns in UTF-16 code units (SARIF's default); nil when unreadable.
        public let text: String?
        public let findings: [LintFinding]

        public init(path: String, text: String?, findings: [LintFinding]) {
            self.path = path
            self.text = text
            self.findings = findings
        }
    }

    public static func log(_ files: [File], database: String) -> JSONValue {
        let rules = LintRules.all
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var results: [JSONValue] = []
        for file in files {
            let lines = file.text.map(LineStarts.init)
            for finding in file.findings {
                var result: [String: JSONValue] = [
                    "ruleId": .string(finding.code),
                    "level": .string(level(finding.severity)),
                    "message": .object(["text": .string(finding.message + " Fix: " + finding.fix)]),
                    "properties": .object(["severity": .string(finding.severity.name)]),
                ]
                if let i = index[finding.code] { result["ruleIndex"] = .int(i) }
                if file.path != "-" {
                    var region: [String: JSONValue] = ["startLine": .int(max(finding.line ?? 1, 1))]
                    if let line = finding.line, let column = finding.column, let lines,
                       let utf16 = lines.utf16Column(line: line, byteColumn: column) {
                        region["startColumn"] = .int(utf16)
                    }
                    result["locations"] = .array([.object(["physicalLocation": .object([
                        "artifactLocation": .object(["uri": .string(uri(file.path))]),
                        "region": .object(region),
                    ])])])
                }
                results.append(.object(result))
            }
        }
        return .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([.object([
                "tool": .object(["driver": .object([
                    "name": .string("smrole"),
                    "rules": .array(rules.map(descriptor)),
                    "properties": .object(["actionDatabase": .string(database)]),
                ])]),
                "columnKind": .string("utf16CodeUnits"),
                "results": .array(results),
            ])]),
        ])
    }

    static func descriptor(_ rule: LintRule) -> JSONValue {
        .object([
            "id": .string(rule.id),
            "name": .string(name(rule.id)),
            "shortDescription": .object(["text": .string(rule.title + ".")]),
            "fullDescription": .object(["text": .string(rule.why)]),
            "help": .object(["text": .string(
                "\(rule.title): \(rule.why) (smrole lint, usual severity \(rule.severity.name))")]),
            "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
            "properties": .object([
                "security-severity": .string(securitySeverity(rule.severity)),
                "tags": .array([.string("security"), .string("iam")]),
            ]),
        ])
    }

    /// SARIF's levels: error stops a merge in most CI, warning and note do not.
    static func level(_ severity: LintFinding.Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// GitHub's bands: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
    static func securitySeverity(_ severity: LintFinding.Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "0.5"
        }
    }

    /// `PASSROLE_ANY_ROLE` → `PassroleAnyRole`: SARIF's rule names are identifiers.
    static func name(_ id: String) -> String {
        id.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined()
    }

    /// A relative reference for a relative path (percent-encoded, so spaces and `#` survive;
    /// a `:` is encoded too, or `a:b.json` would read as a scheme), a `file:` URI for an absolute one.
    static func uri(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@".utf8)
        var out = ""
        for byte in path.utf8 {
            if allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return path.hasPrefix("/") ? "file://" + out : out
    }

    /// Where each line starts, to turn the reader's byte columns into UTF-16 code units. On an
    /// ASCII line (almost every policy's) they are the same, so a file of one 10 MB line and
    /// thousands of findings is not decoded once per finding.
    struct LineStarts {
        let bytes: [UInt8]
        let starts: [Int]
        let asciiLines: [Bool]

        init(_ text: String) {
            bytes = Array(text.utf8)
            // The reader counts the first line's columns after a byte-order mark.
            var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
            var ascii: [Bool] = []
            var lineIsASCII = true
            for (i, byte) in bytes.enumerated() {
                if byte == 10 {
                    starts.append(i + 1)
                    ascii.append(lineIsASCII)
                    lineIsASCII = true
                } else if byte >= 0x80 && i >= starts[0] {
                    lineIsASCII = false
                }
            }
            ascii.append(lineIsASCII)
            self.starts = starts
            asciiLines = ascii
        }

        func utf16Column(line: Int, byteColumn: Int) -> Int? {
            guard line >= 1, line <= starts.count, byteColumn >= 1 else { return nil }
            let start = starts[line - 1]
            let end = start + byteColumn - 1
            guard end <= bytes.count else { return nil }
            if asciiLines[line - 1] { return byteColumn }
            return String(decoding: bytes[start..<end], as: UTF8.self).utf16.count + 1
        }
    }
}
