import Foundation
import Testing

/// `smrole lint --format sarif`: a SARIF 2.1.0 log that code scanning reads, each result at its
/// rule, file, line and column. (Tests/oracles/check_sarif.py validates it against the schema.)
@Suite("smrole lint report formats", .namesTheBinaryUnderTest)
struct LintReportFormatTests {
    /// PassRole of any role (the statement opens on line 2) and, on line 7 column 6, a bare KMS key
    /// id compared as an ARN.
    static let policy = """
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole",
       "Resource": "*"},
      {"Sid": "Train", "Effect": "Allow", "Action": "sagemaker:CreateTrainingJob",
       "Resource": "arn:aws:sagemaker:*:*:training-job/*",
       "Condition": {"ArnEquals": {
         "sagemaker:VolumeKmsKey": "1234abcd-12ab-34cd-56ef-1234567890ab"}}}
    ]}
    """

    func sarif(_ file: String = "team policy.json", extra: [String] = []) throws -> (CLI.Run, [String: Any]) {
        let dir = try CLI.scratch()
        try Self.policy.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let run = try CLI.run(["lint", "--format", "sarif"] + extra + [file], in: dir)
        let log = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return (run, log)
    }

    static func results(_ log: [String: Any]) -> [[String: Any]] {
        ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }

    static func rules(_ log: [String: Any]) -> [[String: Any]] {
        let tool = (log["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any]
        return ((tool?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]) ?? []
    }

    static func location(_ result: [String: Any]) -> (uri: String?, line: Int?, column: Int?) {
        let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        let region = physical?["region"] as? [String: Any]
        return ((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String,
                region?["startLine"] as? Int, region?["startColumn"] as? Int)
    }

    @Test func sarifIsVersion210AndFailsLikeTheTextReport() throws {
        let (run, log) = try sarif()
        #expect(run.status == 1)
        #expect(log["version"] as? String == "2.1.0")
        #expect(!Self.results(log).isEmpty)
    }

    @Test func everyResultNamesARuleOfTheDriverWithHelpText() throws {
        let (_, log) = try sarif()
        let rules = Self.rules(log)
        for result in Self.results(log) {
            let id = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == id)
            let help = (rules[index]["help"] as? [String: Any])?["text"] as? String
            #expect(help?.isEmpty == false)
        }
    }

    @Test func aResultSitsAtItsFileLineAndColumn() throws {
        let (_, log) = try sarif()
        let mismatch = try #require(Self.results(log).first { $0["ruleId"] as? String == "MISMATCHED_TYPE" })
        let place = Self.location(mismatch)
        #expect(place.uri == "team%20policy.json")
        #expect(place.line == 7)
        #expect(place.column == 6)
        #expect(mismatch["level"] as? String == "warning")
    }

    @Test func aHighFindingIsAnError() throws {
        let (_, log) = try sarif()
        let anyRole = try #require(Self.results(log).first { $0["ruleId"] as? String == "PASSROLE_ANY_ROLE" })
        #expect(anyRole["level"] as? String == "error")
        #expect(Self.location(anyRole).line == 2)
    }

    @Test func formatJsonIsTheJsonReport() throws {
        let dir = try CLI.scratch()
        try Self.policy.write(to: dir.appendingPathComponent("p.json"), atomically: true, encoding: .utf8)
        let viaFormat = try CLI.run(["lint", "--format", "json", "p.json"], in: dir)
        let viaFlag = try CLI.run(["lint", "--json", "p.json"], in: dir)
        #expect(viaFormat.stdout == viaFlag.stdout)
        #expect(viaFormat.stdout.contains("\"code\": \"PASSROLE_ANY_ROLE\""))
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let run = try CLI.run(["lint", "--format", "xml", "p.json"], in: try CLI.scratch())
        #expect(run.status == 2)
        #expect(run.stderr.contains("'xml'") && run.stderr.contains("sarif"))
    }

    @Test func theAccountOptionMakesTheRolesOwnAccountTrusted() throws {
        let dir = try CLI.scratch()
        let trust = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#
        try trust.write(to: dir.appendingPathComponent("trust.json"), atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["lint", "trust.json"], in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("TRUST_CROSS_ACCOUNT_WITHOUT_CONDITION"))
        let own = try CLI.run(["lint", "--account", "111122223333", "trust.json"], in: dir)
        #expect(own.status == 0, "\(own.stdout)")
    }
}
