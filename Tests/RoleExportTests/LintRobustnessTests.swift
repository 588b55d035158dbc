import Foundation
import RoleExport
import Testing

/// `smrole lint` reads files it did not write: whatever they hold, it reports, in time
/// linear in their size, and never crashes.
@Suite("Lint on huge and hostile input")
struct LintRobustnessTests {
    static func statement(action: String = "s3:GetObject", resource: String) -> String {
        Sample.policy(#""Effect": "Allow", "Action": "\#(action)", "Resource": "\#(resource)""#)
    }

    /// 80 KB overflowed the stack: the resource matcher recursed once per character.
    @Test(arguments: [80_000, 1_000_000, 10_000_000])
    func anS3ObjectArnOfAnyLengthFitsGetObject(length: Int) {
        let findings = Sample.lint(Self.statement(resource: "arn:aws:s3:::bucket/" + String(repeating: "a", count: length)))
        #expect(findings.codes == ["POLICY_TOO_LARGE"])
    }

    @Test(arguments: [80_000, 1_000_000])
    func aLongArnThatFitsNoFormatIsAMismatch(length: Int) {
        let findings = Sample.lint(Self.statement(resource: "arn:aws:s3:::" + String(repeating: "b:", count: length / 2)))
        #expect(findings.codes.contains("RESOURCE_MISMATCH"))
    }

    /// Wildcards on both sides are the matcher's worst case: every format position stays
    /// reachable, character after character.
    @Test func aMillionWildcardsAreMatchedInLinearTime() {
        let resource = "arn:aws:s3:::bucket/" + String(repeating: "*?", count: 500_000)
        let findings = Sample.lint(Self.statement(action: "s3:*Object", resource: resource))
        #expect(!findings.codes.contains("RESOURCE_MISMATCH"))
        #expect(findings.codes.contains("POLICY_TOO_LARGE"))
    }

    /// Each unclosed `${` used to search the rest of the text for `}`: quadratic.
    @Test func aMillionUnclosedPolicyVariablesAreRead() {
        let resource = "arn:aws:s3:::bucket/" + String(repeating: "${", count: 500_000)
        #expect(Sample.lint(Self.statement(resource: resource)).codes == ["POLICY_TOO_LARGE"])
    }

    @Test func deepNestingIsReportedWithItsLineNotCalledInvalidJSON() {
        let statement = "\"Statement\": "
        let text = "{\"Version\": \"2012-10-17\",\n" + statement + String(repeating: "[", count: 100_000)
        let findings = Sample.lint(text)
        // The root object is the first level, so the 32nd `[` is the one too deep.
        let column = statement.count + 32
        #expect(findings.count == 1)
        #expect(findings.first?.line == 2)
        #expect(findings.first?.message.contains("more than 32 levels deep at line 2, column \(column)") == true)
        #expect(findings.first?.message.contains("not valid JSON") == false)
    }

    @Test func aHugeListOfStatementsIsReported() {
        let one = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#
        let text = #"{"Version": "2012-10-17", "Statement": ["# + Array(repeating: one, count: 20_000).joined(separator: ",") + "]}"
        #expect(Sample.lint(text).codes == ["POLICY_TOO_LARGE"])
    }

    @Test func aHugeListOfActionsIsReported() {
        let actions = Array(repeating: "\"s3:GetObject\"", count: 100_000).joined(separator: ",")
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": [\#(actions)], "Resource": "*""#))
        #expect(findings.codes == ["POLICY_TOO_LARGE", "RESOURCE_STAR"])
    }

    @Test(arguments: ["*", "s3:*", "iam:PassRole", "sagemaker:Create*"])
    func aHugeActionIsReported(prefix: String) {
        let action = prefix + String(repeating: "x", count: 1_000_000)
        #expect(!Sample.lint(Self.statement(action: action, resource: "*")).isEmpty)
    }

    /// Random documents built from the characters JSON and ARNs are made of, seeded so a
    /// failure can be reproduced: every one gets a report.
    @Test func randomHostileDocumentsAreReported() {
        var generator = SplitMix64(seed: 0x5EED)
        let pieces = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u001b", "*", "?", "${", "}", "arn:aws:s3:::", "/",
                      "\"Statement\"", "\"Resource\"", "\"Action\"", "\"Effect\"", "\"Allow\"", "\"s3:GetObject\"",
                      "\u{1b}[2J", "\r", "\n", " ", "0", "-1e999", "true", "null", "\u{202E}"]
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 400)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            for finding in Sample.lint(text) { #expect(!finding.message.isEmpty && !finding.fix.isEmpty) }
        }
    }

    /// Random statements that parse, so the reader's findings and the matcher run on them.
    @Test func randomWellFormedStatementsAreReported() {
        var generator = SplitMix64(seed: 42)
        let pieces = ["*", "?", "${aws:username}", "${", "}", ":", "/", "a", "bucket", "arn", "aws", "s3", "\\u001b"]
        for _ in 0..<2_000 {
            let resource = (0..<Int(generator.next() % 60)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let action = ["s3:GetObject", "s3:*", "*", "s3:List*", "sagemaker:CreateTrainingJob"][Int(generator.next() % 5)]
            for finding in Sample.lint(Self.statement(action: action, resource: resource)) {
                #expect(!finding.message.isEmpty && !finding.fix.isEmpty)
            }
        }
    }

    @Test func passRoleWithActionStarNamesWhatItIsTogetherWith() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "*", "Resource": "*""#))
        let escalation = findings.first { $0.code == "PRIVILEGE_ESCALATION" }
        #expect(escalation?.message.contains("together with Action \"*\"") == true)
        #expect(findings.allSatisfy { !$0.message.contains(", ,") && !$0.message.contains("with , ") && !$0.message.contains("With  ") })
    }
}

/// A small seeded generator (SplitMix64), so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
