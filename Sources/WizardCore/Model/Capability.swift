import RoleEngine
import RoleExport

/// One row of the review's "what can this role do" table: a typical SageMaker request,
/// made the way the role's own settings require (its VPC, keys and roles), and whether the
/// planned policies allow it — answered by the same simulator as `smrole simulate`.
public struct Capability: Equatable, Sendable {
    public var action: String
    public var allowed: Bool
    /// The activity whose statement allows it, when allowed.
    public var activity: String?

    static let typicalActions = [
        "sagemaker:CreatePresignedDomainUrl", "sagemaker:CreateApp", "sagemaker:CreateTrainingJob",
        "sagemaker:CreateProcessingJob", "sagemaker:CreateModel", "sagemaker:CreateEndpoint",
        "sagemaker:CreatePipeline", "sagemaker:CreateExperiment", "sagemaker:Search", "s3:GetObject", "s3:PutObject",
        "ecr:BatchGetImage", "iam:PassRole", "iam:CreateRole",
    ]

    public static func table(for plan: RolePlan) -> [Capability] {
        let simulator = PolicySimulator(plan: plan)
        let spec = plan.normalizedSpec
        var pairs: [(key: String, value: String)] = [("iam:PassedToService", "sagemaker.amazonaws.com")]
        for subnet in spec.network?.subnets ?? [] { pairs.append(("sagemaker:VpcSubnets", subnet)) }
        for group in spec.network?.securityGroups ?? [] { pairs.append(("sagemaker:VpcSecurityGroupIds", group)) }
        if let key = spec.encryption?.volumeKeys.first { pairs.append(("sagemaker:VolumeKmsKey", key)) }
        if let key = spec.encryption?.dataKeys.first { pairs.append(("sagemaker:OutputKmsKey", key)) }
        let context = RequestContext(pairs)
        return typicalActions.map { action in
            let result = simulator.evaluate(.init(action: action, resource: nil, context: context))
            return Capability(action: action, allowed: result.allowed, activity: result.deciding.first?.provenance?.activity)
        }
    }
}
