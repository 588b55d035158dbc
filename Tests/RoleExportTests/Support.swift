import Foundation
import RoleEngine
import RoleExport

/// Plans in the shapes users make them, for the exporter, lint and simulate tests.
enum Sample {
    static let account = "111122223333"
    static let computeRole = "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"
    static let otherAccountRole = "arn:aws:iam::444455556666:role/Shared-Compute"
    static let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let subnet = "subnet-0a1b2c3d4e5f67890"
    static let securityGroup = "sg-0a1b2c3d4e5f67890"
    static let bucket = "sagemaker-us-east-1-111122223333"
    /// Every shell and template metacharacter a description may legally hold.
    static let hostileDescription = #"it's "ours" $(touch /tmp/smrole-pwned) `touch /tmp/smrole-pwned`; rm -rf ~ ${HOME} %{x} \n back\slash"#

    static let catalog: Catalog = try! Catalog.builtIn()

    static func plan(description: String = "Data scientists of team A", vpc: Bool = true, kms: Bool = true,
                     passRoles: [String] = [computeRole], account: String? = account,
                     managedPolicies: [String] = ["arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess"],
                     tags: [RoleTag] = [RoleTag(key: "team", value: "ml")],
                     buckets: [String] = [bucket]) throws -> RolePlan {
        let spec = RoleSpec(
            role: RoleSettings(name: "SageMaker-DataScientist", description: description),
            persona: "data-scientist", account: account, region: "us-east-1",
            network: vpc ? NetworkSettings(subnets: [subnet], securityGroups: [securityGroup]) : nil,
            encryption: kms ? EncryptionSettings(volumeKeys: [key], dataKeys: [key]) : nil,
            activities: [
                ActivitySelection(id: "run-studio-apps"),
                ActivitySelection(id: "manage-ml-jobs", parameters: ["passRoles": passRoles]),
                ActivitySelection(id: "s3-bucket-access", parameters: ["s3Buckets": buckets]),
            ],
            managedPolicies: managedPolicies, tags: tags)
        return try RoleBuilder(catalog: catalog).build(spec)
    }

    static let database: IAMActionDatabase = try! IAMActionDatabase.bundled()
    static let linter = PolicyLinter(database: database)

    static func lint(_ json: String) -> [LintFinding] { linter.lint(text: json) }

    /// A one-statement identity policy around the given statement members.
    static func policy(_ statement: String) -> String {
        ##"{"Version": "2012-10-17", "Statement": [{"## + statement + "}]}"
    }
}

extension Array where Element == LintFinding {
    var codes: Set<String> { Set(map(\.code)) }
}
