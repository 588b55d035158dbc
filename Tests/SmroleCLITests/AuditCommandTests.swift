import Foundation
import Testing

/// `smrole generate --format`, `lint`, `explain` and `simulate` as whole processes.
@Suite("smrole formats, lint, explain, simulate", .namesTheBinaryUnderTest)
struct AuditCommandTests {
    static let answers = """
    version: 1
    role: { name: SageMaker-Audit, description: "audit test" }
    persona: data-scientist
    account: "111122223333"
    region: us-east-1
    network: { subnets: [subnet-0a1b2c3d4e5f67890], securityGroups: [sg-0a1b2c3d4e5f67890] }
    activities:
      manage-ml-jobs: { passRoles: [arn:aws:iam::111122223333:role/service-role/SageMaker-Compute] }
    """

    func workspace() throws -> URL {
        let dir = try CLI.scratch()
        try Self.answers.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func allFormatsWriteEveryFile() throws {
        let dir = try workspace()
        let run = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out", "--format", "all"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        for file in ["cloudformation.yaml", "main.tf", "create-role.sh", "role.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(file)").path), "\(file)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("out/create-role.sh").path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func anUnknownFormatIsAUsageErrorAndWritesNothing() throws {
        let dir = try workspace()
        let run = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out", "--format", "json,pulumi"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("'pulumi'") && run.stderr.contains("terraform"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test func lintPassesOnGeneratedPoliciesAndFailsOnABadOne() throws {
        let dir = try workspace()
        _ = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir)
        let policies = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/policies").path).map { "out/policies/" + $0 }
        let clean = try CLI.run(["lint"] + policies, in: dir)
        #expect(clean.status == 0, "\(clean.stdout)")
        try #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#
            .write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["lint", "bad.json"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("PASSROLE_ANY_ROLE"))
    }

    @Test func lintFailOnRaisesTheThreshold() throws {
        let dir = try workspace()
        try #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#
            .write(to: dir.appendingPathComponent("star.json"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["lint", "star.json"], in: dir).status == 0)
        #expect(try CLI.run(["lint", "--fail-on", "low", "star.json"], in: dir).status == 1)
    }

    @Test func lintReadsStandardInputAndPrintsJson() throws {
        let run = try CLI.run(["lint", "--json", "-"], in: try workspace(), stdin: "{ nope")
        #expect(run.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let files = report?["files"] as? [[String: Any]]
        let findings = files?.first?["findings"] as? [[String: Any]]
        #expect(findings?.first?["code"] as? String == "MALFORMED_JSON")
    }

    @Test func lintNamesAMissingFile() throws {
        let run = try CLI.run(["lint", "missing.json"], in: try workspace())
        #expect(run.status == 1)
        #expect(run.stderr.contains("missing.json"))
    }

    @Test func explainGivesEveryStatementItsActivityAndReason() throws {
        let run = try CLI.run(["explain", "--answers", "a.yaml"], in: try workspace())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("from Manage ML Jobs (manage-ml-jobs), with activities.manage-ml-jobs.passRoles"))
        #expect(run.stdout.components(separatedBy: "why: ").count > 5)
    }

    @Test func explainSaysWhatEachStatementAllowsBesideWhyItIsThere() throws {
        let run = try CLI.run(["explain", "--answers", "a.yaml"], in: try workspace())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("meaning: Allows the service sagemaker.amazonaws.com to assume the role, only when"))
        #expect(run.stdout.contains("meaning: Allows iam: pass roles, on the role service-role/SageMaker-Compute of account "
                                    + "111122223333, only when the service the role is passed to is sagemaker.amazonaws.com."))
        let json = try CLI.run(["explain", "--json", "--answers", "a.yaml"], in: try workspace())
        #expect(json.stdout.contains("\"allows\": \"Allows sagemaker: "))
    }

    @Test func simulateAnswersAllowedWithTheDecidingStatement() throws {
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--action", "sagemaker:CreateTrainingJob",
                               "--context", "sagemaker:VpcSubnets=subnet-0a1b2c3d4e5f67890",
                               "--context", "sagemaker:VpcSecurityGroupIds=sg-0a1b2c3d4e5f67890"], in: try workspace())
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("ALLOWED") && run.stdout.contains("activity manage-ml-jobs"))
    }

    @Test func simulateExitsOneWhenDenied() throws {
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--action", "iam:CreateUser"], in: try workspace())
        #expect(run.status == 1)
        #expect(run.stdout.contains("DENIED"))
    }

    @Test func simulateRejectsAMalformedActionAsUsage() throws {
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--action", "CreateTrainingJob"], in: try workspace())
        #expect(run.status == 2)
        #expect(run.stderr.contains("--action"))
    }
}
