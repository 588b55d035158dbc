import Foundation
import Glibc
import Testing

/// `smrole apply` and `smrole onboard` as whole processes against moto: exit codes and the
/// words the user reads.
enum Moto {
    static let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.venv-test/bin/moto_server").standardized.path
    static var available: Bool { FileManager.default.isExecutableFile(atPath: executable) }
}

@Suite("smrole apply and onboard", .serialized, .namesTheBinaryUnderTest,
       .enabled(if: Moto.available, "moto is installed by `make test`"))
struct AWSCommandTests {
    static let answers = """
    version: 1
    role: { name: SageMaker-CLI, description: cli test }
    persona: compute
    account: "123456789012"
    region: us-east-1
    activities:
      access-aws-services: { s3Buckets: [sagemaker-us-east-1-123456789012] }
    tags: { team: ml }
    """

    func run(_ arguments: [String], in dir: URL) throws -> CLI.Run {
        setenv("AWS_ACCESS_KEY_ID", "testing", 1)
        setenv("AWS_SECRET_ACCESS_KEY", "testing", 1)
        return try CLI.run(arguments, in: dir)
    }

    @Test func applyCreatesThenSaysNothingToDoThenRefusesADifference() throws {
        let server = try Server()
        let dir = try CLI.scratch()
        try Self.answers.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let dry = try run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url, "--dry-run"], in: dir)
        #expect(dry.status == 0 && dry.stdout.contains("role SageMaker-CLI: missing"))
        let created = try run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "arn:aws:iam::123456789012:role/service-role/SageMaker-CLI")
        let again = try run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url], in: dir)
        #expect(again.status == 0 && again.stderr.contains("nothing to do"), "\(again.stderr)")
        try Self.answers.replacingOccurrences(of: "team: ml", with: "team: ai").write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let refused = try run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url], in: dir)
        #expect(refused.status == 1 && refused.stderr.contains("tag team: ml → ai") && refused.stderr.contains("--update"))
        let updated = try run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url, "--update"], in: dir)
        #expect(updated.status == 0 && updated.stderr.contains("Updated"))
    }

    @Test func anotherAccountInTheAnswersIsRefusedBeforeAnyChange() throws {
        let server = try Server()
        let dir = try CLI.scratch()
        try Self.answers.replacingOccurrences(of: "123456789012", with: "111122223333").write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["apply", "--answers", "a.yaml", "--endpoint-url", server.url], in: dir)
        #expect(result.status == 1 && result.stderr.contains("credentials are for 123456789012"))
    }

    @Test func noAnswerFromAWSExits3() throws {
        let dir = try CLI.scratch()
        try Self.answers.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["apply", "--answers", "a.yaml", "--endpoint-url", "http://127.0.0.1:9"], in: dir)
        #expect(result.status == 3 && result.stderr.contains("no answer from http://127.0.0.1:9"))
    }

    @Test func onboardRefusesBadInputBeforeCallingAWS() throws {
        let dir = try CLI.scratch()
        try "user\nbad_name\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let result = try run(["onboard", "--domain-id", "d-abc", "--from-csv", "c.csv", "--role", "arn:aws:iam::123456789012:role/R",
                              "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"], in: dir)
        #expect(result.status == 1 && result.stderr.contains("line 2") && result.stderr.contains("nothing was created"))
        let usage = try run(["onboard", "--domain-id", "d-abc", "--role", "arn:aws:iam::1:role/R"], in: dir)
        #expect(usage.status == 2 && usage.stderr.contains("--user NAME or --from-csv FILE"))
    }

    @Test func onboardFindsADomainByItsName() throws {
        let aws = try FakeAWSEndpoint { operation in
            switch operation {
            case "ListDomains":
                return .json(200, #"{"Domains": [{"DomainId": "d-abc123", "DomainName": "ml-lab", "Status": "InService"}]}"#)
            case "DescribeDomain":
                return .json(200, #"{"DomainId": "d-abc123", "DomainName": "ml-lab", "Status": "InService", "AuthMode": "IAM"}"#)
            case "ListUserProfiles": return .json(200, #"{"UserProfiles": []}"#)
            case "DescribeUserProfile": return .json(400, #"{"__type": "ResourceNotFound", "message": "no such profile"}"#)
            default: return .json(200, #"{"UserProfileArn": "arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc123/ana"}"#)
            }
        }
        defer { aws.stop() }
        let arguments = ["onboard", "--user", "ana", "--role", "arn:aws:iam::123456789012:role/R", "--region", "us-east-1",
                         "--endpoint-url", aws.url, "--domain-id"]
        let found = try run(arguments + ["ml-lab"], in: try CLI.scratch())
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout == "ana\tcreated\n")
        let missing = try run(arguments + ["ml-lab-2"], in: try CLI.scratch())
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("--domain-id: no Studio domain in us-east-1 is named 'ml-lab-2'; there are 'ml-lab' (d-abc123)"))
    }
}
