import Foundation

/// One profile's settings as the AWS CLI merges them (the credentials file's over the config
/// file's), each knowing the file and line it came from, read with the checks its kind needs.
/// Values are as botocore reads them; what it would read into something no AWS setting can be
/// (an empty key, a comment after a value, an indented line continuing a value) is refused
/// here, naming the file, the line and the profile. Messages never quote a value: it may be a secret.
public struct ProfileSettings: Sendable {
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var path: String
        public var line: Int?
        public var inCredentialsFile: Bool

        init(setting: SharedConfigFile.Setting, path: String, inCredentialsFile: Bool) {
            self.value = setting.value
            self.path = path
            self.line = setting.line
            self.inCredentialsFile = inCredentialsFile
        }
    }

    /// The kind of section the settings come from, for messages.
    public enum Section: String, Sendable {
        case profile
        case ssoSession = "sso-session"
    }

    public let name: String
    public var entries: [String: Entry]
    public var section: Section = .profile

    /// "profile 'dev'", "sso-session 'corp'".
    public var label: String { "\(section.rawValue) '\(name)'" }

    /// The raw value, unchecked.
    public subscript(key: String) -> String? { entries[key]?.value }

    /// A value that is one word: an access key, a secret, a token, a region, an ARN, a name.
    public func word(_ key: String) throws(AWSError) -> String? {
        guard let value = try line(key) else { return nil }
        if let space = value.firstIndex(where: \.isWhitespace) {
            let after = value[space...].drop { $0.isWhitespace }
            if after.first == "#" || after.first == ";" {
                throw problem(
                    key,
                    "has a comment after its value; the AWS CLI reads ' \(after.first!) …' as part of the value, "
                        + "not as a comment: put the comment on a line of its own")
            }
            throw problem(key, "has a space inside its value, which no \(key) has")
        }
        return value
    }

    /// A value of free text on one line: a command, a path.
    public func line(_ key: String) throws(AWSError) -> String? {
        guard let value = entries[key]?.value else { return nil }
        if value.isEmpty { throw problem(key, "is empty") }
        if value.contains("\n") {
            throw problem(
                key,
                "continues on the indented line below it, which the AWS CLI reads as part of its value; "
                    + "remove that line's indentation")
        }
        return value
    }

    /// Whether the setting is in the credentials file (botocore prefers keys from there to a credential_process).
    public func isInCredentialsFile(_ key: String) -> Bool { entries[key]?.inCredentialsFile ?? false }

    /// "~/.aws/config, line 3" (or just the file) for a message.
    public func origin(of key: String) -> String {
        guard let entry = entries[key] else { return label }
        return entry.line.map { "\(entry.path), line \($0)" } ?? entry.path
    }

    func problem(_ key: String, _ reason: String) -> AWSError {
        .configuration("\(origin(of: key)): \(key) of \(label) \(reason)")
    }
}
