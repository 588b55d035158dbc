import RoleEngine
import RoleExport
import Testing

/// What a simulation takes into account besides the role's own statements: the context IAM
/// seeds from the role, literal characters in policy variables, exponent notation, the
/// AWS-managed policies it attaches, its permissions boundary, and what it cannot know.
@Suite struct SimulatorCompletenessTests {
    static let bucket = "arn:aws:s3:::sagemaker-us-east-1-111122223333"

    static func plan(_ activities: [ActivitySelection], boundary: String? = nil, managed: [String] = [],
                     path: String? = nil, tags: [RoleTag] = []) throws -> RolePlan {
        let spec = RoleSpec(role: RoleSettings(name: "Sim-Role", path: path, permissionsBoundary: boundary), persona: "custom",
                            account: Sample.account, region: "eu-west-1", activities: activities,
                            managedPolicies: managed, tags: tags)
        return try RoleBuilder(catalog: Sample.catalog).build(spec)
    }

    static func source(_ statements: String, name: String = "test") -> PolicySimulator.Source {
        let node = try! JSONNodeParser.parse(#"{"Version": "2012-10-17", "Statement": [\#(statements)]}"#)
        return PolicySimulator.Source(name: name, policy: PolicyReader.read(node).policy)
    }

    static func decide(_ simulator: PolicySimulator, _ action: String, _ resource: String? = nil,
                       _ context: [String] = []) -> PolicySimulator.Result {
        simulator.evaluate(.init(action: action, resource: resource, context: try! RequestContext.parse(context)))
    }

    static let allowS3 = #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#

    // MARK: The context IAM seeds from the role

    @Test func theContextHoldsThePlansAccountRoleArnWithItsPathPrincipalTypeAndRegion() throws {
        let seed = RequestContext.seeded(from: try Self.plan([ActivitySelection(id: "mlflow-service-access")], path: "/ml/"))
        #expect(seed.values(for: "aws:PrincipalAccount") == ["111122223333"])
        #expect(seed.values(for: "aws:PrincipalArn") == ["arn:aws:iam::111122223333:role/ml/Sim-Role"])
        #expect(seed.values(for: "aws:PrincipalType") == ["AssumedRole"])
        #expect(seed.values(for: "aws:RequestedRegion") == ["eu-west-1"])
    }

    @Test func theRolesTagsArePrincipalTags() throws {
        let plan = try Self.plan([ActivitySelection(id: "mlflow-service-access")], tags: [RoleTag(key: "team", value: "ml")])
        #expect(RequestContext.seeded(from: plan).values(for: "aws:PrincipalTag/team") == ["ml"])
    }

    @Test func mlflowArtifactAccessIsAllowedInThePrincipalsOwnAccount() throws {
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "mlflow-service-access")]))
        let own = Self.decide(simulator, "s3:PutObject", Self.bucket + "/run/1", ["aws:ResourceAccount=111122223333"])
        #expect(own.decision == .allowed)
        let foreign = Self.decide(simulator, "s3:PutObject", Self.bucket + "/run/1", ["aws:ResourceAccount=444455556666"])
        #expect(foreign.decision == .implicitDeny)
    }

    @Test func aRequestsKeyReplacesEverySeededValueOfThatKey() throws {
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "mlflow-service-access")]))
        let result = Self.decide(simulator, "s3:PutObject", Self.bucket + "/run/1",
                                 ["aws:ResourceAccount=444455556666", "aws:PrincipalAccount=444455556666"])
        #expect(result.decision == .allowed)
    }

    // MARK: Literal characters and defaults in policy variables

    @Test func dollarBraceStarInAResourceMatchesOnlyAnAsterisk() {
        let simulator = PolicySimulator(sources: [Self.source(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lit-bucket/${*}"}"#)])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::lit-bucket/*").decision == .allowed)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::lit-bucket/anything").decision == .implicitDeny)
    }

    @Test func dollarBraceQuestionMarkMatchesOnlyAQuestionMark() {
        let simulator = PolicySimulator(sources: [Self.source(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/why${?}"}"#)])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/why?").decision == .allowed)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/whyx").decision == .implicitDeny)
    }

    @Test func dollarBraceDollarIsADollarSign() {
        let simulator = PolicySimulator(sources: [Self.source(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${$}{x}"}"#)])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/${x}").decision == .allowed)
    }

    @Test func aLiteralStarInAStringLikeConditionIsNoWildcard() {
        let statement = #"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/${*}"}}}"#
        let simulator = PolicySimulator(sources: [Self.source(statement)])
        #expect(Self.decide(simulator, "s3:ListBucket", nil, ["s3:prefix=home/*"]).decision == .allowed)
        #expect(Self.decide(simulator, "s3:ListBucket", nil, ["s3:prefix=home/ana"]).decision == .implicitDeny)
    }

    @Test func aSubstitutedValueIsComparedLiterallyNotAsAPattern() {
        let simulator = PolicySimulator(sources: [Self.source(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/k"}"#)])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::home/ana/k", ["aws:username=a*"]).decision == .implicitDeny)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::home/a*/k", ["aws:username=a*"]).decision == .allowed)
    }

    @Test func aVariablesDefaultStandsInWhenTheKeyIsAbsent() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"}"#
        let simulator = PolicySimulator(sources: [Self.source(statement)])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/shared/k").decision == .allowed)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/ml/k", ["aws:PrincipalTag/team=ml"]).decision == .allowed)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/shared/k", ["aws:PrincipalTag/team=ml"]).decision == .implicitDeny)
    }

    @Test func aMultiValuedKeyAsAVariableMatchesNothing() {
        let simulator = PolicySimulator(sources: [Self.source(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:TagKeys}"}"#)])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/x", ["aws:TagKeys=x", "aws:TagKeys=y"]).decision == .implicitDeny)
    }

    // MARK: Numbers

    @Test func exponentNotationInANumericConditionIsUndetermined() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3.6e3"}}}"#
        let result = Self.decide(PolicySimulator(sources: [Self.source(statement)]), "s3:GetObject", nil, ["aws:MultiFactorAuthAge=10"])
        #expect(result.decision == .undetermined)
        #expect(result.missing.contains { $0.contains("'3.6e3'") && $0.contains("exponent notation") })
    }

    @Test func exponentNotationInTheRequestIsUndeterminedToo() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}"#
        let result = Self.decide(PolicySimulator(sources: [Self.source(statement)]), "s3:GetObject", nil, ["aws:MultiFactorAuthAge=1E2"])
        #expect(result.decision == .undetermined)
    }

    @Test func exponentNotationIsDecidedWhenNeitherReadingWouldMatch() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3.6e3"}}}"#
        let result = Self.decide(PolicySimulator(sources: [Self.source(statement)]), "s3:GetObject", nil, ["aws:MultiFactorAuthAge=7200"])
        #expect(result.decision == .implicitDeny)
    }

    @Test func oneReadingOfExponentNotationHoldsForTheWholeRequest() {
        // As a number, 60 < 3.6e3 holds and 10 ≠ 1E1 fails; as no number, the first fails: denied either way.
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3.6e3"}, "NumericNotEquals": {"s3:max-keys": "1E1"}}}"#
        let result = Self.decide(PolicySimulator(sources: [Self.source(statement)]), "s3:GetObject", nil, ["aws:MultiFactorAuthAge=60", "s3:max-keys=10"])
        #expect(result.decision == .implicitDeny)
    }

    @Test func anUndeterminedConditionDoesNotMatterWhenAnotherStatementAllows() {
        let statements = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3.6e3"}}}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#
        #expect(Self.decide(PolicySimulator(sources: [Self.source(statements)]), "s3:GetObject", nil, ["aws:MultiFactorAuthAge=10"]).decision == .allowed)
    }

    @Test func hexadecimalAndInfinityAreNotNumbers() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericGreaterThan": {"s3:max-keys": "1"}}}"#
        let simulator = PolicySimulator(sources: [Self.source(statement)])
        #expect(Self.decide(simulator, "s3:GetObject", nil, ["s3:max-keys=0x10"]).decision == .implicitDeny)
        #expect(Self.decide(simulator, "s3:GetObject", nil, ["s3:max-keys=inf"]).decision == .implicitDeny)
        #expect(Self.decide(simulator, "s3:GetObject", nil, ["s3:max-keys=2.5"]).decision == .allowed)
    }

    // MARK: AWS-managed policies

    @Test func theDocumentOfAnAttachedAWSManagedPolicyGrantsItsActions() throws {
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "canvas-core")]))
        let result = Self.decide(simulator, "sagemaker:ListEndpoints", "*")
        #expect(result.decision == .allowed)
        #expect(result.deciding.first?.policy.hasPrefix("AmazonSageMakerCanvasFullAccess (AWS managed, v") == true)
    }

    @Test func everyAWSManagedPolicyTheCatalogAttachesIsShipped() {
        let arns = Sample.catalog.activities.flatMap { $0.managedPolicies ?? [] }.map { $0.replacingOccurrences(of: "{{partition}}", with: "aws") }
        #expect(!arns.isEmpty)
        for arn in arns { #expect(AWSManagedPolicyLibrary.bundled.entry(for: arn) != nil, "\(arn)") }
    }

    @Test func theShippedDocumentsNameTheirSource() {
        #expect(AWSManagedPolicyLibrary.bundled.source.hasPrefix("moto "))
    }

    @Test func anAttachedPolicyWithoutTextLeavesAnImplicitDenyUndetermined() throws {
        let extra = "arn:aws:iam::111122223333:policy/team-extra"
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "mlflow-service-access")], managed: [extra]))
        let result = Self.decide(simulator, "ec2:RunInstances", "*")
        #expect(result.decision == .undetermined)
        #expect(result.missing.contains { $0.contains(extra) })
    }

    @Test func anAttachedPolicyWithoutTextLeavesAnAllowUndetermined() throws {
        let simulator = PolicySimulator(sources: [Self.source(Self.allowS3)], unknownPolicies: ["arn:aws:iam::111122223333:policy/p"])
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/k").decision == .undetermined)
    }

    @Test func aKnownExplicitDenyDecidesWhateverAnUnknownPolicyHolds() {
        let deny = #"{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}"#
        let simulator = PolicySimulator(sources: [Self.source(deny)], unknownPolicies: ["arn:aws:iam::111122223333:policy/p"])
        #expect(Self.decide(simulator, "s3:DeleteObject", "arn:aws:s3:::b/k").decision == .explicitDeny)
    }

    // MARK: Permissions boundaries

    static func bounded(_ boundary: String) -> PolicySimulator {
        PolicySimulator(sources: [Self.source(Self.allowS3 + #", {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#)],
                        boundary: .document(Self.source(boundary, name: "boundary")))
    }

    @Test func aBoundaryAllowsOnlyWhatBothItAndTheRolesPoliciesAllow() {
        let simulator = Self.bounded(#"{"Effect": "Allow", "Action": ["s3:GetObject", "iam:*"], "Resource": "*"}"#)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::b/k").decision == .allowed)
        let outside = Self.decide(simulator, "s3:PutObject", "arn:aws:s3:::b/k")
        #expect(outside.decision == .implicitDeny)
        #expect(outside.deniedByBoundary)
    }

    @Test func aBoundaryGrantsNothingTheRolesPoliciesDoNot() {
        let simulator = Self.bounded(#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}"#)
        let result = Self.decide(simulator, "iam:CreateUser", "*")
        #expect(result.decision == .implicitDeny)
        #expect(!result.deniedByBoundary)
    }

    @Test func anExplicitDenyInTheBoundaryWins() {
        let simulator = Self.bounded(#"{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}"#)
        #expect(Self.decide(simulator, "s3:DeleteObject", "arn:aws:s3:::b/k").decision == .explicitDeny)
    }

    @Test func aBoundaryWithNotActionAndNotResourceAllowsEverythingElse() {
        let simulator = Self.bounded(#"{"Effect": "Allow", "NotAction": "ec2:*", "NotResource": "arn:aws:s3:::secret/*"}"#)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::public/k").decision == .allowed)
        #expect(Self.decide(simulator, "s3:GetObject", "arn:aws:s3:::secret/k").decision == .implicitDeny)
        #expect(Self.decide(simulator, "ec2:RunInstances", "*").decision == .implicitDeny)
    }

    @Test func aBoundaryKnownOnlyByArnLeavesAnAllowUndetermined() throws {
        let arn = "arn:aws:iam::111122223333:policy/boundary"
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "mlflow-service-access")], boundary: arn))
        let result = Self.decide(simulator, "sagemaker:ListTags", "arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/t")
        #expect(result.decision == .undetermined)
        #expect(result.missing.contains { $0.contains(arn) && $0.contains("--boundary-file") })
    }

    @Test func aBoundaryKnownOnlyByArnCannotTurnADenyIntoAnAllow() throws {
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "mlflow-service-access")],
                                                           boundary: "arn:aws:iam::111122223333:policy/boundary"))
        #expect(Self.decide(simulator, "iam:CreateUser", "*").decision == .implicitDeny)
    }

    @Test func aBoundaryGivenAsTheArnOfAShippedAWSManagedPolicyIsEvaluated() throws {
        let simulator = PolicySimulator(plan: try Self.plan([ActivitySelection(id: "mlflow-service-access")],
                                                           boundary: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
        #expect(Self.decide(simulator, "s3:GetObject", Self.bucket + "/k", ["aws:ResourceAccount=111122223333"]).decision == .allowed)
        let write = Self.decide(simulator, "s3:PutObject", Self.bucket + "/k", ["aws:ResourceAccount=111122223333"])
        #expect(write.decision == .implicitDeny && write.deniedByBoundary)
    }

    @Test func aBoundaryFileIAMWouldRefuseIsRefusedWithItsProblem() {
        #expect(throws: BoundaryDocumentError.self) {
            _ = try BoundaryDocument.read(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}"#, name: "b.json")
        }
    }

    // MARK: Requests files

    @Test func eachLineOfARequestsFileIsARequestWithItsOwnContext() throws {
        let text = """
            {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {"aws:TagKeys": ["a", "b"], "aws:SourceIp": "192.0.2.1"}}

            {"action": "iam:CreateUser", "resource": "*"}
            """
        let requests = try SimulationRequestFile.parse(text)
        #expect(requests.count == 2)
        #expect(requests[0].context.values(for: "aws:TagKeys") == ["a", "b"])
        #expect(requests[0].context.values(for: "aws:sourceip") == ["192.0.2.1"])
        #expect(requests[1].resource == nil)
    }

    @Test func aRequestsFileProblemNamesItsLineAndField() {
        let text = "{\"action\": \"s3:GetObject\"}\n{\"action\": \"s3:GetObject\", \"context\": {\"aws:SourceIp\": 7}}"
        #expect {
            try SimulationRequestFile.parse(text)
        } throws: { error in
            "\(error)".contains("line 2") && "\(error)".contains("context.aws:SourceIp")
        }
    }
}
