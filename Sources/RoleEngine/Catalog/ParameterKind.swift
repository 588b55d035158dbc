/// The kinds of value an activity parameter can hold. Each kind has one validator in
/// `IAMRules`, so a catalog author picks a kind instead of writing a regular expression.
public enum ParameterKind: String, Codable, Sendable, CaseIterable {
    case s3Bucket
    case roleArn
    case ecrRepositoryArn
    case athenaWorkgroup
    case glueDatabase
    case kendraIndexId

    /// A short phrase for error messages and the wizard's field hints.
    public var allowedDescription: String {
        switch self {
        case .s3Bucket: return "an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit"
        case .roleArn: return "an IAM role ARN such as arn:aws:iam::111122223333:role/service-role/MyRole"
        case .ecrRepositoryArn: return "an ECR repository ARN such as arn:aws:ecr:us-east-1:111122223333:repository/my-repo"
        case .athenaWorkgroup: return "an Athena workgroup name: 1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-'"
        case .glueDatabase: return "a Glue database name: 1-255 characters of a-z, 0-9 and '_' (lowercase)"
        case .kendraIndexId: return "a Kendra index id: 36 characters of letters, digits and '-'"
        }
    }
}
