import RoleExport
import Testing

/// Grants worth more than their names: PassRole on patterns or to any service, resource
/// policies and role permissions the holder can rewrite, credentials that leave the session.
@Suite struct GrantLintTests {
    static let passedToSageMaker = #""Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}"#

    // MARK: PassRole

    @Test func passRoleOnAServiceRolePathIsMediumEvenToOneService() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/service-role/*", \#(Self.passedToSageMaker)"#))
        #expect(findings.contains { $0.code == "PASSROLE_ROLE_WILDCARD" && $0.severity == .medium })
    }

    @Test func passRoleOnANamePrefixIsARoleWildcard() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/SageMaker-*", \#(Self.passedToSageMaker)"#))
        #expect(findings.codes.contains("PASSROLE_ROLE_WILDCARD"))
    }

    @Test func passRoleOfANamedRoleToSageMakerIsClean() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "\#(Sample.computeRole)", \#(Self.passedToSageMaker)"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func passedToServiceMatchedWithAStarIsAnyService() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "\#(Sample.computeRole)", "Condition": {"StringLike": {"iam:PassedToService": "*"}}"#))
        #expect(findings.map(\.code) == ["PASSROLE_ANY_SERVICE"])
    }

    @Test func passedToServiceMatchedWithAnyAmazonawsNameIsAnyService() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "\#(Sample.computeRole)", "Condition": {"StringLike": {"iam:PassedToService": "*.amazonaws.com"}}"#))
        #expect(findings.codes.contains("PASSROLE_ANY_SERVICE"))
    }

    @Test func passedToServiceWithAWildcardPartitionSuffixNamesOneService() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "\#(Sample.computeRole)", "Condition": {"StringLike": {"iam:PassedToService": "sagemaker.*"}}"#))
        #expect(!findings.codes.contains("PASSROLE_ANY_SERVICE"))
    }

    @Test func aRoleWildcardWithTrainingJobsIsNoLongerTreatedAsScoped() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/service-role/*", \#(Self.passedToSageMaker)}, {"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*"}]}"#
        let findings = Sample.lint(text)
        #expect(findings.contains { $0.code == "PASSROLE_ROLE_WILDCARD" && $0.severity == .medium })
        #expect(findings.contains { $0.code == "PASSROLE_TO_SAGEMAKER" && $0.message.contains("any role matching") })
    }

    // MARK: Resource policies and role permissions

    @Test func putBucketPolicyIsResourcePolicyEscalation() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::\#(Sample.bucket)""#))
        #expect(findings.contains { $0.code == "RESOURCE_POLICY_ESCALATION" && $0.severity == .high })
    }

    @Test func putBucketAclWithoutAConditionIsHigh() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:PutBucketAcl", "Resource": "arn:aws:s3:::\#(Sample.bucket)""#))
        #expect(findings.contains { $0.code == "RESOURCE_POLICY_ESCALATION" && $0.severity == .high })
    }

    @Test func putObjectAclWithoutAConditionIsMedium() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:PutObjectAcl", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*""#))
        #expect(findings.contains { $0.code == "RESOURCE_POLICY_ESCALATION" && $0.severity == .medium })
    }

    /// What the Feature Store needs (docs/fixes-over-construct.md, 4).
    @Test func putObjectAclLimitedToBucketOwnerFullControlIsClean() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:PutObjectAcl", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func putObjectAclLimitedToPublicReadIsStillEscalation() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:PutObjectAcl", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "public-read"}}"#))
        #expect(findings.codes.contains("RESOURCE_POLICY_ESCALATION"))
    }

    @Test func putKeyPolicyIsResourcePolicyEscalation() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "kms:PutKeyPolicy", "Resource": "\#(Sample.key)""#))
        #expect(findings.contains { $0.code == "RESOURCE_POLICY_ESCALATION" && $0.severity == .high })
    }

    @Test func putRolePolicyOnARolePatternIsHigh() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": ["iam:PutRolePolicy", "iam:AttachRolePolicy"], "Resource": "arn:aws:iam::111122223333:role/service-role/*""#))
        #expect(findings.contains { $0.code == "PRIVILEGE_ESCALATION" && $0.severity == .high })
    }

    @Test func attachRolePolicyOnANamedRoleIsMedium() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "\#(Sample.computeRole)""#))
        #expect(findings.contains { $0.code == "PRIVILEGE_ESCALATION" && $0.severity == .medium })
    }

    @Test func attachRolePolicyLimitedByPolicyArnIsNotEscalation() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "\#(Sample.computeRole)", "Condition": {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"}}"#))
        #expect(!findings.codes.contains("PRIVILEGE_ESCALATION"), "\(findings)")
    }

    // MARK: Credentials

    @Test func ecrGetAuthorizationTokenIsInformationWithTheReason() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*""#))
        #expect(findings.map(\.code) == ["CREDENTIALS_EXPOSURE"])
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.message.contains("pull images") == true)
    }

    @Test func getSessionTokenIsLow() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*""#))
        #expect(findings.contains { $0.code == "CREDENTIALS_EXPOSURE" && $0.severity == .low })
    }

    @Test func createAccessKeyForTheCallersOwnUserIsLow() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/${aws:username}""#))
        #expect(findings.map(\.code) == ["CREDENTIALS_EXPOSURE"])
        #expect(findings.first?.severity == .low)
    }
}
