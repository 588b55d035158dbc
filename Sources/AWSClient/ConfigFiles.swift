import Foundation

/// The AWS CLI's shared files: `~/.aws/credentials` and `~/.aws/config`, or the paths in
/// AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (with `~` and `$VARIABLES` expanded, as
/// botocore does). Both are read, and any problem in either refused, up front, as the CLI
/// reads them at start-up.
public struct ConfigFiles: Sendable {
    public var credentialsFile: SharedConfigFile
    public var configFile: SharedConfigFile

    public init(credentialsFile: SharedConfigFile, configFile: SharedConfigFile) {
        self.credentialsFile = credentialsFile
        self.configFile = configFile
    }

    /// Profiles (and sso-sessions) given directly (name → settings), for tests.
    public init(
        credentials: [String: [String: String]] = [:], config: [String: [String: String]] = [:],
        ssoSessions: [String: [String: String]] = [:]
    ) {
        func sections(_ sections: [String: [String: String]]) -> [String: [String: SharedConfigFile.Setting]] {
            sections.mapValues { $0.mapValues { SharedConfigFile.Setting(value: $0) } }
        }
        self.init(
            credentialsFile: SharedConfigFile(
                path: "the credentials file", kind: .credentials, profiles: sections(credentials)),
            configFile: SharedConfigFile(
                path: "the config file", kind: .config, profiles: sections(config),
                ssoSessions: sections(ssoSessions)))
    }

    public static func load(environment: [String: String]) throws(AWSError) -> ConfigFiles {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func path(_ variable: String, _ fallback: String) -> String {
            expand(
                environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? fallback, environment: environment,
                home: home)
        }
        do {
            return ConfigFiles(
                credentialsFile: try .read(
                    path: path("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"), kind: .credentials),
                configFile: try .read(path: path("AWS_CONFIG_FILE", "~/.aws/config"), kind: .config))
        } catch {
            throw .configuration(error.description)
        }
    }

    /// The profile's settings, the credentials file's over the config file's; nil when neither has it.
    public func profile(_ name: String) -> ProfileSettings? {
        let fromConfig = configFile.profiles[name], fromCredentials = credentialsFile.profiles[name]
        if fromConfig == nil && fromCredentials == nil { return nil }
        var entries: [String: ProfileSettings.Entry] = [:]
        for (key, setting) in fromConfig ?? [:] {
            entries[key] = ProfileSettings.Entry(setting: setting, path: configFile.path, inCredentialsFile: false)
        }
        for (key, setting) in fromCredentials ?? [:] {
            entries[key] = ProfileSettings.Entry(setting: setting, path: credentialsFile.path, inCredentialsFile: true)
        }
        return ProfileSettings(name: name, entries: entries)
    }

    /// The `[sso-session NAME]` section of the config file; nil when there is none.
    public func ssoSession(_ name: String) -> ProfileSettings? {
        guard let settings = configFile.ssoSessions[name] else { return nil }
        var session = ProfileSettings(
            name: name,
            entries: settings.mapValues {
                ProfileSettings.Entry(setting: $0, path: configFile.path, inCredentialsFile: false)
            })
        session.section = .ssoSession
        return session
    }

    /// The `[services NAME]` section of the config file; nil when there is none.
    public func services(_ name: String) -> [String: SharedConfigFile.Setting]? { configFile.services[name] }

    /// `os.path.expandvars` then `expanduser`: `$NAME` and `${NAME}` of set variables, a leading `~`.
    static func expand(_ path: String, environment: [String: String], home: String) -> String {
        var result = ""
        var rest = Substring(path)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let braced = after.first == "{"
            if braced { after = after.dropFirst() }
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            let closed = !braced || after.dropFirst(name.count).first == "}"
            if !name.isEmpty, closed, let value = environment[String(name)] {
                result += value
                rest = after.dropFirst(name.count + (braced ? 1 : 0))
            } else {
                result += "$"
                rest = rest[rest.index(after: dollar)...]
            }
        }
        result += rest
        if result == "~" { return home }
        if result.hasPrefix("~/") { return home + result.dropFirst() }
        return result
    }
}
