import Foundation

/// One user to onboard: the profile name and, for IAM Identity Center domains, the user name.
public struct OnboardingRow: Equatable, Sendable {
    public var user: String
    public var ssoUser: String?
    /// The CSV line, for messages (0 for `--user`).
    public var line: Int

    public init(user: String, ssoUser: String? = nil, line: Int = 0) {
        self.user = user
        self.ssoUser = ssoUser
        self.line = line
    }
}

public struct OnboardingInputError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}

/// The workshop CSV (DESIGN): a header row; column `user` (the profile name) required,
/// `sso_user` optional, other columns ignored. RFC 4180 quoting.
public enum OnboardingCSV {
    public static func parse(_ text: String, file: String) throws(OnboardingInputError) -> [OnboardingRow] {
        var records = records(in: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard !records.isEmpty else { throw OnboardingInputError(problems: ["\(file): the file is empty; it needs a header row with a 'user' column"]) }
        let header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let userColumn = header.firstIndex(of: "user") else {
            throw OnboardingInputError(problems: ["\(file) line 1: no 'user' column in the header (\(header.joined(separator: ", ")))"])
        }
        let ssoColumn = header.firstIndex(of: "sso_user")
        var rows: [OnboardingRow] = []
        for record in records where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let user = userColumn < record.fields.count ? record.fields[userColumn].trimmingCharacters(in: .whitespaces) : ""
            let sso = ssoColumn.flatMap { $0 < record.fields.count ? record.fields[$0].trimmingCharacters(in: .whitespaces) : nil }
            rows.append(OnboardingRow(user: user, ssoUser: sso?.isEmpty == false ? sso : nil, line: record.line))
        }
        return rows
    }

    struct Record { var fields: [String]; var line: Int }

    static func records(in text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else { quoted = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(Record(fields: fields, line: start))
                fields = []; field = ""
                line += 1
                start = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(fields: fields, line: start))
        }
        return records
    }
}
