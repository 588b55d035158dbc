import Foundation
import Testing
import RoleEngine
import RoleImport

typealias F = RoleManagerFixtures

private func importing(_ role: RoleSnapshot, fallbackRegion: String? = nil) throws -> ImportResult {
    try RoleImporter(catalog: F.catalog).importRole(role, fallbackRegion: fallbackRegion)
}

private func activityIds(_ result: ImportResult) -> Set<String> { Set((result.spec.activities ?? []).map(\.id)) }

private func parameters(_ result: ImportResult, _ activity: String) -> [String: [String]] {
    result.spec.activities?.first { $0.id == activity }?.parameters ?? [:]
}

struct PersonaCase: CustomTestStringConvertible, Sendable {
    var persona: String
    var maker: F.Maker
    var vpc: Bool
    var kms: Bool
    var testDescription: String { "\(persona) \(maker)\(vpc ? " VPC" : "")\(kms ? " KMS" : "")" }

    static let all: [PersonaCase] = ["data-scientist", "mlops", "compute"].flatMap { persona in
        [F.Maker.console, .construct].flatMap { maker in
            [(false, false), (true, false), (false, true), (true, true)].map {
                PersonaCase(persona: persona, maker: maker, vpc: $0.0, kms: $0.1)
            }
        }
    }

    var role: RoleSnapshot {
        F.role("SageMaker-Imported", activities: F.catalog.persona(persona)!.activities, maker: maker,
               options: .init(vpc: vpc, kms: kms))
    }
}

@Suite("Importing roles Role Manager made")
struct RoleManagerImportTests {
    @Test(arguments: PersonaCase.all)
    func aRoleOfAPersonasTemplatesImportsAsThatPersona(_ c: PersonaCase) throws {
        let result = try importing(c.role)
        #expect(result.spec.persona == c.persona)
        #expect(activityIds(result) == Set(F.catalog.persona(c.persona)!.activities))
        #expect(try RoleBuilder(catalog: F.catalog).build(result.spec).policies.count == activityIds(result).count)
    }

    @Test(arguments: PersonaCase.all.filter { $0.persona != "compute" })
    func onlyStudiosAppImageConfigWritesAreLeftUnmapped(_ c: PersonaCase) throws {
        let result = try importing(c.role)
        // The reads stay in Run Studio Applications; the writes are an admin's job since 2024.
        #expect(Set(result.unmapped.flatMap(\.actions)) == [
            "sagemaker:CreateAppImageConfig", "sagemaker:UpdateAppImageConfig", "sagemaker:DeleteAppImageConfig",
        ])
        #expect(result.unmapped.allSatisfy { $0.policy.hasPrefix("SM_StudioAppPermissions") })
    }

    @Test func studiosOldPassRoleIsGrantedByManageMLJobsAndAddsNoActivity() throws {
        let role = F.role("R", activities: ["run-studio-apps", "manage-models"], maker: .construct)
        let result = try importing(role)
        #expect(activityIds(result) == ["run-studio-apps", "manage-models"])
        #expect(!result.unmapped.flatMap(\.actions).contains("iam:PassRole"))
    }

    @Test func passRolesAndBucketsAreReadFromTheStatementsResources() throws {
        let result = try importing(F.role("R", activities: F.catalog.persona("data-scientist")!.activities, maker: .console))
        for activity in ["manage-ml-jobs", "manage-models", "manage-pipelines"] {
            #expect(parameters(result, activity) == ["passRoles": [F.computeRole]])
        }
        #expect(parameters(result, "s3-bucket-access") == ["s3Buckets": [F.bucket]])
        #expect(parameters(result, "run-studio-apps") == [:])
    }

    @Test func computeRolesGetTheirBucketsAndECRRepositories() throws {
        let result = try importing(F.role("R", activities: ["access-aws-services"], maker: .console))
        #expect(parameters(result, "access-aws-services") == [
            "s3Buckets": [F.bucket], "ecrRepositories": ["arn:aws:ecr:us-east-1:111122223333:repository/training-images"],
        ])
        #expect(result.isComplete)
    }

    @Test func athenaWorkgroupsAndGlueDatabasesAreReadFromTheirTemplates() throws {
        let result = try importing(F.role("R", activities: ["query-athena", "manage-glue-tables"], maker: .console))
        #expect(parameters(result, "query-athena") == ["athenaWorkgroups": ["analytics"]])
        #expect(parameters(result, "manage-glue-tables") == ["s3Buckets": [F.bucket], "glueDatabases": ["sales_db"]])
        // The template's bucket-level ACL write on object ARNs is not today's Glue activity.
        #expect(result.unmapped.flatMap(\.actions) == ["s3:PutBucketAcl"])
    }

    @Test func subnetsAndSecurityGroupsComeFromTheVPCGatesConditionValues() throws {
        let result = try importing(F.role("R", activities: ["manage-ml-jobs"], maker: .construct, options: .init(vpc: true)))
        #expect(result.spec.network == NetworkSettings(subnets: F.subnets, securityGroups: F.securityGroups))
    }

    @Test func bareKeyIdsBecomeKeyArnsOfTheRolesAccountAndRegionWithAWarning() throws {
        let result = try importing(F.role("R", activities: ["manage-ml-jobs"], maker: .console, options: .init(kms: true)))
        #expect(result.spec.encryption == EncryptionSettings(volumeKeys: [F.keyArn(F.volumeKey)], dataKeys: [F.keyArn(F.dataKey)]))
        #expect(result.warnings.contains { $0.contains("bare key id") && $0.contains(F.keyArn(F.volumeKey)) })
    }

    @Test func withoutAnyRegionBareKeysAreNotGuessedAndTheKMSStatementsStayUnmapped() throws {
        let role = F.role("R", activities: ["manage-ml-jobs"], maker: .construct, options: .init(kms: true, region: nil))
        let result = try importing(role)
        #expect(result.spec.region == nil)
        #expect(result.spec.encryption == nil)
        #expect(result.unmapped.flatMap(\.actions).contains("kms:CreateGrant"))
        #expect(result.warnings.contains { $0.contains("KMS variant") })
    }

    @Test func aFallbackRegionMakesBareKeysIntoArns() throws {
        let role = F.role("R", activities: ["manage-ml-jobs"], maker: .construct, options: .init(kms: true, region: nil))
        let result = try importing(role, fallbackRegion: "eu-west-1")
        #expect(result.spec.region == "eu-west-1")
        #expect(result.spec.encryption?.volumeKeys == ["arn:aws:kms:eu-west-1:111122223333:key/\(F.volumeKey)"])
    }

    @Test func aVPCComputeTemplateWithoutIdsLeavesItsNetworkStatementUnmappedAndSaysWhy() throws {
        let result = try importing(F.role("R", activities: ["access-aws-services"], maker: .console, options: .init(vpc: true)))
        #expect(result.spec.network == nil)
        #expect(result.unmapped.flatMap(\.actions).contains("ec2:CreateNetworkInterface"))
        #expect(result.warnings.contains { $0.contains("VPC variant") })
    }

    @Test func theRegionComesFromTheConsolesTrustPolicy() throws {
        let result = try importing(F.role("R", activities: ["manage-endpoints"], maker: .console, options: .init(region: "ap-northeast-2")))
        #expect(result.spec.region == "ap-northeast-2")
        #expect(result.spec.account == F.account)
    }
}

@Suite("What import carries over and what it does not")
struct ImportAccountingTests {
    func withExtraStatement(_ statement: String) -> RoleSnapshot {
        var role = F.role("R", activities: ["manage-models"], maker: .console)
        var document = try! JSONSerialization.jsonObject(with: Data(role.attachedPolicies[0].document!.utf8)) as! [String: Any]
        var statements = document["Statement"] as! [Any]
        statements.append(try! JSONSerialization.jsonObject(with: Data(statement.utf8)))
        document["Statement"] = statements
        role.attachedPolicies[0].document = String(decoding: try! JSONSerialization.data(withJSONObject: document), as: UTF8.self)
        return role
    }

    @Test func aStatementNoActivityGrantsIsListedWithItsSidAndWrittenAsAPolicyDocument() throws {
        let role = withExtraStatement(#"{"Sid":"ReadFeatures","Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/features"}"#)
        let result = try importing(role)
        #expect(!result.isComplete)
        #expect(result.unmapped.map(\.label) == ["Sid ReadFeatures"])
        #expect(result.unmapped[0].policy == role.attachedPolicies[0].name)
        let document = try #require(result.unmappedDocument)
        #expect(document.minified().contains(#""Action":"dynamodb:GetItem""#))
        #expect(document.minified().contains(#""Sid":"ReadFeatures""#))
    }

    @Test func aDenyStatementIsNeverFoldedIntoAnActivity() throws {
        let role = withExtraStatement(#"{"Effect":"Deny","Action":"sagemaker:DeleteModel","Resource":"*"}"#)
        let result = try importing(role)
        #expect(result.unmapped.map(\.actions) == [["sagemaker:DeleteModel"]])
        #expect(result.unmapped[0].reason.contains("Deny"))
    }

    @Test func otherManagedPoliciesStayAttachedAndCanvasPoliciesRecogniseTheirActivity() throws {
        var role = F.role("R", activities: ["manage-models"], maker: .console)
        role.attachedPolicies += [
            AttachedPolicy(arn: "arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess", name: "AmazonSageMakerCanvasFullAccess"),
            AttachedPolicy(arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", name: "AmazonS3ReadOnlyAccess"),
            AttachedPolicy(arn: "arn:aws:iam::111122223333:policy/team-extra", name: "team-extra", document: "{}"),
        ]
        let result = try importing(role)
        #expect(activityIds(result) == ["manage-models", "canvas-core"])
        #expect(result.spec.managedPolicies == ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                                                "arn:aws:iam::111122223333:policy/team-extra"])
    }

    @Test func settingsAndTagsAreCarriedOverButNotAWSTags() throws {
        var role = F.role("R", activities: ["manage-models"], maker: .console)
        role.description = "team A"
        role.maxSessionDuration = 7200
        role.permissionsBoundary = "arn:aws:iam::111122223333:policy/boundary"
        role.tags = [(key: "team", value: "ml"), (key: "aws:cloudformation:stack-name", value: "x")]
        let spec = try importing(role).spec
        #expect(spec.role == RoleSettings(name: "R", path: "/service-role/", description: "team A",
                                          maxSessionDuration: 7200, permissionsBoundary: "arn:aws:iam::111122223333:policy/boundary"))
        #expect(spec.tags == [RoleTag(key: "team", value: "ml")])
    }

    @Test func anInlinePolicyNobodyKnownMadeIsListedWhole() throws {
        var role = F.role("R", activities: ["manage-models"], maker: .console)
        role.inlinePolicies = [InlinePolicy(name: "hand-written", document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sagemaker:ListModels"],"Resource":"*"}]}"#)]
        let result = try importing(role)
        #expect(result.unmapped.map(\.policy) == ["hand-written"])
    }

    @Test func otherTrustedPrincipalsAreNamedBecauseGenerateDropsThem() throws {
        var role = F.role("R", activities: ["manage-models"], maker: .console)
        role.trustPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["sagemaker.amazonaws.com","glue.amazonaws.com"]},"Action":"sts:AssumeRole"}]}"#
        #expect(try importing(role).warnings.contains { $0.contains("glue.amazonaws.com") })
    }
}

@Suite("Round trips of smrole's own roles")
struct SmroleRoundTripTests {
    static let cases: [(String, Bool)] = ["data-scientist", "mlops", "compute", "custom"].flatMap { [($0, false), ($0, true)] }

    /// The role as IAM holds it after `smrole apply` of this plan.
    static func snapshot(of plan: RolePlan) -> RoleSnapshot {
        RoleSnapshot(name: plan.roleName, arn: plan.roleArn!, path: plan.path, description: plan.description,
                     maxSessionDuration: plan.maxSessionDuration, permissionsBoundary: plan.permissionsBoundary,
                     tags: plan.tags.map { (key: $0.key, value: $0.value) }, trustPolicy: plan.trustPolicy.json.minified(),
                     attachedPolicies: plan.policies.map { AttachedPolicy(arn: plan.arn(of: $0)!, name: $0.name,
                                                                          document: $0.document.json.minified()) }
                        + plan.managedPolicyArns.map { AttachedPolicy(arn: $0, name: String($0.split(separator: "/").last!)) })
    }

    static func spec(_ persona: String, settings: Bool) -> RoleSpec {
        let ids = persona == "custom" ? ["run-studio-apps", "manage-ml-jobs", "query-athena", "manage-glue-tables",
                                         "canvas-kendra", "canvas-core", "use-mlflow", "run-emr-serverless"]
            : F.catalog.persona(persona)!.activities
        let values: [String: [String]] = [
            "passRoles": [F.computeRole], "s3Buckets": [F.bucket, "team-a-data"], "athenaWorkgroups": ["analytics"],
            "ecrRepositories": ["arn:aws:ecr:us-east-1:111122223333:repository/training-images"],
            "glueDatabases": ["sales_db"], "kendraIndexes": ["0123abcd-4567-89ef-0123-456789abcdef"],
            "emrRuntimeRoles": ["arn:aws:iam::111122223333:role/EMRServerless-Runtime"],
        ]
        return RoleSpec(
            role: RoleSettings(name: "SageMaker-\(persona)", path: "/service-role/", description: "round trip"),
            persona: persona, account: F.account, region: F.region,
            network: settings ? NetworkSettings(subnets: F.subnets, securityGroups: F.securityGroups) : nil,
            encryption: settings ? EncryptionSettings(volumeKeys: [F.keyArn(F.volumeKey)], dataKeys: [F.keyArn(F.dataKey)]) : nil,
            activities: ids.map { id in
                ActivitySelection(id: id, parameters: values.filter { key, _ in F.catalog.activity(id)!.parameter(key) != nil })
            },
            managedPolicies: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], tags: [RoleTag(key: "team", value: "ml")])
    }

    @Test(arguments: cases)
    func aRoleSmroleMadeImportsToAnswersThatGenerateTheSameRole(_ persona: String, _ settings: Bool) throws {
        let builder = RoleBuilder(catalog: F.catalog)
        let original = try builder.build(Self.spec(persona, settings: settings))
        let result = try importing(Self.snapshot(of: original))
        let again = try builder.build(result.spec)
        #expect(result.isComplete)
        #expect(result.spec.persona == persona)
        #expect(PlanFiles.render(again).map(\.content) == PlanFiles.render(original).map(\.content))
        #expect(PlanFiles.render(again).map(\.path) == PlanFiles.render(original).map(\.path))
    }
}

@Suite("Reading authorization details")
struct AuthorizationDetailsTests {
    @Test(arguments: [false, true])
    func theFileGivesTheSameRoleAsIAMDoes(_ urlEncoded: Bool) throws {
        let role = F.role("SageMaker-DS", activities: F.catalog.persona("data-scientist")!.activities, maker: .console,
                          options: .init(vpc: true, kms: true))
        let read = try AuthorizationDetailsReader.role(named: role.name, in: F.authorizationDetails(role, urlEncoded: urlEncoded))
        #expect(try importing(read).spec.activities == (try importing(role)).spec.activities)
        #expect(read.attachedPolicies.map(\.arn) == role.attachedPolicies.map(\.arn))
        #expect(read.description == nil)
    }

    @Test func aRoleTheFileDoesNotHoldIsNamedInTheError() throws {
        let data = F.authorizationDetails(F.role("SageMaker-DS", activities: ["manage-models"], maker: .console))
        #expect(throws: ImportError.self) { try AuthorizationDetailsReader.role(named: "SageMaker-Other", in: data) }
        do { _ = try AuthorizationDetailsReader.role(named: "SageMaker-Other", in: data) } catch {
            #expect(error.message.contains("'SageMaker-Other'"))
        }
    }

    @Test func aFileThatIsNotAuthorizationDetailsIsRefused() {
        #expect(throws: ImportError.self) { try AuthorizationDetailsReader.role(named: "R", in: Data(#"{"Roles":[]}"#.utf8)) }
    }
}

@Suite("Recognising who made a policy")
struct PolicyOriginTests {
    let names = PolicyNameRecognizer(catalog: F.catalog)

    @Test func consoleNamesCarryTheTemplateVariantAndTimestamp() {
        #expect(names.origin(of: "SM_CommonJobManagement_VPC_KMS_1733462327347", roleName: "R")
                == .roleManagerConsole(template: "SM_CommonJobManagement", variant: "_VPC_KMS", activity: "manage-ml-jobs"))
        #expect(names.origin(of: "SageMakerS3BucketPolicyTemplate_1733462327347", roleName: "R").activity == "s3-bucket-access")
        #expect(names.origin(of: "SM_MLflowServerAccess_1733462327347", roleName: "R").activity == "use-mlflow")
    }

    @Test func constructNamesCarryTheVersion() {
        #expect(names.origin(of: "SM_StudioAppPermissions_V2_1717000000000", roleName: "R")
                == .cdkConstruct(template: "SM_StudioAppPermissions", variant: "", version: 2, activity: "run-studio-apps"))
    }

    @Test func smroleNamesStartWithTheRoleName() {
        #expect(names.origin(of: "R-manage-ml-jobs", roleName: "R") == .smrole(activity: "manage-ml-jobs"))
        #expect(names.origin(of: "R-manage-ml-jobs-part2", roleName: "R") == .smrole(activity: "manage-ml-jobs"))
        #expect(names.origin(of: "R-bundle-1", roleName: "R") == .smrole(activity: nil))
    }

    @Test func otherNamesAreNobodyKnown() {
        #expect(names.origin(of: "team-extra", roleName: "R") == .unknown)
        #expect(names.origin(of: "MyPolicy_1733462327347", roleName: "R") == .unknown)
    }
}
