import ArgumentParser
import Testing
@testable import smrole

/// `generate`'s plain command lines are read without ArgumentParser (for speed); they must mean
/// exactly what ArgumentParser reads from them, and anything else must be left to it.
@Suite("generate's command line without ArgumentParser")
struct GenerateInvocationTests {
    /// What a parsed generate holds, for comparing the two readers.
    static func fields(_ command: GenerateCommand) -> [String] {
        [command.answers, command.out ?? "-", command.format, command.engine.catalog ?? "-",
         String(command.engine.maxManagedPolicies), String(command.engine.allowUnknownRegion)]
    }

    static let plain: [[String]] = [
        ["generate", "--answers", "a.yaml"],
        ["generate", "--answers=a.yaml", "--out=out dir"],
        ["generate", "--out", "o", "--answers", "a.yaml", "--format", "cloudformation,terraform"],
        ["generate", "--answers", "a.yaml", "--format", "all", "--catalog", "c.json", "--max-managed-policies", "20"],
        ["generate", "--allow-unknown-region", "--answers", "a.yaml"],
        ["generate", "--answers", "ü/ä b.yaml", "--format=stackset"],
    ]

    @Test(arguments: plain)
    func aPlainLineMeansWhatArgumentParserReads(_ arguments: [String]) throws {
        let fast = try #require(GenerateInvocation.command(from: arguments))
        let parsed = try #require(try SmRole.parseAsRoot(arguments) as? GenerateCommand)
        #expect(Self.fields(fast) == Self.fields(parsed))
    }

    static let leftToArgumentParser: [[String]] = [
        ["generate"], ["generate", "--help"], ["generate", "-h"], ["generate", "--answers"],
        ["generate", "--answers", "a.yaml", "--answers", "b.yaml"], ["generate", "--answers", "--out"],
        ["generate", "--answers", "a.yaml", "--format", "pdf"], ["generate", "--answers", "a.yaml", "--max-managed-policies", "x"],
        ["generate", "--answers", "a.yaml", "--typo", "v"], ["generate", "--answers", "a.yaml", "extra"],
        ["generate", "--answers", "a.yaml", "--allow-unknown-region", "--allow-unknown-region"],
        ["generate", "--generate-completion-script", "bash"], ["lint", "p.json"], [],
    ]

    @Test(arguments: leftToArgumentParser)
    func anythingElseIsLeftToArgumentParser(_ arguments: [String]) {
        #expect(GenerateInvocation.command(from: arguments) == nil)
    }

    /// A new option of generate must be taught to the fast reader (or it silently falls back).
    @Test func everyOptionOfGenerateIsKnownToTheFastReader() {
        let help = GenerateCommand.helpMessage(columns: 200)
        let options = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," })
            .map(String.init).filter { $0.hasPrefix("--") && $0 != "--help" })
        #expect(options == GenerateInvocation.knownOptions)
    }
}
