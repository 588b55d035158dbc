import Foundation
import Glibc
import Testing

/// Text from a file, a flag or AWS reaches the terminal with its control characters shown as
/// `\u001b`-style escapes: it can neither rewrite what smrole printed nor add lines or columns.
@Suite("untrusted text on the terminal")
struct UntrustedTextTests {
    /// What a terminal acts on instead of showing: C0 controls but the newline, DEL, C1
    /// controls, bidirectional embeddings, overrides and isolates.
    static func actingCharacters(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            let v = scalar.value
            return (v < 0x20 && v != 0x0A) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v)
        }
    }

    func write(_ text: String, to name: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// AWS calls of one process: static credentials, no shared files, no instance metadata.
    func runAgainstAWS(_ arguments: [String], in dir: URL) throws -> CLI.Run {
        setenv("AWS_ACCESS_KEY_ID", "testing", 1)
        setenv("AWS_SECRET_ACCESS_KEY", "testing", 1)
        return try CLI.run(arguments, in: dir)
    }

    // MARK: lint

    /// The issue's policy: full admin, with a Sid that moves the cursor up, erases the report's
    /// lines and writes "no findings" in their place.
    static let sidThatErasesTheReport = #"x\u001b[1A\u001b[2K\u001b[1A\u001b[2K\rpolicy.json: no findings"#

    @Test func escapeSequencesInASidAreShownAndTheFindingsStayReadable() throws {
        let dir = try CLI.scratch()
        try write(#"{"Version": "2012-10-17", "Statement": [{"Sid": "\#(Self.sidThatErasesTheReport)", "#
                  + #""Effect": "Allow", "Action": "*", "Resource": "*"}]}"#, to: "policy.json", in: dir)
        let result = try CLI.run(["lint", "policy.json"], in: dir)
        #expect(result.status == 1)
        #expect(Self.actingCharacters(in: result.stdout).isEmpty, "raw: \(result.stdout.debugDescription)")
        #expect(result.stdout.contains(#"x\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u000dpolicy.json: no findings"#))
        let header = result.stdout.split(separator: "\n").first ?? ""
        #expect(header.hasPrefix("policy.json: ") && header.hasSuffix(" findings") && !header.contains("no findings"))
        #expect(result.stdout.contains("CRITICAL FULL_ADMIN"))
    }

    @Test func aNewlineInAnActionCannotAddALineToTheReport() throws {
        let dir = try CLI.scratch()
        try write(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "#
                  + #""Action": "s3:GetObjekt\n  INFO     ALL_CLEAR", "Resource": "arn:aws:s3:::b/*"}]}"#,
                  to: "policy.json", in: dir)
        let result = try CLI.run(["lint", "policy.json"], in: dir)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // A header, then three lines per finding: severity and code, message, fix.
        #expect((lines.count - 1) % 3 == 0, "\(result.stdout)")
        #expect(!lines.contains { $0.hasPrefix("  INFO     ALL_CLEAR") })
        #expect(result.stdout.contains(#"s3:GetObjekt\u000a  INFO     ALL_CLEAR"#))
    }

    @Test func jsonOutputShowsABidiOverrideAsAnEscapeAndKeepsTheSid() throws {
        let dir = try CLI.scratch()
        let sid = "Allow\u{202E}nimdA"
        try write(#"{"Version": "2012-10-17", "Statement": [{"Sid": "\#(sid)", "Effect": "Allow", "#
                  + #""Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#, to: "policy.json", in: dir)
        let result = try CLI.run(["lint", "--json", "policy.json"], in: dir)
        #expect(Self.actingCharacters(in: result.stdout).isEmpty)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let files = report?["files"] as? [[String: Any]]
        let findings = files?.first?["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { ($0["statement"] as? String) == "statement 1 (Sid \(sid))" })
    }

    /// 80 KB crashed lint with SIGSEGV (a recursion per character); every size must report.
    @Test(arguments: [80_000, 1_000_000, 10_000_000])
    func anS3ArnOfAnyLengthIsReportedNotACrash(length: Int) throws {
        let dir = try CLI.scratch()
        let arn = "arn:aws:s3:::bucket/" + String(repeating: "a", count: length)
        try write(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "#
                  + #""Resource": "\#(arn)"}]}"#, to: "big.json", in: dir)
        let result = try CLI.run(["lint", "big.json"], in: dir)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stdout.hasPrefix("big.json: 1 finding\n") && result.stdout.contains("POLICY_TOO_LARGE"))
    }

    // MARK: answers, catalog and flags

    @Test func aRoleNameAndTagValueWithControlCharactersAreShownInTheError() throws {
        let dir = try CLI.scratch()
        try write("""
        version: 1
        role: { name: "Evil\\e[2JName" }
        persona: compute
        activities:
          access-aws-services: { s3Buckets: [my-bucket] }
        tags: { team: "ml\\rFAKE" }
        """, to: "a.yaml", in: dir)
        let result = try CLI.run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(Self.actingCharacters(in: result.stderr).isEmpty, "raw: \(result.stderr.debugDescription)")
        #expect(result.stderr.contains(#"'Evil\u001b[2JName'"#))
        #expect(result.stderr.contains(#"'ml\u000dFAKE'"#))
    }

    @Test func aCatalogTitleThatSetsTheTerminalTitleIsShownEscaped() throws {
        let dir = try CLI.scratch()
        try write(#"""
        {"formatVersion": 1, "activities": [{"id": "read-features", "title": "Read\u001b]0;owned\u0007 Features",
          "template": "Custom", "description": "Read feature groups.", "network": false, "encryption": false,
          "parameters": [], "statements": [{"sid": "ReadFeatures", "why": "Read.", "actions": ["sagemaker:GetRecord"],
          "resources": ["arn:{{partition}}:sagemaker:{{region}}:{{account}}:feature-group/*"]}]}]}
        """#, to: "extra.json", in: dir)
        let result = try CLI.run(["activities", "--catalog", "extra.json"], in: dir)
        #expect(result.status == 0)
        #expect(Self.actingCharacters(in: result.stdout).isEmpty)
        #expect(result.stdout.contains(#"read-features  Read\u001b]0;owned\u0007 Features"#))
    }

    @Test func aFlagValueQuotedInAUsageErrorIsShownEscaped() throws {
        let dir = try CLI.scratch()
        let result = try CLI.run(["lint", "--fail-on", "\u{1b}[2Jhigh", "policy.json"], in: dir)
        #expect(result.status == 2)
        #expect(Self.actingCharacters(in: result.stderr).isEmpty)
        #expect(result.stderr.contains(#"'\u001b[2Jhigh' is not a severity"#))
    }

    @Test func aCSVNameWithANewlineIsQuotedOnOneLine() throws {
        let dir = try CLI.scratch()
        try write("user\n\"ana\n  - line 9: all names are fine\"\n", to: "users.csv", in: dir)
        // Names are checked before any call; port 9 answers nothing if one were made.
        let result = try runAgainstAWS(["onboard", "--domain-id", "d-abc123", "--from-csv", "users.csv", "--role",
                                  "arn:aws:iam::123456789012:role/R", "--region", "us-east-1",
                                  "--endpoint-url", "http://127.0.0.1:9"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"'ana\u000a  - line 9: all names are fine'"#))
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("  - line 9") })
    }

    @Test func aCSVHeaderWithAnEscapeSequenceIsShownEscaped() throws {
        let dir = try CLI.scratch()
        try write("\"name\u{1b}[2J\nrow\"\nana\n", to: "users.csv", in: dir)
        let result = try CLI.run(["onboard", "--domain-id", "d-abc123", "--from-csv", "users.csv", "--role",
                                  "arn:aws:iam::123456789012:role/R", "--region", "us-east-1"], in: dir)
        #expect(result.status == 1)
        #expect(Self.actingCharacters(in: result.stderr).isEmpty)
        // The header is read lowercased, so the sequence's J shows as j.
        #expect(result.stderr.contains(#"(name\u001b[2j\u000arow)"#))
    }

    // MARK: AWS answers

    @Test func anAWSErrorMessageWithEscapeSequencesIsShownEscaped() throws {
        let aws = try FakeAWSEndpoint { _ in
            .xml(403, """
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
            <Message>denied\u{1b}[2J\u{1b}[Hall good</Message></Error><RequestId>1</RequestId></ErrorResponse>
            """)
        }
        defer { aws.stop() }
        let dir = try CLI.scratch()
        try write("""
        version: 1
        role: { name: SageMaker-CLI }
        persona: compute
        region: us-east-1
        activities:
          access-aws-services: { s3Buckets: [my-bucket] }
        """, to: "a.yaml", in: dir)
        let result = try runAgainstAWS(["apply", "--answers", "a.yaml", "--endpoint-url", aws.url], in: dir)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(Self.actingCharacters(in: result.stderr).isEmpty, "raw: \(result.stderr.debugDescription)")
        #expect(result.stderr.contains(#"denied\u001b[2J\u001b[Hall good"#))
    }

    @Test func onboardResultsHaveOneLineAndTwoFieldsPerUserWhateverSageMakerSays() throws {
        let aws = try FakeAWSEndpoint { operation in
            switch operation {
            case "DescribeDomain":
                return .json(200, #"{"DomainId": "d-abc123", "DomainName": "team\u001b[31m", "Status": "InService", "#
                             + #""AuthMode": "IAM"}"#)
            case "ListUserProfiles":
                return .json(200, #"{"UserProfiles": []}"#)
            default:
                return .json(400, #"{"__type": "ValidationException", "#
                             + #""message": "refused\u001b[32m\tcreated\nbob\tcreated"}"#)
            }
        }
        defer { aws.stop() }
        let dir = try CLI.scratch()
        let result = try runAgainstAWS(["onboard", "--domain-id", "d-abc123", "--user", "alice", "--role",
                                        "arn:aws:iam::123456789012:role/SageMaker-Compute", "--region", "us-east-1",
                                        "--endpoint-url", aws.url], in: dir)
        #expect(result.status == 3, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stdout.debugDescription)")
        let fields = lines.first?.split(separator: "\t", omittingEmptySubsequences: false) ?? []
        #expect(fields.count == 2 && fields.first == "alice")
        #expect(fields.last?.hasPrefix("FAILED: ") == true)
        #expect(result.stdout.contains(#"refused\u001b[32m\u0009created\u000abob\u0009created"#))
        // The one tab of the line is the separator, counted above.
        #expect(Self.actingCharacters(in: result.stdout.replacingOccurrences(of: "\t", with: " ")).isEmpty)
        #expect(Self.actingCharacters(in: result.stderr).isEmpty)
        #expect(result.stderr.contains(#"team\u001b[31m"#))
    }
}
