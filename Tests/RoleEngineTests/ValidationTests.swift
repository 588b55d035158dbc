import Testing
@testable import RoleEngine

@Suite("Validation of IAM rules")
struct ValidationTests {
    func issues(_ change: (inout RoleSpec) -> Void) -> [ValidationIssue] {
        var spec = Sample.spec(activities: ["manage-ml-jobs"])
        change(&spec)
        return RoleSpecValidator(catalog: Sample.catalog).issues(in: spec)
    }

    func paths(_ change: (inout RoleSpec) -> Void) -> [String] { issues(change).map(\.path) }

    @Test func aValidSpecHasNoIssues() {
        #expect(issues { _ in }.isEmpty)
    }

    @Test(arguments: ["", String(repeating: "a", count: 65), "has space", "slash/name", "hash#", "ünïcode"])
    func roleNamesOutsideIamRulesAreRefused(name: String) {
        #expect(paths { $0.role.name = name } == ["role.name"])
    }

    @Test(arguments: ["a", String(repeating: "a", count: 64), "SageMaker-DS_1+=,.@"])
    func roleNamesWithinIamRulesAreAccepted(name: String) {
        #expect(paths { $0.role.name = name }.isEmpty)
    }

    @Test(arguments: ["noslash", "/a b/", "/a", "/" + String(repeating: "a", count: 511) + "/"])
    func badPathsAreRefused(path: String) {
        #expect(paths { $0.role.path = path } == ["role.path"])
    }

    @Test func descriptionsOver1000CharactersAreRefused() {
        #expect(paths { $0.role.description = String(repeating: "d", count: 1001) } == ["role.description"])
        #expect(paths { $0.role.description = String(repeating: "d", count: 1000) }.isEmpty)
    }

    @Test(arguments: ["emoji 🚀", "日本語", "bell \u{7}", "del \u{7F}", "em dash —"])
    func descriptionsOutsideLatin1AreRefused(text: String) {
        let found = issues { $0.role.description = text }
        #expect(found.map(\.path) == ["role.description"])
        #expect(found.first?.message.contains("Latin-1") == true)
    }

    @Test func latin1DescriptionsWithQuotesAndNewlinesAreAccepted() {
        #expect(paths { $0.role.description = "Équipe \"A\" café\n$(rm -rf /); `x`" }.isEmpty)
    }

    @Test(arguments: [3599, 43201, 0, -1])
    func sessionDurationsOutsideOneToTwelveHoursAreRefused(seconds: Int) {
        #expect(paths { $0.role.maxSessionDuration = seconds } == ["role.maxSessionDuration"])
    }

    @Test func boundaryMustBeAManagedPolicyArn() {
        #expect(paths { $0.role.permissionsBoundary = "arn:aws:iam::111122223333:role/x" } == ["role.permissionsBoundary"])
        #expect(paths { $0.role.permissionsBoundary = "arn:aws:iam::111122223333:policy/team/boundary" }.isEmpty)
    }

    @Test func tagsAreLimitedToFifty() {
        #expect(paths { $0.tags = (1...51).map { RoleTag(key: "k\($0)", value: "v") } } == ["tags"])
        #expect(paths { $0.tags = (1...50).map { RoleTag(key: "k\($0)", value: "v") } }.isEmpty)
    }

    @Test(arguments: [
        RoleTag(key: String(repeating: "k", count: 129), value: "v"),
        RoleTag(key: "k", value: String(repeating: "v", count: 257)),
        RoleTag(key: "bad#key", value: "v"),
        RoleTag(key: "k", value: "bad!value"),
        RoleTag(key: "aws:reserved", value: "v"),
        RoleTag(key: "AWS:Reserved", value: "v"),
        RoleTag(key: "", value: "v"),
    ])
    func tagsOutsideIamRulesAreRefused(tag: RoleTag) {
        #expect(!issues { $0.tags = [tag] }.isEmpty)
    }

    @Test func tagKeysAreUniqueCaseInsensitively() {
        let found = issues { $0.tags = [RoleTag(key: "Team", value: "a"), RoleTag(key: "team", value: "b")] }
        #expect(found.map(\.path) == ["tags.team"])
        #expect(found.first?.message.contains("case-insensitive") == true)
    }

    @Test func unicodeTagsAreAccepted() {
        #expect(paths { $0.tags = [RoleTag(key: "équipe", value: "データ科学"), RoleTag(key: "empty", value: "")] }.isEmpty)
    }

    @Test(arguments: ["11112222333", "1111222233334", "abcdefghijkl"])
    func accountsMustBeTwelveDigits(account: String) {
        #expect(paths { $0.account = account } == ["account"])
    }

    @Test(arguments: ["useast1", "US-EAST-1", "us-east"])
    func regionsMustLookLikeRegions(region: String) {
        #expect(paths { $0.region = region } == ["region"])
    }

    @Test(arguments: ["ab", "My-Bucket", "bucket_name", "-bucket", "bucket-", "a..b", "192.168.1.1", "xn--bucket",
                      "sthree-bucket", "bucket-s3alias", "bucket--ol-s3", "arn:aws:s3:::bucket", String(repeating: "b", count: 64)])
    func bucketNamesOutsideS3RulesAreRefused(bucket: String) {
        var spec = Sample.spec(activities: ["s3-bucket-access"])
        spec.activities![0].parameters["s3Buckets"] = [bucket]
        #expect(RoleSpecValidator(catalog: Sample.catalog).issues(in: spec).map(\.path) == ["activities.s3-bucket-access.s3Buckets[0]"])
    }

    @Test(arguments: ["arn:aws:iam::111122223333:user/x", "arn:aws:iam::1111:role/x", "SageMaker-Compute",
                      "arn:aws:iam::${AccountId}:role/x", "arn:aws:iam::<account>:role/x"])
    func passRolesMustBeRoleArns(arn: String) {
        #expect(paths { $0.activities![0].parameters["passRoles"] = [arn] } == ["activities.manage-ml-jobs.passRoles[0]"])
    }

    @Test func aMissingRequiredParameterNamesTheActivity() {
        let found = issues { $0.activities![0].parameters = [:] }
        #expect(found.map(\.path) == ["activities.manage-ml-jobs.passRoles"])
        #expect(found.first?.message.contains("required by Manage ML Jobs") == true)
    }

    @Test func anUnknownParameterListsTheAllowedOnes() {
        let found = issues { $0.activities![0].parameters["roles"] = ["x"] }
        #expect(found.map(\.path) == ["activities.manage-ml-jobs.roles"])
        #expect(found.first?.message.contains("allowed: passRoles") == true)
    }

    @Test func anUnknownActivityListsTheCatalog() {
        let found = issues { $0.activities!.append(ActivitySelection(id: "manage-everything")) }
        #expect(found.map(\.path) == ["activities.manage-everything"])
    }

    @Test func anUnknownPersonaListsThePersonas() {
        let found = issues { $0.persona = "admin" }
        #expect(found.first?.message == "'admin' is not a persona; allowed: data-scientist, mlops, compute, custom")
    }

    @Test func vpcNeedsBothListsOrNeither() {
        #expect(paths { $0.network = NetworkSettings(subnets: [Sample.subnet], securityGroups: []) } == ["network.securityGroups"])
        #expect(paths { $0.network = NetworkSettings(subnets: [], securityGroups: [Sample.securityGroup]) } == ["network.subnets"])
        #expect(paths { $0.network = NetworkSettings(subnets: [], securityGroups: []) } == ["network"])
    }

    @Test func kmsNeedsBothListsOrNeither() {
        #expect(paths { $0.encryption = EncryptionSettings(volumeKeys: [Sample.key], dataKeys: []) } == ["encryption.dataKeys"])
    }

    @Test(arguments: ["subnet-123", "subnet-0A1B2C3D4E5F67890", "sg-0a1b2c3d4e5f67890"])
    func subnetIdsAreChecked(id: String) {
        #expect(paths { $0.network = NetworkSettings(subnets: [id], securityGroups: [Sample.securityGroup]) } == ["network.subnets[0]"])
    }

    @Test func securityGroupIdsAreChecked() {
        #expect(paths { $0.network = NetworkSettings(subnets: [Sample.subnet], securityGroups: ["sg-xyz"]) } == ["network.securityGroups[0]"])
    }

    @Test(arguments: ["1234abcd-12ab-34cd-56ef-1234567890ab", "alias/my-key", "arn:aws:kms:us-east-1:111122223333:alias/my-key",
                      "arn:aws:kms:us-east-1:111122223333:key/not-a-key"])
    func kmsKeysMustBeKeyArns(key: String) {
        #expect(paths { $0.encryption = EncryptionSettings(volumeKeys: [key], dataKeys: [Sample.key]) } == ["encryption.volumeKeys[0]"])
    }

    @Test func multiRegionKeyArnsAreAccepted() {
        let mrk = "arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef"
        #expect(paths { $0.encryption = EncryptionSettings(volumeKeys: [mrk], dataKeys: [mrk]) }.isEmpty)
    }

    @Test(arguments: [("ecrRepositories", "arn:aws:ecr:us-east-1:111122223333:repository/My_Repo", "access-aws-services"),
                      ("athenaWorkgroups", "work group", "query-athena"),
                      ("glueDatabases", "Sales-DB", "manage-glue-tables"),
                      ("kendraIndexes", "short", "canvas-kendra")])
    func parameterKindsAreChecked(key: String, value: String, activity: String) {
        var spec = Sample.spec(activities: [activity])
        spec.activities![0].parameters[key] = [value]
        #expect(RoleSpecValidator(catalog: Sample.catalog).issues(in: spec).map(\.path) == ["activities.\(activity).\(key)[0]"])
    }

    @Test func managedPoliciesMustBePolicyArns() {
        #expect(paths { $0.managedPolicies = ["AmazonSageMakerFullAccess"] } == ["managedPolicies[0]"])
        #expect(paths { $0.managedPolicies = ["arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"] }.isEmpty)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = paths {
            $0.role.name = "bad name"
            $0.role.maxSessionDuration = 10
            $0.account = "1"
            $0.activities![0].parameters = [:]
            $0.tags = [RoleTag(key: "aws:x", value: "v")]
        }
        #expect(found == ["role.name", "role.maxSessionDuration", "account", "activities.manage-ml-jobs.passRoles", "tags.aws:x"])
    }

    @Test func aRoleThatGrantsNothingIsRefused() {
        #expect(paths { $0.activities = [] } == ["activities"])
    }
}
