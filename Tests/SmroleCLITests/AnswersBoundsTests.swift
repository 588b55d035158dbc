import Foundation
import Testing

/// Every command that reads an answers file reads it within a bound, whatever the file holds:
/// aliases are refused before they expand, the file's size is capped, and so is the number of
/// problems listed (docs/guarantees.md, "Answers files"). Each run is a whole smrole process,
/// measured by `MeasuredRun`: its CPU time (which a busy machine barely changes, unlike wall time)
/// and its peak memory. The bounds are far above what a bounded read needs and far below what an
/// expanded alias or an unbounded read would take.
@Suite("Answers files: bounded, whatever they contain")
struct AnswersBoundsTests {
    static let cpuSecondsBound = 2.0
    static let memoryBoundMiB = 64.0

    /// The classic "billion laughs": nine levels of nine aliases, 9^9 strings if expanded, with the
    /// last level used as a mapping key so that even hashing it would take minutes.
    static let billionLaughs = """
        role: { name: SageMaker-DS }
        persona: data-scientist
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        ? *i
        : lol

        """

    /// Each command that reads answers, with what else it needs to get that far.
    static let readers: [[String]] = [
        ["generate", "--answers", "a.yaml"],
        ["explain", "--answers", "a.yaml"],
        ["simulate", "--answers", "a.yaml", "--action", "s3:GetObject"],
        ["apply", "--answers", "a.yaml", "--dry-run"],
        ["onboard", "--answers", "a.yaml", "--domain-id", "d-abcdefghijkl", "--user", "alice"],
        ["wizard", "--answers", "a.yaml"],
    ]

    func workspace(_ answers: String) throws -> URL {
        let dir = try CLI.scratch()
        try answers.write(to: dir.appendingPathComponent("a.yaml"), atomically: false, encoding: .utf8)
        return dir
    }

    func run(_ arguments: [String], in dir: URL) throws -> MeasuredRun.Result {
        // No AWS call is reached; the endpoint is loopback's discard port in case one were.
        try MeasuredRun.run(arguments, in: dir, environment: [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "XDG_STATE_HOME": dir.path,
        ])
    }

    func expectBounded(_ result: MeasuredRun.Result) {
        #expect(result.cpuSeconds < Self.cpuSecondsBound, "took \(result.cpuSeconds) s of CPU")
        #expect(result.peakMemoryMiB < Self.memoryBoundMiB, "used \(result.peakMemoryMiB) MiB")
    }

    @Test(arguments: readers)
    func anAliasBombIsRefusedWithItsLineInMillisecondsAndAFewMegabytes(command: [String]) throws {
        let dir = try workspace(Self.billionLaughs)
        let result = try run(command, in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("a.yaml:4: *a is a YAML alias"), "\(result.stderr)")
        expectBounded(result)
    }

    @Test func aPlainAliasIsRefusedWithItsLine() throws {
        let dir = try workspace("""
            role: { name: SageMaker-DS }
            persona: mlops
            activities:
              manage-models: &compute { passRoles: [arn:aws:iam::111122223333:role/service-role/SageMaker-Compute] }
              manage-pipelines: *compute

            """)
        let result = try run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr == "a.yaml:5: *compute is a YAML alias; answers files take no anchors or aliases "
                + "(&name, *name), so write the value out in full\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("smrole-out").path))
    }

    @Test func anAnswersFileOverTheSizeCapIsRefusedUnread() throws {
        let padding = String(repeating: "# padding\n", count: 15_000)
        let dir = try workspace("role: { name: SageMaker-DS }\npersona: data-scientist\n" + padding)
        let result = try run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr == "a.yaml: is 146.5 KiB; smrole reads answers files of at most 128 KiB\n",
                "\(result.stderr)")
        expectBounded(result)
    }

    @Test func anEndlessAnswersStreamIsRefusedAtTheCap() throws {
        let result = try run(["generate", "--answers", "/dev/zero"], in: try CLI.scratch())
        #expect(result.status == 1)
        #expect(result.stderr == "/dev/zero: goes on past 128 KiB, the most smrole reads of answers files\n")
        expectBounded(result)
    }

    @Test func fiveMillionUnknownKeysAreRefusedBySizeWithinTheBounds() throws {
        let dir = try CLI.scratch()
        let path = dir.appendingPathComponent("a.yaml").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        file.write(Data("role: { name: SageMaker-DS }\npersona: custom\n".utf8))
        var chunk = ""
        for key in 0..<5_000_000 {
            chunk += "k\(key): 1\n"
            if key % 100_000 == 99_999 {
                file.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        try file.close()
        let result = try run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("a.yaml: is 56.2 MiB; smrole reads answers files of at most 128 KiB"),
                "\(result.stderr)")
        #expect(result.stderr.utf8.count < 200)
        expectBounded(result)
    }

    @Test func thousandsOfUnknownKeysListTheFirstHundredThenHowManyMore() throws {
        let keys = (0..<10_000).map { "k\($0): 1\n" }.joined()
        let dir = try workspace("role: { name: SageMaker-DS }\npersona: custom\n" + keys)
        let result = try run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 101)
        #expect(lines.first == "a.yaml:3: k0: unknown key; allowed here: version, role, persona, account, region, "
                + "network, encryption, activities, managedPolicies, tags")
        #expect(lines.dropLast().last?.hasPrefix("a.yaml:102: k99: unknown key") == true)
        #expect(lines.last == "a.yaml: and 9900 more problems not listed; fix these first")
        expectBounded(result)
    }

    @Test func aDraftOverTheSizeCapIsRefusedUnread() throws {
        let dir = try CLI.scratch()
        let draft = dir.appendingPathComponent("smrole/draft.json")
        try FileManager.default.createDirectory(at: draft.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try ("{\"version\": 1, \"description\": \"" + String(repeating: "x", count: 2 * 1024 * 1024) + "\"}")
            .write(to: draft, atomically: false, encoding: .utf8)
        let result = try run(["wizard", "--resume"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr == "--resume: \(draft.path): the draft is larger than 1 MiB, so it is not one "
                + "smrole wrote; remove it to start afresh\n", "\(result.stderr)")
        expectBounded(result)
    }

    @Test func aCatalogFileOverTheSizeCapIsRefusedUnread() throws {
        let dir = try CLI.scratch()
        let catalog = "{\"formatVersion\": 1, \"activities\": []}" + String(repeating: " ", count: 2 * 1024 * 1024)
        try catalog.write(to: dir.appendingPathComponent("big.json"), atomically: false, encoding: .utf8)
        let result = try run(["activities", "--catalog", "big.json"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr == "--catalog big.json: is 2.0 MiB; smrole reads catalog files of at most 1 MiB\n",
                "\(result.stderr)")
        expectBounded(result)
    }
}
