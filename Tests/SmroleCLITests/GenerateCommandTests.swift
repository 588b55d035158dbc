import Foundation
import Testing

/// Runs the real `smrole` binary as a user would and checks exit codes, output and files.
@Suite("smrole generate, personas, activities", .namesTheBinaryUnderTest)
struct GenerateCommandTests {
    static let validAnswers = """
    version: 1
    role: { name: SageMaker-DS, description: "Team \\"A\\" $(touch pwned); `id`" }
    persona: data-scientist
    account: "111122223333"
    region: us-east-1
    activities:
      manage-ml-jobs: { passRoles: [arn:aws:iam::111122223333:role/service-role/SageMaker-Compute] }
      s3-bucket-access: { s3Buckets: [sagemaker-us-east-1-111122223333] }
    tags: { team: ml }
    """

    func run(_ arguments: [String], in directory: URL) throws -> CLI.Run { try CLI.run(arguments, in: directory) }

    func scratch() throws -> URL { try CLI.scratch() }

    func write(_ text: String, to name: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func files(under dir: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: dir.path)
        return (e?.allObjects as? [String] ?? []).sorted()
    }

    @Test func writesTheDesignLayoutIntoTheDefaultDirectory() throws {
        let dir = try scratch()
        try write(Self.validAnswers, to: "answers.yaml", in: dir)
        let result = try run(["generate", "--answers", "answers.yaml"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(files(under: dir.appendingPathComponent("smrole-out/SageMaker-DS")) == [
            ".smrole-manifest", "answers.yaml", "policies", "policies/SageMaker-DS-manage-ml-jobs.json",
            "policies/SageMaker-DS-s3-bucket-access.json", "role.json", "trust-policy.json",
        ])
        #expect(result.stdout.contains("policy SageMaker-DS-manage-ml-jobs"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("pwned").path))
    }

    @Test func aRerunIsByteIdentical() throws {
        let dir = try scratch()
        try write(Self.validAnswers, to: "answers.yaml", in: dir)
        func snapshot() throws -> [String: Data] {
            let result = try run(["generate", "--answers", "answers.yaml", "--out", "out"], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            var contents: [String: Data] = [:]
            for file in files(under: dir.appendingPathComponent("out")) where file.hasSuffix(".json") || file.hasSuffix(".yaml") {
                contents[file] = try Data(contentsOf: dir.appendingPathComponent("out/\(file)"))
            }
            return contents
        }
        let first = try snapshot()
        #expect(first.count == 5)
        #expect(try snapshot() == first)
    }

    @Test func theSavedAnswersRegenerateTheSameFiles() throws {
        let dir = try scratch()
        try write(Self.validAnswers, to: "answers.yaml", in: dir)
        #expect(try run(["generate", "--answers", "answers.yaml", "--out", "a"], in: dir).status == 0)
        let again = try run(["generate", "--answers", "a/answers.yaml", "--out", "b"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        for file in files(under: dir.appendingPathComponent("a")) where file.hasSuffix(".json") || file.hasSuffix(".yaml") {
            #expect(try Data(contentsOf: dir.appendingPathComponent("a/\(file)")) == Data(contentsOf: dir.appendingPathComponent("b/\(file)")), "\(file)")
        }
    }

    @Test func invalidAnswersExitOneWriteNothingAndNameEveryField() throws {
        let dir = try scratch()
        try write("role: { name: \"bad name\" }\npersona: data-scientist\ntags: { \"aws:x\": v }\n", to: "bad.yaml", in: dir)
        let result = try run(["generate", "--answers", "bad.yaml", "--out", "out"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:1: role.name:"))
        #expect(result.stderr.contains("activities.manage-ml-jobs.passRoles: is required"))
        #expect(result.stderr.contains("bad.yaml:3: tags.aws:x:"))
        #expect(files(under: dir) == ["bad.yaml"])
    }

    @Test(arguments: ["", "\u{0}\u{1}binary", "role: [unclosed\n"])
    func unusableFilesExitOne(content: String) throws {
        let dir = try scratch()
        try write(content, to: "a.yaml", in: dir)
        let result = try run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("a.yaml"))
        #expect(files(under: dir) == ["a.yaml"])
    }

    @Test func usageErrorsExitTwo() throws {
        let dir = try scratch()
        #expect(try run(["generate"], in: dir).status == 2)
        #expect(try run(["generate", "--answers", "x", "--format", "pdf"], in: dir).status == 2)
        #expect(try run(["frobnicate"], in: dir).status == 2)
    }

    @Test func aFolderOfTheUsersKeepsEveryFileOfTheirs() throws {
        let dir = try scratch()
        try write(Self.validAnswers, to: "answers.yaml", in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try write("precious", to: "mine/notes.txt", in: dir)
        let result = try run(["generate", "--answers", "answers.yaml", "--out", "mine"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("mine/notes.txt"), encoding: .utf8) == "precious")
        #expect(files(under: dir.appendingPathComponent("mine")).contains("role.json"))
    }

    @Test func personasListsEveryPersonaAsTextAndJson() throws {
        let dir = try scratch()
        let text = try run(["personas"], in: dir)
        #expect(text.status == 0 && text.stdout.contains("data-scientist  Data Scientist"))
        let json = try run(["personas", "--json"], in: dir)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.map { $0["id"] as? String } == ["data-scientist", "mlops", "compute", "custom"])
    }

    @Test func activitiesFiltersByPersona() throws {
        let dir = try scratch()
        let json = try run(["activities", "--persona", "compute", "--json"], in: dir)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.map { $0["id"] as? String } == ["access-aws-services"])
        let bad = try run(["activities", "--persona", "admin"], in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("allowed: data-scientist, mlops, compute, custom"))
    }

    @Test func aCatalogExtensionAddsActivities() throws {
        let dir = try scratch()
        try write("""
        {"formatVersion": 1, "activities": [{"id": "read-features", "title": "Read Features", "template": "Custom",
          "description": "Read feature groups.", "network": false, "encryption": false, "parameters": [],
          "statements": [{"sid": "ReadFeatures", "why": "Read.", "actions": ["sagemaker:GetRecord"],
          "resources": ["arn:{{partition}}:sagemaker:{{region}}:{{account}}:feature-group/*"]}]}]}
        """, to: "extra.json", in: dir)
        let result = try run(["activities", "--catalog", "extra.json"], in: dir)
        #expect(result.status == 0 && result.stdout.contains("read-features  Read Features"))
    }
}
