import RoleEngine
import RoleExport
import Testing

/// Hand-worked cases of IAM's evaluation logic, one rule per test.
@Suite struct PolicySimulatorTests {
    static func simulator(_ statements: String) -> PolicySimulator {
        let node = try! JSONNodeParser.parse(#"{"Version": "2012-10-17", "Statement": [\#(statements)]}"#)
        return PolicySimulator(sources: [.init(name: "test", policy: PolicyReader.read(node).policy)])
    }

    static func decide(_ statements: String, _ action: String, _ resource: String? = nil, _ context: [String] = []) -> PolicySimulator.Decision {
        simulator(statements).evaluate(.init(action: action, resource: resource, context: try! RequestContext.parse(context))).decision
    }

    static func allowed(condition: String, _ context: [String]) -> Bool {
        decide(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": \#(condition)}"#, "s3:GetObject", nil, context) == .allowed
    }

    // MARK: Effects

    @Test func nothingAllowedIsAnImplicitDeny() {
        #expect(Self.decide(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#, "s3:PutObject") == .implicitDeny)
    }

    @Test func anExplicitDenyWinsOverAnAllow() {
        let statements = #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}"#
        #expect(Self.decide(statements, "s3:DeleteObject", "arn:aws:s3:::b/k") == .explicitDeny)
        #expect(Self.decide(statements, "s3:GetObject", "arn:aws:s3:::b/k") == .allowed)
    }

    // MARK: Action and resource matching

    @Test func actionsMatchCaseInsensitivelyWithWildcards() {
        let statement = #"{"Effect": "Allow", "Action": "SageMaker:Describe*", "Resource": "*"}"#
        #expect(Self.decide(statement, "sagemaker:DescribeTrainingJob") == .allowed)
        #expect(Self.decide(statement, "sagemaker:CreateTrainingJob") == .implicitDeny)
    }

    @Test func questionMarkMatchesExactlyOneCharacter() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/file?.csv"}"#
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::b/file1.csv") == .allowed)
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::b/file12.csv") == .implicitDeny)
    }

    @Test func resourcesMatchCaseSensitively() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::Bucket/*"}"#
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::bucket/k") == .implicitDeny)
    }

    @Test func starInAResourceSpansSlashesAndColons() {
        let statement = #"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:*:log-group:/aws/sagemaker/*"}"#
        #expect(Self.decide(statement, "logs:PutLogEvents", "arn:aws:logs:us-east-1:1:log-group:/aws/sagemaker/TrainingJobs:log-stream:x") == .allowed)
    }

    @Test func notActionAllowsEverythingElse() {
        let statement = #"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#
        #expect(Self.decide(statement, "s3:GetObject") == .allowed)
        #expect(Self.decide(statement, "iam:CreateUser") == .implicitDeny)
    }

    @Test func notResourceAllowsEveryOtherResource() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::public/k") == .allowed)
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::secret/k") == .implicitDeny)
    }

    @Test func policyVariablesTakeTheirValueFromTheContext() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::home/ana/k", ["aws:username=ana"]) == .allowed)
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::home/bo/k", ["aws:username=ana"]) == .implicitDeny)
        #expect(Self.decide(statement, "s3:GetObject", "arn:aws:s3:::home/ana/k") == .implicitDeny)
    }

    // MARK: String, Arn, Bool, Numeric, Date, IP, Null operators

    @Test func stringEqualsIsCaseSensitiveAndIgnoreCaseIsNot() {
        #expect(Self.allowed(condition: #"{"StringEquals": {"aws:PrincipalTag/team": "ML"}}"#, ["aws:PrincipalTag/team=ml"]) == false)
        #expect(Self.allowed(condition: #"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "ML"}}"#, ["aws:PrincipalTag/team=ml"]))
    }

    @Test func stringLikeUsesWildcardsAndSeveralValuesAreAlternatives() {
        let condition = #"{"StringLike": {"kms:ViaService": ["s3.*.amazonaws.com", "sagemaker.*.amazonaws.com"]}}"#
        #expect(Self.allowed(condition: condition, ["kms:ViaService=sagemaker.us-east-1.amazonaws.com"]))
        #expect(!Self.allowed(condition: condition, ["kms:ViaService=ec2.us-east-1.amazonaws.com"]))
    }

    @Test func conditionKeyNamesAreCaseInsensitive() {
        #expect(Self.allowed(condition: #"{"StringEquals": {"AWS:SourceAccount": "111122223333"}}"#, ["aws:sourceaccount=111122223333"]))
    }

    @Test func negatedOperatorsMatchWhenTheKeyIsMissing() {
        #expect(Self.allowed(condition: #"{"StringNotEquals": {"aws:SourceAccount": "111122223333"}}"#, []))
        #expect(!Self.allowed(condition: #"{"StringNotEquals": {"aws:SourceAccount": "111122223333"}}"#, ["aws:SourceAccount=111122223333"]))
    }

    @Test func positiveOperatorsFailWhenTheKeyIsMissingUnlessIfExists() {
        #expect(!Self.allowed(condition: #"{"StringEquals": {"aws:SourceAccount": "1"}}"#, []))
        #expect(Self.allowed(condition: #"{"StringEqualsIfExists": {"aws:SourceAccount": "1"}}"#, []))
        #expect(!Self.allowed(condition: #"{"StringEqualsIfExists": {"aws:SourceAccount": "1"}}"#, ["aws:SourceAccount=2"]))
    }

    @Test func arnLikeComparesFieldByField() {
        let condition = #"{"ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:us-east-1:111122223333:*"}}"#
        #expect(Self.allowed(condition: condition, ["aws:SourceArn=arn:aws:sagemaker:us-east-1:111122223333:training-job/x"]))
        #expect(!Self.allowed(condition: condition, ["aws:SourceArn=arn:aws:sagemaker:us-west-2:111122223333:training-job/x"]))
        #expect(!Self.allowed(condition: condition, ["aws:SourceArn=not-an-arn"]))
    }

    @Test func arnNotEqualsIsTheNegation() {
        let condition = #"{"ArnNotEquals": {"aws:SourceArn": "arn:aws:sagemaker:us-east-1:111122223333:domain/d-1"}}"#
        #expect(Self.allowed(condition: condition, ["aws:SourceArn=arn:aws:sagemaker:us-east-1:111122223333:domain/d-2"]))
        #expect(!Self.allowed(condition: condition, ["aws:SourceArn=arn:aws:sagemaker:us-east-1:111122223333:domain/d-1"]))
    }

    @Test func boolComparesTrueAndFalse() {
        #expect(Self.allowed(condition: #"{"Bool": {"aws:SecureTransport": "true"}}"#, ["aws:SecureTransport=TRUE"]))
        #expect(!Self.allowed(condition: #"{"Bool": {"aws:SecureTransport": "true"}}"#, ["aws:SecureTransport=false"]))
    }

    @Test func numericOperatorsCompareNumbers() {
        #expect(Self.allowed(condition: #"{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}"#, ["aws:MultiFactorAuthAge=3600"]))
        #expect(!Self.allowed(condition: #"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#, ["aws:MultiFactorAuthAge=3600"]))
        #expect(Self.allowed(condition: #"{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "10"}}"#, ["aws:MultiFactorAuthAge=11"]))
        #expect(!Self.allowed(condition: #"{"NumericEquals": {"aws:MultiFactorAuthAge": "10"}}"#, ["aws:MultiFactorAuthAge=ten"]))
    }

    @Test func dateOperatorsCompareIsoDatesAndEpochSeconds() {
        let condition = #"{"DateLessThan": {"aws:CurrentTime": "2026-12-31T00:00:00Z"}}"#
        #expect(Self.allowed(condition: condition, ["aws:CurrentTime=2026-11-29T12:00:00Z"]))
        #expect(!Self.allowed(condition: condition, ["aws:CurrentTime=2027-01-01T00:00:00Z"]))
        #expect(Self.allowed(condition: #"{"DateGreaterThanEquals": {"aws:EpochTime": "1700000000"}}"#, ["aws:EpochTime=2026-01-01T00:00:00Z"]))
    }

    @Test func ipAddressMatchesCidrRangesForV4AndV6() {
        #expect(Self.allowed(condition: #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, ["aws:SourceIp=203.0.113.77"]))
        #expect(!Self.allowed(condition: #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, ["aws:SourceIp=203.0.114.1"]))
        #expect(Self.allowed(condition: #"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#, ["aws:SourceIp=2001:db8:1::5"]))
        #expect(Self.allowed(condition: #"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, ["aws:SourceIp=192.0.2.1"]))
    }

    @Test func nullTestsWhetherTheKeyIsPresent() {
        #expect(Self.allowed(condition: #"{"Null": {"sagemaker:VpcSubnets": "true"}}"#, []))
        #expect(!Self.allowed(condition: #"{"Null": {"sagemaker:VpcSubnets": "true"}}"#, ["sagemaker:VpcSubnets=subnet-1"]))
        #expect(Self.allowed(condition: #"{"Null": {"sagemaker:VpcSubnets": "false"}}"#, ["sagemaker:VpcSubnets=subnet-1"]))
    }

    // MARK: Set operators

    @Test func forAllValuesNeedsEveryValueListedAndIsTrueWhenAbsent() {
        let condition = #"{"ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["subnet-1", "subnet-2"]}}"#
        #expect(Self.allowed(condition: condition, ["sagemaker:VpcSubnets=subnet-1", "sagemaker:VpcSubnets=subnet-2"]))
        #expect(!Self.allowed(condition: condition, ["sagemaker:VpcSubnets=subnet-1", "sagemaker:VpcSubnets=subnet-9"]))
        #expect(Self.allowed(condition: condition, []))
    }

    @Test func forAnyValueNeedsOneValueListedAndIsFalseWhenAbsent() {
        let condition = #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}"#
        #expect(Self.allowed(condition: condition, ["aws:TagKeys=owner", "aws:TagKeys=team"]))
        #expect(!Self.allowed(condition: condition, ["aws:TagKeys=owner"]))
        #expect(!Self.allowed(condition: condition, []))
    }

    @Test func forAllValuesWithANegatedOperatorExcludesEveryListedValue() {
        let condition = #"{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["admin"]}}"#
        #expect(Self.allowed(condition: condition, ["aws:TagKeys=team"]))
        #expect(!Self.allowed(condition: condition, ["aws:TagKeys=team", "aws:TagKeys=admin"]))
    }

    @Test func everyConditionOfAStatementMustHold() {
        let condition = #"{"StringEquals": {"aws:SourceAccount": "1", "aws:PrincipalTag/team": "ml"}, "Bool": {"aws:SecureTransport": "true"}}"#
        #expect(Self.allowed(condition: condition, ["aws:SourceAccount=1", "aws:PrincipalTag/team=ml", "aws:SecureTransport=true"]))
        #expect(!Self.allowed(condition: condition, ["aws:SourceAccount=1", "aws:PrincipalTag/team=ml", "aws:SecureTransport=false"]))
    }

    // MARK: Plans

    @Test func thePlansVpcGateNeedsTheListedSubnetsAndGroups() throws {
        let simulator = PolicySimulator(plan: try Sample.plan())
        let inside = simulator.evaluate(.init(action: "sagemaker:CreateTrainingJob", resource: "arn:aws:sagemaker:us-east-1:111122223333:training-job/j",
                                              context: try RequestContext.parse(["sagemaker:VpcSubnets=\(Sample.subnet)", "sagemaker:VpcSecurityGroupIds=\(Sample.securityGroup)",
                                                                                 "sagemaker:VolumeKmsKey=\(Sample.key)", "sagemaker:OutputKmsKey=\(Sample.key)"])))
        #expect(inside.allowed)
        #expect(inside.deciding.first?.provenance?.activity == "manage-ml-jobs")
        let outside = simulator.evaluate(.init(action: "sagemaker:CreateTrainingJob", resource: "arn:aws:sagemaker:us-east-1:111122223333:training-job/j"))
        #expect(outside.decision == .implicitDeny)
        #expect(outside.nearMisses.contains { $0.failure?.contains("sagemaker:VpcSubnets") == true })
    }

    /// Without AmazonSageMakerCanvasFullAccess, which lets the role pass any role to SageMaker.
    @Test func passRoleIsLimitedToTheListedRolesAndSageMaker() throws {
        let simulator = PolicySimulator(plan: try Sample.plan(managedPolicies: []))
        let toSageMaker = try RequestContext.parse(["iam:PassedToService=sagemaker.amazonaws.com"])
        #expect(simulator.evaluate(.init(action: "iam:PassRole", resource: Sample.computeRole, context: toSageMaker)).allowed)
        #expect(!simulator.evaluate(.init(action: "iam:PassRole", resource: "arn:aws:iam::111122223333:role/Admin", context: toSageMaker)).allowed)
        let toEC2 = try RequestContext.parse(["iam:PassedToService=ec2.amazonaws.com"])
        #expect(!simulator.evaluate(.init(action: "iam:PassRole", resource: Sample.computeRole, context: toEC2)).allowed)
    }

    @Test func awsManagedAttachmentsAreEvaluatedFromTheShippedDocuments() throws {
        let simulator = PolicySimulator(plan: try Sample.plan())
        #expect(simulator.unknownPolicies.isEmpty)
        #expect(simulator.managedPoliciesEvaluated.map(\.arn) == ["arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess"])
    }

    @Test func canvasFullAccessLetsTheRolePassAnyRoleToSageMaker() throws {
        let simulator = PolicySimulator(plan: try Sample.plan())
        let toSageMaker = try RequestContext.parse(["iam:PassedToService=sagemaker.amazonaws.com"])
        let result = simulator.evaluate(.init(action: "iam:PassRole", resource: "arn:aws:iam::111122223333:role/Admin", context: toSageMaker))
        #expect(result.allowed)
        #expect(result.deciding.first?.policy.hasPrefix("AmazonSageMakerCanvasFullAccess") == true)
    }

    @Test func aContextArgumentWithoutAnEqualsSignIsRejected() {
        #expect(throws: RequestContextError.self) { try RequestContext.parse(["aws:SourceIp"]) }
    }
}
