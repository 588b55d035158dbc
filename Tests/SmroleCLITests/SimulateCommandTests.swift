import Foundation
import Testing

/// `smrole simulate` as a whole process: the seeded context, AWS-managed policies, boundaries,
/// the undetermined verdict and its exit code, and many requests in one run.
@Suite("smrole simulate", .namesTheBinaryUnderTest)
struct SimulateCommandTests {
    static let mlflow = """
    version: 1
    role: { name: MLflow-Server, description: "tracking server" }
    persona: custom
    account: "111122223333"
    region: us-east-1
    activities:
      mlflow-service-access: {}
    """

    static let canvasWithBoundary = """
    version: 1
    role: { name: Canvas-User, description: "canvas", permissionsBoundary: "arn:aws:iam::111122223333:policy/boundary" }
    persona: custom
    account: "111122223333"
    region: us-east-1
    activities:
      canvas-core: {}
    """

    static let artifact = "arn:aws:s3:::sagemaker-us-east-1-111122223333/mlflow/run-1/model.pkl"

    func workspace(_ files: [String: String]) throws -> URL {
        let dir = try CLI.scratch()
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func theAccountComesFromThePlanSoMlflowMayWriteItsOwnArtifacts() throws {
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--action", "s3:PutObject", "--resource", Self.artifact,
                               "--context", "aws:ResourceAccount=111122223333"], in: try workspace(["a.yaml": Self.mlflow]))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("ALLOWED"))
    }

    @Test func aContextKeyOverridesTheSeededAccount() throws {
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--action", "s3:PutObject", "--resource", Self.artifact,
                               "--context", "aws:ResourceAccount=111122223333", "--context", "aws:PrincipalAccount=444455556666"],
                              in: try workspace(["a.yaml": Self.mlflow]))
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("aws:ResourceAccount"))
    }

    @Test func aBoundaryKnownOnlyByArnMakesTheAnswerUndeterminedWithExitFour() throws {
        let run = try CLI.run(["simulate", "--answers", "c.yaml", "--action", "sagemaker:ListEndpoints"],
                              in: try workspace(["c.yaml": Self.canvasWithBoundary]))
        #expect(run.status == 4, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("UNDETERMINED"))
        #expect(run.stdout.contains("missing: the text of the permissions boundary arn:aws:iam::111122223333:policy/boundary"))
    }

    @Test func aBoundaryFileDecidesWhatTheBoundaryAllows() throws {
        let boundary = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"}]}"#
        let dir = try workspace(["c.yaml": Self.canvasWithBoundary, "b.json": boundary])
        let inside = try CLI.run(["simulate", "--answers", "c.yaml", "--boundary-file", "b.json", "--action", "sagemaker:ListEndpoints"], in: dir)
        #expect(inside.status == 0, "\(inside.stdout)\(inside.stderr)")
        #expect(inside.stdout.contains("AmazonSageMakerCanvasFullAccess (AWS managed, v"))
        let outside = try CLI.run(["simulate", "--answers", "c.yaml", "--boundary-file", "b.json", "--action", "sagemaker:DescribeDomain"], in: dir)
        #expect(outside.status == 1)
        #expect(outside.stdout.contains("DENIED (the permissions boundary does not allow it)"))
    }

    @Test func aBoundaryFileThatIsNoPolicyIsRefused() throws {
        let dir = try workspace(["c.yaml": Self.canvasWithBoundary, "b.json": #"{"Statement": "#])
        let run = try CLI.run(["simulate", "--answers", "c.yaml", "--boundary-file", "b.json", "--action", "sagemaker:ListEndpoints"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--boundary-file b.json"))
    }

    @Test func theHelpDocumentsTheUndeterminedExitCode() throws {
        let run = try CLI.run(["simulate", "--help"], in: try CLI.scratch())
        #expect(run.status == 0)
        #expect(run.stdout.contains("4 undetermined"))
    }

    @Test func aRequestsFileIsAnsweredLineByLineInOneProcess() throws {
        let lines = """
            {"action": "s3:PutObject", "resource": "\(Self.artifact)", "context": {"aws:ResourceAccount": "111122223333"}}
            {"action": "iam:CreateUser"}
            """
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--requests", "r.jsonl"], in: try workspace(["a.yaml": Self.mlflow, "r.jsonl": lines]))
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try run.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(answers.map { $0?["decision"] as? String } == ["allowed", "implicit deny"])
        #expect(answers.map { $0?["request"] as? Int } == [1, 2])
    }

    @Test func aBadRequestsLineIsNamedAndNothingIsAnswered() throws {
        let lines = "{\"action\": \"s3:GetObject\"}\n{\"action\": \"GetObject\"}\n"
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--requests", "r.jsonl"], in: try workspace(["a.yaml": Self.mlflow, "r.jsonl": lines]))
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("line 2") && run.stderr.contains("service:action"))
    }

    @Test func requestsAndActionTogetherAreAUsageError() throws {
        let run = try CLI.run(["simulate", "--answers", "a.yaml", "--requests", "r.jsonl", "--action", "s3:GetObject"],
                              in: try workspace(["a.yaml": Self.mlflow, "r.jsonl": ""]))
        #expect(run.status == 2)
        #expect(run.stderr.contains("--requests"))
    }
}
