import AWSClient
import Foundation
import Testing

/// The reads behind the wizard's pick lists (subnets, security groups, KMS aliases, roles to
/// pass, policies to attach), against moto: what the console would show, read from the account.
@Suite("Account lookups against moto", .serialized,
       .enabled(if: MotoServer.available, "moto is installed by `make test`"))
final class AccountLookupTests {
    let moto: MotoServer
    let session: AWSSession

    init() throws {
        moto = try MotoServer()
        session = Fixture.session(moto)
    }

    deinit { moto.stop() }

    func ec2(_ action: String, _ parameters: [(String, String)]) throws -> XMLTree {
        try session.client(.ec2).query(action, version: "2016-11-15", parameters)
    }

    func iamCall(_ action: String, _ parameters: [(String, String)]) throws {
        _ = try session.client(.iam).query(action, version: "2010-05-08", parameters)
    }

    static func trust(_ service: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(service)"},"#
            + #""Action":"sts:AssumeRole"}]}"#
    }

    @Test func subnetsComeWithTheirVPCZoneAndNameTag() throws {
        let vpc = try ec2("CreateVpc", [("CidrBlock", "10.20.0.0/16")]).find("vpcId")!.text
        let subnet = try ec2("CreateSubnet", [("VpcId", vpc), ("CidrBlock", "10.20.1.0/24"),
                                              ("AvailabilityZone", "us-east-1b")]).find("subnetId")!.text
        _ = try ec2("CreateTags", [("ResourceId.1", subnet), ("Tag.1.Key", "Name"), ("Tag.1.Value", "ml-private-b")])

        let found = try #require(try session.ec2().describeSubnets().first { $0.id == subnet })
        #expect(found.vpcId == vpc)
        #expect(found.availabilityZone == "us-east-1b")
        #expect(found.cidrBlock == "10.20.1.0/24")
        #expect(found.name == "ml-private-b")
    }

    @Test func securityGroupsComeWithTheirVPCAndGroupName() throws {
        let vpc = try ec2("CreateVpc", [("CidrBlock", "10.30.0.0/16")]).find("vpcId")!.text
        let group = try ec2("CreateSecurityGroup", [("GroupName", "studio-sg"), ("GroupDescription", "Studio apps"),
                                                   ("VpcId", vpc)]).find("groupId")!.text

        let found = try #require(try session.ec2().describeSecurityGroups().first { $0.id == group })
        #expect(found.vpcId == vpc)
        #expect(found.groupName == "studio-sg")
        #expect(found.description == "Studio apps")
        #expect(found.name == nil)
    }

    @Test func aliasesNameTheARNOfTheirKey() throws {
        let kms = try session.client(.kms)
        let key = try kms.json("CreateKey", targetPrefix: "TrentService", ["Description": "volumes"])
        let metadata = try #require(key["KeyMetadata"] as? [String: Any])
        let keyId = try #require(metadata["KeyId"] as? String)
        _ = try kms.json("CreateAlias", targetPrefix: "TrentService",
                         ["AliasName": "alias/ml-volumes", "TargetKeyId": keyId])

        let alias = try #require(try session.kms().listAliases().first { $0.name == "alias/ml-volumes" })
        #expect(alias.keyArn == metadata["Arn"] as? String)
        #expect(!alias.isAWSManaged)
    }

    @Test func rolesAreReadOnEveryPageWithTheTrustThatSaysWhoMayAssumeThem() throws {
        for n in 1...5 {
            try iamCall("CreateRole", [("RoleName", "SageMaker-Job-\(n)"), ("Path", "/service-role/"),
                                       ("AssumeRolePolicyDocument", Self.trust("sagemaker.amazonaws.com"))])
        }
        try iamCall("CreateRole", [("RoleName", "EC2-Instance"),
                                   ("AssumeRolePolicyDocument", Self.trust("ec2.amazonaws.com"))])

        let roles = try session.iam().listRoles(pageSize: 2)
        let passable = roles.filter { $0.trusts(service: "sagemaker.amazonaws.com") }.map(\.name)
        #expect(Set(passable) == Set((1...5).map { "SageMaker-Job-\($0)" }))
        let instanceRole = try #require(roles.first { $0.name == "EC2-Instance" })
        #expect(!instanceRole.trusts(service: "sagemaker.amazonaws.com"))
        let jobRole = try #require(roles.first { $0.name == "SageMaker-Job-1" })
        #expect(jobRole.path == "/service-role/")
    }

    @Test func policiesArePagedForAPickerAndTheAccountsOwnAreFoundByScope() throws {
        let first = try session.iam().listPolicies(scope: .aws, pageSize: 10)
        #expect(first.policies.count == 10)
        #expect(first.policies.filter { !$0.isAWSManaged }.isEmpty)
        let marker = try #require(first.marker, "AWS has far more than 10 managed policies")
        let second = try session.iam().listPolicies(scope: .aws, pageSize: 10, marker: marker)
        #expect(Set(first.policies.map(\.arn)).isDisjoint(with: second.policies.map(\.arn)))

        try iamCall("CreatePolicy", [("PolicyName", "team-data"), ("Path", "/team/"), ("PolicyDocument",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)])
        let local = try session.iam().listPolicies(scope: .local)
        #expect(local.policies.map(\.arn) == ["arn:aws:iam::\(Fixture.account):policy/team/team-data"])
        #expect(local.marker == nil)
    }
}
