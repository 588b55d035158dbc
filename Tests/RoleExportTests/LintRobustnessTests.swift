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
        let resource = "arn:aws:s3:::bucket/" + String(repeating: "a", count: length)
        let findings = Sample.lint(Self.statement(resource: resource))
        #expect(findings.codes == ["POLICY_TOO_LARGE"])
    }

    /// A bucket ARN without `/key` names no object, however long the bucket part runs.
    @Test(arguments: [80_000, 1_000_000])
    func aLongArnWithoutAnObjectKeyIsAMismatchForGetObject(length: Int) {
        let findings = Sample.lint(Self.statement(resource: "arn:aws:s3:::" + String(repeating: "b", count: length)))
        #expect(findings.codes == ["POLICY_TOO_LARGE", "RESOURCE_MISMATCH"])
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

    /// Documents of 100 KB to 10 MB in every shape a hostile file can take, from a seeded
    /// generator so a failure repeats: each gets a report (at that size, a finding at least
    /// says it is too large or not JSON), and none crashes.
    @Test(arguments: HostileDocument.allCases)
    func hugeHostileDocumentsAreReported(shape: HostileDocument) {
        var generator = SplitMix64(seed: 0x5EED)
        for size in shape.sizes {
            let findings = Sample.lint(shape.text(size: size, using: &generator))
            #expect(!findings.isEmpty, "\(shape) of \(size) bytes")
            #expect(findings.allSatisfy { !$0.message.isEmpty && !$0.fix.isEmpty })
        }
    }

    /// A file that repeats an action (60 000 times) gets one finding for it, not 60 000.
    @Test func anActionListedTwiceIsReportedOnce() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": ["s3:GetObjekt", "s3:GetObjekt"], "#
                                                 + #""Resource": "arn:aws:s3:::b/*""#))
        #expect(findings.filter { $0.code == "UNKNOWN_ACTION" }.count == 1)
    }

    @Test func passRoleWithActionStarNamesWhatItIsTogetherWith() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "*", "Resource": "*""#))
        let escalation = findings.first { $0.code == "PRIVILEGE_ESCALATION" }
        #expect(escalation?.message.contains("together with Action \"*\"") == true)
        #expect(findings.allSatisfy { !$0.message.contains("with , ") && !$0.message.contains("With  the") })
    }
}

/// The shapes of `hugeHostileDocumentsAreReported`: one value grown huge from pieces that
/// JSON, ARNs and terminals treat specially, or a huge number of small ones.
enum HostileDocument: String, CaseIterable, CustomStringConvertible {
    case resource, action, sid, conditionValue, statements, actions, nesting, punctuation

    var description: String { rawValue }

    /// Every shape grows to 10 MB but statements, to 1 MB (some 10 000 of them): each is
    /// linted on its own, and a debug build takes seconds per megabyte of them.
    var sizes: [Int] {
        self == .statements ? [100_000, 1_000_000] : [100_000, 1_000_000, 10_000_000]
    }

    static let arnPieces = ["*", "?", "${aws:username}", "${", "}", ":", "/", "s3", "a", "arn:aws:", #"\u001b[2J"#,
                            #"\r"#, #"\u202e"#, "é", "データ"]
    static let someActions = ["s3:GetObject", "s3:*", "*", "s3:List*", "sagemaker:CreateTrainingJob", "iam:PassRole",
                              "iam:*"]

    func text(size: Int, using generator: inout SplitMix64) -> String {
        func pick(_ list: [String]) -> String { list[Int(generator.next() % UInt64(list.count))] }
        func grown(_ pieces: [String], to size: Int) -> String {
            var out = ""
            out.reserveCapacity(size + 16)
            while out.utf8.count < size { out += pick(pieces) }
            return out
        }
        func statement(action: String, resource: String, extra: String = "") -> String {
            #"{"Effect": "Allow", "Action": "\#(action)", "Resource": "\#(resource)"\#(extra)}"#
        }
        func policy(_ statements: String) -> String { #"{"Version": "2012-10-17", "Statement": [\#(statements)]}"# }
        switch self {
        case .resource:
            let resource = "arn:aws:s3:::" + grown(Self.arnPieces, to: size)
            return policy(statement(action: pick(Self.someActions), resource: resource))
        case .action:
            let action = "s3:" + grown(["*", "?", "Get", "x", ":", #"\u001b"#], to: size)
            return policy(statement(action: action, resource: "*"))
        case .sid:
            let sid = grown(Self.arnPieces, to: size)
            return policy(#"{"Sid": "\#(sid)", "Effect": "Allow", "Action": "*", "Resource": "*"}"#)
        case .conditionValue:
            let user = grown(Self.arnPieces, to: size / 2), address = grown(["1", ".", "/", ":", "f"], to: size / 2)
            let condition = #", "Condition": {"StringLike": {"aws:userid": "\#(user)"}, "#
                + #""IpAddress": {"aws:SourceIp": "\#(address)"}}"#
            return policy(statement(action: "s3:GetObject", resource: "arn:aws:s3:::b/*", extra: condition))
        case .statements:
            var statements: [String] = []
            var length = 0
            while length < size {
                let resource = "arn:aws:s3:::" + grown(Self.arnPieces, to: 40)
                let next = statement(action: pick(Self.someActions), resource: resource)
                statements.append(next)
                length += next.utf8.count + 1
            }
            return policy(statements.joined(separator: ","))
        case .actions:
            let actions = (0..<(size / 16)).map { _ in "\"" + pick(Self.someActions) + "\"" }.joined(separator: ",")
            return policy(#"{"Effect": "Allow", "Action": [\#(actions)], "Resource": "arn:aws:s3:::b/*"}"#)
        case .nesting:
            return #"{"Version": "2012-10-17", "Statement": "# + String(repeating: "[{\"a\": ", count: size / 7)
        case .punctuation:
            return grown(["{", "}", "[", "]", ",", ":", "\"", "\\", "\u{1b}[2J", "\r", "\n", " ", "0", "-1e999", "true",
                          "null", "\u{202E}", "\"Statement\"", "\"Resource\""], to: size)
        }
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
