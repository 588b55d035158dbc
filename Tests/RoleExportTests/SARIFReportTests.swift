import RoleEngine
import RoleExport
import Testing

/// The SARIF log's pieces that code scanning relies on: rule metadata for every finding,
/// locations as URI references, columns in UTF-16 code units.
@Suite struct SARIFReportTests {
    /// One bad policy per rule family; every finding must name a rule of the registry.
    static let badPolicies = [
        Sample.policy(#""Effect": "Allow", "Action": "*", "Resource": "*""#),
        Sample.policy(#""Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole""#),
        Sample.policy(#""Effect": "Allow", "Action": ["iam:PassRole", "s3:PutBucketPolicy", "sts:GetSessionToken"], "Resource": "*", "Condition": {"StringLike": {"iam:PassedToService": "*"}}"#),
        Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"ArnEqualsIfExists": {"sagemaker:VolumeKmsKey": "k"}, "ForAllValues:StringEquals": {"aws:SourceAccount": "1", "sagemaker:VpcSubnets": "s*"}}"#),
        #"{"Statement": [{"Sid": "a-b", "Effect": "Allow", "Action": "sagemakr:Foo", "Resource": "bucket"}]}"#,
    ]

    static func log(_ text: String, path: String = "policies/p.json") -> JSONValue {
        SARIFReport.log([SARIFReport.File(path: path, text: text, findings: Sample.lint(text))], database: "test")
    }

    @Test func everyFindingNamesARegisteredRule() {
        let findings = Self.badPolicies.flatMap(Sample.lint)
        #expect(findings.count > 10)
        for finding in findings { #expect(finding.rule != nil, "\(finding.code) has no rule") }
    }

    @Test func ruleIdsAreUniqueAndEachHasAWhy() {
        let ids = LintRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(LintRules.all.allSatisfy { !$0.why.isEmpty && !$0.title.isEmpty })
    }

    @Test func aPathWithSpacesAndColonsIsAPercentEncodedReference() {
        let text = Self.log(Self.badPolicies[0], path: "team a/role:1.json").pretty()
        #expect(text.contains(#""uri": "team%20a/role%3A1.json""#))
    }

    @Test func anAbsolutePathIsAFileURI() {
        #expect(Self.log(Self.badPolicies[0], path: "/srv/iam/p.json").pretty().contains(#""uri": "file:///srv/iam/p.json""#))
    }

    @Test func standardInputHasNoLocation() {
        #expect(!Self.log(Self.badPolicies[0], path: "-").pretty().contains("physicalLocation"))
    }

    /// "é" is two bytes and one UTF-16 unit: the key after it starts at byte 40, which is column 39.
    @Test func columnsAreCountedInUTF16CodeUnits() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"A\", \"Effect\": \"Allow\",\n"
            + "\"Action\": \"sagemaker:CreateTrainingJob\", \"Resource\": \"arn:aws:sagemaker:*:*:training-job/*\",\n"
            + "\"Condition\": {\"ArnEquals\": {\"x\": \"é\", \"sagemaker:VolumeKmsKey\": \"k\"}}}]}"
        let findings = Sample.lint(text).filter { $0.message.contains("VolumeKmsKey") }
        #expect(findings.first?.column == 40)
        let rendered = SARIFReport.log([SARIFReport.File(path: "p.json", text: text, findings: findings)],
                                       database: "test").pretty()
        #expect(rendered.contains("\"startColumn\": 39"))
    }
}

extension SARIFReportTests {
    /// 20 000 findings on one 2 MB line: each column is found without decoding the line again.
    @Test func manyFindingsOnOneLongLineAreReported() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#
        let text = #"{"Version": "2012-10-17", "Statement": ["# + Array(repeating: statement, count: 20_000)
            .joined(separator: ", ") + "]}"
        let findings = (1...20_000).map { i in
            LintFinding("RESOURCE_STAR", .low, "m", fix: "f", line: 1, column: 40 + i * (statement.count + 2))
        }
        let log = SARIFReport.log([SARIFReport.File(path: "p.json", text: text, findings: findings)], database: "t")
        #expect(log.pretty().components(separatedBy: "\"startColumn\"").count == 20_001)
    }
}
