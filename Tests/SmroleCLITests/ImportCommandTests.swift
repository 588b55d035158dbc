import Foundation
import Glibc
import Testing

/// `smrole import` as a whole process: the committed authorization-details fixtures (roles
/// built from Role Manager's templates) and smrole's own roles read back from moto.
@Suite("smrole import", .serialized, .namesTheBinaryUnderTest)
struct ImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../fixtures/role-manager-roles").standardized

    func fixture(_ name: String, into dir: URL) throws -> String {
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        return name
    }

    @Test(arguments: ["data-scientist", "mlops", "compute"])
    func aConsoleRoleImportsToAnswersThatGenerateAccepts(_ persona: String) throws {
        let dir = try CLI.scratch()
        let file = try fixture("\(persona)-console-vpc-kms.json", into: dir)
        let imported = try CLI.run(["import", "--from-file", file, "--role-name", "SageMaker-\(persona)-console",
                                    "--out", "answers.yaml"], in: dir)
        // Studio's AppImageConfig actions and the compute role's id-less VPC statement map to nothing.
        #expect(imported.status == 4, "\(imported.stderr)")
        #expect(imported.stderr.contains("as persona \(persona)"))
        #expect(imported.stderr.contains("generate will write today's version of it"))
        let answers = try String(contentsOf: dir.appendingPathComponent("answers.yaml"), encoding: .utf8)
        #expect(answers.contains("persona: \(persona)"))
        let unmapped = try Data(contentsOf: dir.appendingPathComponent("answers.unmapped-policy.json"))
        #expect((try JSONSerialization.jsonObject(with: unmapped) as? [String: Any])?["Statement"] != nil)
        let generated = try CLI.run(["generate", "--answers", "answers.yaml", "--out", "out"], in: dir)
        #expect(generated.status == 0, "\(generated.stderr)")
    }

    @Test func aRoleWhoseStatementsAllMapExits0AndWritesNoUnmappedDocument() throws {
        let dir = try CLI.scratch()
        let file = try fixture("compute-construct.json", into: dir)
        let imported = try CLI.run(["import", "--from-file", file, "--role-name", "SageMaker-compute-construct",
                                    "--out", "answers.yaml"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("Every statement maps to an activity."))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("answers.unmapped-policy.json").path))
    }

    @Test func withoutOutTheAnswersGoToStdout() throws {
        let dir = try CLI.scratch()
        let file = try fixture("compute-console.json", into: dir)
        let imported = try CLI.run(["import", "--from-file", file, "--role-name", "SageMaker-compute-console"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("version: 1\nrole:\n  name: SageMaker-compute-console\n"))
    }

    @Test func aMissingRoleIsNamedAndNothingIsWritten() throws {
        let dir = try CLI.scratch()
        let file = try fixture("compute-console.json", into: dir)
        let result = try CLI.run(["import", "--from-file", file, "--role-name", "Nope", "--out", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds no role named 'Nope'"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.yaml").path))
    }

    @Test func anExistingFileSmroleDidNotWriteIsNotOverwritten() throws {
        let dir = try CLI.scratch()
        let file = try fixture("compute-console.json", into: dir)
        try "mine\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["import", "--from-file", file, "--role-name", "SageMaker-compute-console",
                                  "--out", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(try String(contentsOf: dir.appendingPathComponent("a.yaml"), encoding: .utf8) == "mine\n")
    }

    @Test func fromFileWithAnAWSOptionIsAUsageError() throws {
        let dir = try CLI.scratch()
        let result = try CLI.run(["import", "--from-file", "x.json", "--role-name", "R", "--profile", "p"], in: dir)
        #expect(result.status == 2)
    }

    @Test(.enabled(if: Moto.available, "moto is installed by `make test`"),
          arguments: ["data-scientist", "mlops", "compute"])
    func aRoleApplyMadeImportsFromIAMToAnswersThatGenerateTheSameFiles(_ persona: String) throws {
        setenv("AWS_ACCESS_KEY_ID", "testing", 1)
        setenv("AWS_SECRET_ACCESS_KEY", "testing", 1)
        let server = try AWSCommandTests.Server()
        let dir = try CLI.scratch()
        let answers = """
            version: 1
            role: { name: SageMaker-\(persona), description: round trip }
            persona: \(persona)
            account: "123456789012"
            region: us-east-1
            network: { subnets: [subnet-0a1b2c3d4e5f67890], securityGroups: [sg-0a1b2c3d4e5f67890] }
            encryption:
              volumeKeys: [arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab]
              dataKeys: [arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab]
            activities:
            \((persona == "compute" ? ["access-aws-services: { s3Buckets: [sagemaker-us-east-1-123456789012] }"]
                : persona == "mlops" ? ["run-studio-apps: {}", "manage-models: { passRoles: [arn:aws:iam::123456789012:role/C] }",
                                        "manage-endpoints: {}", "manage-pipelines: { passRoles: [arn:aws:iam::123456789012:role/C] }",
                                        "search-experiments: {}"]
                : ["run-studio-apps: {}", "manage-experiments: {}", "manage-ml-jobs: { passRoles: [arn:aws:iam::123456789012:role/C] }",
                   "manage-models: { passRoles: [arn:aws:iam::123456789012:role/C] }",
                   "manage-pipelines: { passRoles: [arn:aws:iam::123456789012:role/C] }",
                   "s3-bucket-access: { s3Buckets: [sagemaker-us-east-1-123456789012] }"]).map { "  " + $0 }.joined(separator: "\n"))
            tags: { team: ml }
            """
        try answers.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let applied = try CLI.run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url], in: dir)
        #expect(applied.status == 0, "\(applied.stderr)")
        let imported = try CLI.run(["import", "--role-name", "SageMaker-\(persona)", "--endpoint-url", server.url,
                                    "--out", "imported.yaml"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        for (answersFile, out) in [("a.yaml", "original"), ("imported.yaml", "again")] {
            let generated = try CLI.run(["generate", "--answers", answersFile, "--out", out, "--format", "all"], in: dir)
            #expect(generated.status == 0, "\(generated.stderr)")
        }
        for file in ["role.json", "trust-policy.json", "cloudformation.yaml", "main.tf"] {
            let a = try String(contentsOf: dir.appendingPathComponent("original/\(file)"), encoding: .utf8)
            let b = try String(contentsOf: dir.appendingPathComponent("again/\(file)"), encoding: .utf8)
            #expect(a == b, "\(file) differs")
        }
        let policies = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("original/policies").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("again/policies").path).sorted()
                == policies.sorted())
        for file in policies {
            #expect(try Data(contentsOf: dir.appendingPathComponent("original/policies/\(file)"))
                    == Data(contentsOf: dir.appendingPathComponent("again/policies/\(file)")))
        }
        let reapplied = try CLI.run(["apply", "--answers", "imported.yaml", "--endpoint-url", server.url], in: dir)
        #expect(reapplied.status == 0 && reapplied.stderr.contains("nothing to do"), "\(reapplied.stderr)")
    }
}
