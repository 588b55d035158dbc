import Foundation
import Testing

/// One list of known regions for the answers file and `--region`, with an override for
/// regions opened after this release.
@Suite("Known regions", .namesTheBinaryUnderTest)
struct RegionCheckTests {
    static func answers(region: String) -> String {
        GenerateCommandTests.validAnswers.replacingOccurrences(of: "region: us-east-1", with: "region: \(region)")
    }

    func prepared(region: String) throws -> URL {
        let dir = try CLI.scratch()
        try Self.answers(region: region).write(to: dir.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func anAnswersFileWithAnUnknownRegionIsRefused() throws {
        let dir = try prepared(region: "us-east-9")
        let result = try CLI.run(["generate", "--answers", "answers.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("'us-east-9' is not an AWS region smrole knows (did you mean us-east-1?)"))
        #expect(result.stderr.contains("--allow-unknown-region"))
    }

    @Test func theFlagAcceptsARegionNewerThanTheList() throws {
        let dir = try prepared(region: "us-east-9")
        let result = try CLI.run(["generate", "--answers", "answers.yaml", "--allow-unknown-region"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func anUnknownRegionFlagIsRefusedBeforeAnyCall() throws {
        let dir = try prepared(region: "us-east-1")
        let result = try CLI.run(["apply", "--answers", "answers.yaml", "--region", "eu-west-7",
                                  "--endpoint-url", "http://127.0.0.1:9"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--region 'eu-west-7' is not an AWS region smrole knows"))
    }
}
