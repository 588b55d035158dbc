import Foundation

/// The AWS CLI's shared files: `~/.aws/credentials` (sections `[name]`) and `~/.aws/config`
/// (sections `[profile name]`, `[default]`), or the paths in AWS_SHARED_CREDENTIALS_FILE and
/// AWS_CONFIG_FILE. A profile's settings are the two merged, credentials file first.
public struct ConfigFiles: Sendable {
    public var credentials: [String: [String: String]]
    public var config: [String: [String: String]]

    public init(credentials: [String: [String: String]] = [:], config: [String: [String: String]] = [:]) {
        self.credentials = credentials
        self.config = config
    }

    public static func load(environment: [String: String]) -> ConfigFiles {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        return ConfigFiles(credentials: parse(read(credentialsPath), profilePrefix: false),
                           config: parse(read(configPath), profilePrefix: true))
    }

    private static func read(_ path: String) -> String {
        (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// INI as the CLI reads it: `key = value`, `#`/`;` comments, nested blocks (indented
    /// lines after `s3 =`) skipped.
    public static func parse(_ text: String, profilePrefix: Bool) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || indented { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if profilePrefix && name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current, default: [:]][key] = value
        }
        return sections
    }

    public func profile(_ name: String) -> [String: String]? {
        let fromConfig = config[name]
        let fromCredentials = credentials[name]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }
}
