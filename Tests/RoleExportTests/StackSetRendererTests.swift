import RoleEngine
import RoleExport
import Testing
import Yams

/// The templates that deploy unchanged to many accounts: the planned account and region are
/// the deployment's own, other accounts' stay, and a StackSet carries the role's template.
@Suite struct StackSetRendererTests {
    static let otherAccountsBucket = "sagemaker-us-east-1-444455556666"

    @Test func theDefaultBucketNamesTheDeployingAccountsOwnBucketInCloudFormation() throws {
        let text = CloudFormationRenderer.render(try Sample.plan())
        #expect(text.contains(#"!Sub "arn:${AWS::Partition}:s3:::sagemaker-${AWS::Region}-${AWS::AccountId}/*""#))
        #expect(!text.contains(Sample.account))
    }

    @Test func theDefaultBucketNamesTheDeployingAccountsOwnBucketInTerraform() throws {
        let text = TerraformRenderer.render(try Sample.plan())
        #expect(text.contains("s3:::sagemaker-${data.aws_region.current.id}-"
                              + "${data.aws_caller_identity.current.account_id}/*"))
        #expect(!text.contains(Sample.account))
    }

    @Test func anotherAccountsBucketKeepsItsRegionAndAccount() throws {
        let plan = try Sample.plan(buckets: [Self.otherAccountsBucket])
        let text = CloudFormationRenderer.render(plan)
        #expect(text.contains(#"!Sub "arn:${AWS::Partition}:s3:::sagemaker-us-east-1-444455556666""#))
    }

    @Test func aRegionInANameWithoutTheAccountIsPartOfTheName() throws {
        let text = CloudFormationRenderer.render(try Sample.plan(buckets: ["team-a-us-east-1-data"]))
        #expect(text.contains(#"s3:::team-a-us-east-1-data""#))
    }

    @Test func theAccountIdInsideALongerNumberIsNotTheAccount() throws {
        let text = CloudFormationRenderer.render(try Sample.plan(buckets: ["data-9111122223333"]))
        #expect(text.contains("s3:::data-9111122223333"))
    }

    @Test func theStackSetIsServiceManagedAndDeploysOneRegionPerAccount() throws {
        let template = try #require(try Yams.compose(yaml: StackSetRenderer.render(try Sample.plan())))
        let properties = try #require(template["Resources"]?["RoleStackSet"]?["Properties"])
        #expect(template["Resources"]?["RoleStackSet"]?["Type"]?.string == "AWS::CloudFormation::StackSet")
        #expect(properties["PermissionModel"]?.string == "SERVICE_MANAGED")
        #expect(properties["AutoDeployment"]?["Enabled"]?.bool == true)
        #expect(properties["Capabilities"]?.sequence?.compactMap(\.string) == ["CAPABILITY_NAMED_IAM"])
        let group = try #require(properties["StackInstancesGroup"]?.sequence?.first)
        #expect(group["Regions"]?.sequence?.count == 1)
        #expect(group["DeploymentTargets"]?["OrganizationalUnitIds"]?.tag.description == "!Ref")
        #expect(template["Parameters"]?["DeploymentRegion"]?["Default"]?.string == "us-east-1")
    }

    @Test func theStackSetCarriesTheRolesTemplateLineForLine() throws {
        let plan = try Sample.plan(description: Sample.hostileDescription)
        let template = try #require(try Yams.compose(yaml: StackSetRenderer.render(plan)))
        let body = template["Resources"]?["RoleStackSet"]?["Properties"]?["TemplateBody"]?.string
        #expect(body == CloudFormationRenderer.render(plan))
    }

    @Test func aRoleTemplateOverTheBodyLimitIsReferencedByURL() throws {
        let many = (1...290).map { "team-bucket-\($0)" }
        let plan = try Sample.plan(buckets: many)
        #expect(CloudFormationRenderer.render(plan).utf8.count > StackSetRenderer.templateBodyLimit)
        let template = try #require(try Yams.compose(yaml: StackSetRenderer.render(plan)))
        let properties = try #require(template["Resources"]?["RoleStackSet"]?["Properties"])
        #expect(properties["TemplateBody"] == nil)
        #expect(properties["TemplateURL"]?.string == "RoleTemplateURL")
        #expect(template["Parameters"]?["RoleTemplateURL"] != nil)
    }

    @Test func choosingTheStackSetAlsoWritesTheTemplateItWraps() throws {
        #expect(try ExportFormat.parseList("stackset") == [.json, .cloudformation, .stackset])
    }
}
