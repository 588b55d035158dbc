import Foundation
import Glibc

/// A problem in a shared config or credentials file: the file, the line, and what is wrong.
public struct ConfigFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String { line.map { "\(path), line \($0): \(reason)" } ?? "\(path): \(reason)" }
}

/// One of the AWS CLI's shared files, read exactly as botocore reads it (Python's strict
/// `RawConfigParser`), so that smrole and the CLI see the same profiles. What the CLI refuses
/// (a byte-order mark, UTF-16 or other non-UTF-8 text, a line outside any section or without
/// `=`/`:`, a repeated section or setting) is refused here with the file and the line; what it
/// accepts is read as it reads it: `name: value` too; comments only on lines of their own (a
/// ` # …` after a value is part of the value: `ProfileSettings` refuses it where a value cannot
/// hold a space); indented lines continuing the value above; a `[DEFAULT]` section inherited by
/// every other. Sections of the config file are profiles only as `[profile NAME]` or `[default]`;
/// `[sso-session NAME]` (IAM Identity Center sign-ins) and `[services NAME]` (endpoints) are
/// kept apart, as botocore keeps them.
public struct SharedConfigFile: Sendable, Equatable {
    public enum Kind: Sendable { case credentials, config }

    /// One setting and the line it starts on (nil when it was not read from a file).
    public struct Setting: Sendable, Equatable {
        public var value: String
        public var line: Int?

        public init(value: String, line: Int? = nil) {
            self.value = value
            self.line = line
        }
    }

    public var path: String
    public var kind: Kind
    /// Profile name → setting name (lowercase, as the CLI folds it) → setting.
    public var profiles: [String: [String: Setting]]
    /// `[sso-session NAME]` sections of the config file: name → settings.
    public var ssoSessions: [String: [String: Setting]]
    /// `[services NAME]` sections of the config file: name → settings (each a nested block).
    public var services: [String: [String: Setting]]

    public init(
        path: String, kind: Kind, profiles: [String: [String: Setting]] = [:],
        ssoSessions: [String: [String: Setting]] = [:], services: [String: [String: Setting]] = [:]
    ) {
        self.path = path
        self.kind = kind
        self.profiles = profiles
        self.ssoSessions = ssoSessions
        self.services = services
    }

    /// Far more than any real file; a larger one is refused rather than read.
    public static let maxBytes = 16 << 20

    /// The file at `path`; empty when it does not exist, is not a regular file (a directory,
    /// /dev/null, a FIFO) or cannot be opened, as the CLI ignores those.
    public static func read(path: String, kind: Kind) throws(ConfigFileError) -> SharedConfigFile {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let handle = FileHandle(forReadingAtPath: path)
        else {
            return SharedConfigFile(path: path, kind: kind)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        guard data.count <= maxBytes else {
            throw ConfigFileError(path: path, line: nil, reason: "is larger than 16 MiB, which no AWS config file is")
        }
        return try parse(data, path: path, kind: kind)
    }

    public static func parse(_ data: Data, path: String, kind: Kind) throws(ConfigFileError) -> SharedConfigFile {
        let lines = try decodeLines(data, path: path)
        let sections = try INISections.parse(lines, path: path)
        var file = SharedConfigFile(path: path, kind: kind)
        for (name, settings) in sections.merged() {
            switch kind {
            case .credentials:
                file.profiles[name] = settings
            case .config:
                // botocore: `[default]`, or a name starting "profile" (then "sso-session", then
                // "services") that shlex splits in two words; other sections are no profile.
                let second = ShellWords.split(name).flatMap { $0.count == 2 ? $0[1] : nil }
                if name.hasPrefix("profile") {
                    if let second { file.profiles[second] = settings }
                } else if name.hasPrefix("sso-session") {
                    if let second { file.ssoSessions[second] = settings }
                } else if name.hasPrefix("services") {
                    if let second { file.services[second] = settings }
                } else if name == "default" {
                    file.profiles[name] = settings
                }
            }
        }
        return file
    }

    /// The lines as Python's text mode gives them (split at `\n`, `\r\n` and `\r`), each UTF-8.
    private static func decodeLines(_ data: Data, path: String) throws(ConfigFileError) -> [String] {
        let bytes = [UInt8](data)
        func refuse(_ line: Int, _ reason: String) -> ConfigFileError {
            ConfigFileError(path: path, line: line, reason: reason)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw refuse(
                1,
                "is UTF-16 (it starts with a UTF-16 byte-order mark); the AWS CLI reads these files as UTF-8 "
                    + "only: save it as UTF-8")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw refuse(
                1,
                "starts with a UTF-8 byte-order mark, which the AWS CLI refuses (\"File contains no section "
                    + "headers\"): save it as UTF-8 without one")
        }
        var lines: [String] = []
        var start = 0, index = 0
        func take(_ end: Int) throws(ConfigFileError) {
            let raw = bytes[start..<end]
            if raw.contains(0) {
                throw refuse(
                    lines.count + 1, "holds a NUL byte, so this is not a text file (UTF-16 without a byte-order mark?)"
                )
            }
            guard let line = String(bytes: raw, encoding: .utf8) else {
                throw refuse(lines.count + 1, "is not UTF-8 text, the only encoding the AWS CLI reads here")
            }
            lines.append(line)
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") {
                try take(index)
                if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n")
                {
                    index += 1
                }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { try take(bytes.count) }
        return lines
    }
}

/// The sections of an INI text as Python's strict `RawConfigParser._read` builds them.
private struct INISections {
    struct Option {
        var parts: [String]
        var line: Int
    }

    var order: [String] = []
    var lines: [String: Int] = [:]
    var options: [String: [String: Option]] = [:]
    var defaults: [String: Option] = [:]

    /// Each section's settings with `[DEFAULT]`'s beneath them, values joined as Python joins them.
    func merged() -> [(String, [String: SharedConfigFile.Setting])] {
        func settings(_ options: [String: Option]) -> [String: SharedConfigFile.Setting] {
            options.mapValues {
                SharedConfigFile.Setting(value: Python.rstrip($0.parts.joined(separator: "\n")), line: $0.line)
            }
        }
        return order.map { name in (name, settings(defaults).merging(settings(options[name] ?? [:])) { _, own in own })
        }
    }

    static func parse(_ lines: [String], path: String) throws(ConfigFileError) -> INISections {
        enum Cursor: Equatable { case none, defaults, section(String) }
        func refuse(_ line: Int, _ reason: String) -> ConfigFileError {
            ConfigFileError(path: path, line: line, reason: reason)
        }
        var result = INISections()
        var cursor = Cursor.none
        var option: String?
        var indentLevel = 0
        func append(_ part: String, to name: String) {
            switch cursor {
            case .defaults: result.defaults[name]?.parts.append(part)
            case .section(let section): result.options[section]?[name]?.parts.append(part)
            case .none: break
            }
        }
        for (index, text) in lines.enumerated() {
            let number = index + 1
            let stripped = Python.strip(text)
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if stripped.isEmpty || isComment {
                // An empty line inside a value is kept (and trailing ones dropped at the join).
                if !isComment, cursor != .none, let option { append("", to: option) }
                continue
            }
            let indent = text.prefix(while: Python.isSpace).count
            if cursor != .none, let option, indent > indentLevel {
                append(stripped, to: option)
                continue
            }
            indentLevel = indent
            if let header = sectionName(stripped) {
                if header == "DEFAULT" {
                    cursor = .defaults
                } else if let first = result.lines[header] {
                    throw refuse(
                        number,
                        "repeats the section [\(header)] of line \(first); the AWS CLI refuses a file that does")
                } else {
                    result.order.append(header)
                    result.lines[header] = number
                    result.options[header] = [:]
                    cursor = .section(header)
                }
                option = nil
                continue
            }
            guard cursor != .none else {
                throw refuse(
                    number,
                    "comes before any [section]; the AWS CLI refuses the file (\"File contains no section headers\")")
            }
            guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw refuse(
                    number, "is neither a [section], a `name = value` setting nor a comment (# or ; first on its line)"
                )
            }
            let name = Python.strip(String(stripped[..<delimiter])).lowercased()
            guard !name.isEmpty else {
                throw refuse(number, "has no setting name before its '\(stripped[delimiter])'")
            }
            let existing: Option?
            switch cursor {
            case .defaults: existing = result.defaults[name]
            case .section(let section): existing = result.options[section]?[name]
            case .none: existing = nil
            }
            if let existing {
                throw refuse(
                    number,
                    "sets \(name) again (it is set on line \(existing.line) of the same section); "
                        + "the AWS CLI refuses a file that does")
            }
            let value = Option(
                parts: [Python.strip(String(stripped[stripped.index(after: delimiter)...]))], line: number)
            switch cursor {
            case .defaults: result.defaults[name] = value
            case .section(let section): result.options[section]?[name] = value
            case .none: break
            }
            option = name
        }
        return result
    }

    /// `\[(?P<header>.+)\]` matched at the start: from the first `[` to the last `]`, not empty.
    static func sectionName(_ line: String) -> String? {
        guard line.hasPrefix("["), let close = line.lastIndex(of: "]") else { return nil }
        let name = line[line.index(after: line.startIndex)..<close]
        return name.isEmpty ? nil : String(name)
    }
}

/// Python's idea of white space (`str.isspace`, `str.strip`), which decides indentation and trimming.
enum Python {
    static func isSpace(_ character: Character) -> Bool {
        character.isWhitespace || character.unicodeScalars.allSatisfy { (0x1C...0x1F).contains($0.value) }
    }

    static func strip(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }

    static func rstrip(_ text: String) -> String {
        guard let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[...last])
    }
}
