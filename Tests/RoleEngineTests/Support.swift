import Foundation
import RoleEngine
import RoleFiles

/// Shared inputs for the engine tests: real ARNs and ids in the shapes users type.
enum Sample {
    static let account = "111122223333"
    static let region = "us-east-1"
    static let computeRole = "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"
    static let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let dataKey = "arn:aws:kms:us-east-1:111122223333:key/abcd1234-12ab-34cd-56ef-1234567890ab"
    static let subnet = "subnet-0a1b2c3d4e5f67890"
    static let securityGroup = "sg-0a1b2c3d4e5f67890"
    static let bucket = "sagemaker-us-east-1-111122223333"

    /// A value for every parameter kind, so any activity can be selected.
    static let parameterValues: [String: [String]] = [
        "passRoles": [computeRole],
        "s3Buckets": [bucket],
        "ecrRepositories": ["arn:aws:ecr:us-east-1:111122223333:repository/my-images"],
        "athenaWorkgroups": ["analytics"],
        "glueDatabases": ["sales_db"],
        "kendraIndexes": ["0123abcd-4567-89ef-0123-456789abcdef"],
        "athenaResultsBuckets": ["analytics-query-results"],
        "mlflowRoles": ["arn:aws:iam::111122223333:role/service-role/SageMaker-MLflow"],
        "emrRuntimeRoles": ["arn:aws:iam::111122223333:role/EMRServerless-Runtime"],
    ]

    static let catalog: Catalog = try! Catalog.builtIn()

    static func selection(_ id: String) -> ActivitySelection {
        let activity = catalog.activity(id)!
        var params: [String: [String]] = [:]
        for p in activity.parameters { params[p.key] = parameterValues[p.key] }
        return ActivitySelection(id: id, parameters: params)
    }

    static func spec(name: String = "SageMaker-Test", persona: String = "custom", activities: [String],
                     vpc: Bool = false, kms: Bool = false, account: String? = Sample.account,
                     region: String? = Sample.region) -> RoleSpec {
        RoleSpec(
            role: RoleSettings(name: name, description: "test role"),
            persona: persona, account: account, region: region,
            network: vpc ? NetworkSettings(subnets: [subnet], securityGroups: [securityGroup]) : nil,
            encryption: kms ? EncryptionSettings(volumeKeys: [key], dataKeys: [dataKey]) : nil,
            activities: activities.map(selection))
    }

    static func build(_ spec: RoleSpec, quota: Int = 10) throws -> RolePlan {
        try RoleBuilder(catalog: catalog, options: .init(maxManagedPolicies: quota)).build(spec)
    }

    static func answers(_ yaml: String, file: String = "answers.yaml") throws -> AnswersReader.Loaded {
        try AnswersReader.parse(data: Data(yaml.utf8), file: file)
    }
}

extension RolePlan {
    var allStatements: [PolicyStatement] { policies.flatMap(\.document.statements) }

    func statement(_ sid: String) -> PolicyStatement? {
        allStatements.first { $0.sid == sid }
    }
}

extension PolicyStatement {
    func values(_ op: String, _ key: String) -> [String]? {
        condition.clauses.first { $0.op == op }?.entries.first { $0.key == key }?.value.values
    }
}
