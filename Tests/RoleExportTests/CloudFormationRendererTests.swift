import RoleEngine
import RoleExport
import Testing
import Yams

@Suite struct CloudFormationRendererTests {
    @Test func aHostileDescriptionReadsBackAsTheSameString() throws {
        let plan = try Sample.plan(description: Sample.hostileDescription)
        let template = try #require(try Yams.compose(yaml: CloudFormationRenderer.render(plan)))
        let role = try #require(template["Resources"]?["Role"]?["Properties"])
        #expect(role["Description"]?.string == Sample.hostileDescription)
    }

    @Test func everyCustomerManagedPolicyIsAResourceTheRoleAttaches() throws {
        let plan = try Sample.plan()
        let template = try #require(try Yams.compose(yaml: CloudFormationRenderer.render(plan)))
        let resources = try #require(template["Resources"]?.mapping)
        let policies = resources.filter { $0.value["Type"]?.string == "AWS::IAM::ManagedPolicy" }
        #expect(policies.count == plan.policies.count)
        #expect(Set(policies.compactMap { $0.value["Properties"]?["ManagedPolicyName"]?.string }) == Set(plan.policies.map(\.name)))
        let attached = try #require(template["Resources"]?["Role"]?["Properties"]?["ManagedPolicyArns"]?.sequence)
        #expect(attached.count == plan.attachmentCount)
        #expect(attached.filter { $0.tag.description == "!Ref" }.compactMap(\.string).sorted() == policies.compactMap(\.key.string).sorted())
    }

    @Test func thePlansAccountBecomesThePseudoParameter() throws {
        let text = CloudFormationRenderer.render(try Sample.plan())
        #expect(text.contains(#"!Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd"#))
        #expect(text.contains("aws:SourceAccount: !Ref AWS::AccountId"))
        #expect(!text.contains(":111122223333:"), "the account field of every ARN is templated")
    }

    @Test func anotherAccountsArnStaysAsWritten() throws {
        let text = CloudFormationRenderer.render(try Sample.plan(passRoles: [Sample.otherAccountRole]))
        #expect(text.contains(#"!Sub "arn:${AWS::Partition}:iam::444455556666:role/Shared-Compute""#))
    }

    @Test func roleSettingsTagsAndOutputsArePresent() throws {
        let plan = try Sample.plan()
        let template = try #require(try Yams.compose(yaml: CloudFormationRenderer.render(plan)))
        let role = try #require(template["Resources"]?["Role"]?["Properties"])
        #expect(role["RoleName"]?.string == "SageMaker-DataScientist")
        #expect(role["Path"]?.string == "/service-role/")
        #expect(role["MaxSessionDuration"]?.int == 3600)
        #expect(role["Tags"]?.sequence?.first?["Key"]?.string == "team")
        #expect(template["Outputs"]?["RoleArn"]?["Value"]?.tag.description == "!GetAtt")
    }

    @Test func aLiteralDollarBraceIsEscapedInsideSub() throws {
        var plan = try Sample.plan()
        plan.policies[0].document.statements[0].resources = ["arn:aws:s3:::b/${aws:username}"]
        let text = CloudFormationRenderer.render(plan)
        #expect(text.contains(#"!Sub "arn:${AWS::Partition}:s3:::b/${!aws:username}""#))
    }
}
