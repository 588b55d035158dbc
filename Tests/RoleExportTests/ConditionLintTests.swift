import RoleExport
import Testing

/// Conditions that read as a gate but do not hold one: type mismatches, keys a request may
/// leave out, set operators on single values, wildcards that are literal text.
@Suite struct ConditionLintTests {
    static func createTrainingJob(_ condition: String) -> String {
        Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": "# + condition)
    }

    static let keyId = "1234abcd-12ab-34cd-56ef-1234567890ab"

    // MARK: Types

    /// The Role Manager construct's bug: a bare key id where SageMaker compares the key's ARN.
    @Test func anArnOperatorWithABareKeyIdIsAMismatchedType() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ArnEquals": {"sagemaker:VolumeKmsKey": "\#(Self.keyId)"}}"#))
        #expect(findings.contains { $0.code == "MISMATCHED_TYPE" && $0.severity == .medium && $0.message.contains(Self.keyId) })
    }

    @Test func aStringOperatorComparingAnArnKeyWithAKeyIdIsAMismatchedType() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"StringEquals": {"sagemaker:VolumeKmsKey": "\#(Self.keyId)"}}"#))
        #expect(findings.contains { $0.code == "MISMATCHED_TYPE" && $0.severity == .medium })
    }

    @Test func aStringOperatorComparingAnArnKeyWithAnArnIsOnlyLow() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"StringEquals": {"sagemaker:VolumeKmsKey": "\#(Sample.key)"}}"#))
        #expect(findings.map(\.code) == ["MISMATCHED_TYPE_BUT_USABLE"])
    }

    @Test func anArnOperatorWithTheKeysArnIsClean() {
        #expect(Sample.lint(Self.createTrainingJob(#"{"ArnEquals": {"sagemaker:VolumeKmsKey": "\#(Sample.key)"}}"#)).isEmpty)
    }

    @Test func boolOnAStringKeyIsAMismatchedType() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateNotebookInstance", "Resource": "arn:aws:sagemaker:*:*:notebook-instance/*", "Condition": {"Bool": {"sagemaker:DirectInternetAccess": "false"}}"#))
        #expect(findings.contains { $0.code == "MISMATCHED_TYPE" && $0.message.contains("sagemaker:DirectInternetAccess is of type String") })
    }

    // MARK: Gates a request passes by leaving the key out

    @Test func ifExistsOnAKmsKeyWithoutANullCheckIsABypass() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ArnEqualsIfExists": {"sagemaker:VolumeKmsKey": "\#(Sample.key)"}}"#))
        #expect(findings.contains { $0.code == "GATE_BYPASS_WITHOUT_KEY" && $0.severity == .medium })
    }

    @Test func ifExistsBesideANullCheckIsNotABypass() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ArnEqualsIfExists": {"sagemaker:VolumeKmsKey": "\#(Sample.key)"}, "Null": {"sagemaker:VolumeKmsKey": "false"}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func forAllValuesOnVpcSubnetsWithoutANullCheckIsABypass() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["\#(Sample.subnet)"]}}"#))
        #expect(findings.map(\.code) == ["GATE_BYPASS_WITHOUT_KEY"])
    }

    /// Role Manager's VPC gate: every subnet listed, and a subnet given.
    @Test func theVpcGateWithItsNullCheckIsClean() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["\#(Sample.subnet)"], "sagemaker:VpcSecurityGroupIds": ["\#(Sample.securityGroup)"]}, "Null": {"sagemaker:VpcSubnets": "false", "sagemaker:VpcSecurityGroupIds": "false"}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func forAllValuesOnTagKeysWithoutANullCheckStaysLow() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}"#))
        #expect(findings.contains { $0.code == "FORALLVALUES_WITHOUT_NULL" && $0.severity == .low })
        #expect(!findings.codes.contains("GATE_BYPASS_WITHOUT_KEY"))
    }

    // MARK: Set operators on single-valued keys

    @Test func forAllValuesOnASingleValuedKeyInAnAllowIsMedium() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalTag/team": ["ml"]}}"#))
        #expect(findings.contains { $0.code == "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE" && $0.severity == .medium })
    }

    @Test func forAnyValueOnASingleValuedKeyInADenyLetsRequestsWithoutItThrough() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringNotEquals": {"aws:SourceVpce": ["vpce-0a1b2c3d"]}}"#))
        let finding = findings.first { $0.code == "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE" }
        #expect(finding?.severity == .medium)
        #expect(finding?.message.contains("escape the Deny") == true)
    }

    @Test func forAnyValueOnASingleValuedKeyInAnAllowIsLow() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ForAnyValue:ArnEquals": {"sagemaker:VolumeKmsKey": ["\#(Sample.key)"]}}"#))
        #expect(findings.map(\.code) == ["SINGLE_VALUE_CONDITION_TOO_PERMISSIVE"])
        #expect(findings.first?.severity == .low)
    }

    @Test func forAnyValueOnAMultiValuedKeyIsClean() {
        let findings = Sample.lint(Self.createTrainingJob(#"{"ForAnyValue:StringEquals": {"sagemaker:InstanceTypes": ["ml.m5.large"]}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    // MARK: Wildcards as text

    @Test func aWildcardInAStringEqualsValueIsLiteral() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "kms:Decrypt", "Resource": "\#(Sample.key)", "Condition": {"StringEquals": {"kms:ViaService": "s3.*.amazonaws.com"}}"#))
        let finding = findings.first { $0.code == "WILDCARD_IN_STRING_EQUALS" }
        #expect(finding?.severity == .medium)
        #expect(finding?.fix.contains("StringLike") == true)
    }

    @Test func aWildcardInAStringLikeValueIsAPattern() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "kms:Decrypt", "Resource": "\#(Sample.key)", "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func anEscapedAsteriskInStringEqualsIsMeant() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"StringEquals": {"aws:PrincipalTag/project": "a${*}b"}}"#))
        #expect(!findings.codes.contains("WILDCARD_IN_STRING_EQUALS"))
    }

    // MARK: Keys that do not apply, and values of the wrong type

    /// parliament's own test: `iam:ResourceTag` is never set for EC2 or S3 requests.
    @Test func aNegatedConditionOnAKeyThatDoesNotApplyLimitsNothing() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"StringNotEquals": {"iam:ResourceTag/status": "prod"}}"#))
        let finding = findings.first { $0.code == "UNKNOWN_CONDITION_FOR_ACTION" }
        #expect(finding?.severity == .low)
        #expect(finding?.message.contains("limits nothing") == true)
    }

    @Test func aPositiveConditionOnAKeyThatDoesNotApplyGrantsNothing() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"StringEquals": {"iam:ResourceTag/status": "prod"}}"#))
        let finding = findings.first { $0.code == "UNKNOWN_CONDITION_FOR_ACTION" }
        #expect(finding?.severity == .medium)
        #expect(finding?.message.contains("never allows it") == true)
    }

    @Test func aDateOperatorWithAValueThatIsNotADateIsAMismatchedType() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}}"#))
        #expect(findings.contains { $0.code == "MISMATCHED_TYPE" && $0.message.contains("not a date") })
    }

    @Test func isoDatesAndEpochSecondsAreDates() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-12-01T00:00:00Z"}, "DateLessThan": {"aws:EpochTime": "1796083200"}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }
}
