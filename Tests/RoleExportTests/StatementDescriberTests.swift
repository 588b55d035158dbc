import RoleEngine
import RoleExport
import Testing

/// explain's sentence says what the statement grants, read from its actions, resources and
/// conditions: where the intent written beside it claims more care than the grant has, the
/// sentence shows the grant.
@Suite struct StatementDescriberTests {
    static let describer = StatementDescriber(database: Sample.database)

    static func sentence(_ statement: String) throws -> String {
        let root = try JSONNodeParser.parse(Sample.policy(statement))
        return describer.sentence(try #require(PolicyReader.read(root).policy.statements.first))
    }

    /// The intent "their Studio apps" over `app/*`: any user's apps.
    @Test func appsOfEveryUserAreNotTheCallersOwn() throws {
        let text = try Self.sentence(#""Sid": "TheirStudioApps", "Effect": "Allow", "Action": ["sagemaker:CreateApp", "sagemaker:DeleteApp"], "Resource": "arn:aws:sagemaker:us-east-1:111122223333:app/*/*/*/*""#)
        #expect(text.contains("create and delete apps"))
        #expect(text.contains("any app, of any app type, of any user profile, of any domain"))
        #expect(!text.contains("caller"))
    }

    @Test func policyVariablesOfTheCallerMakeItTheCallersOwn() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": "sagemaker:CreatePresignedDomainUrl", "Resource": "arn:aws:sagemaker:us-east-1:111122223333:user-profile/${sagemaker:DomainId}/${sagemaker:UserProfileName}""#)
        #expect(text.contains("the caller's own user profile, of the caller's own domain in us-east-1 of account 111122223333"))
    }

    @Test func actionsAreGroupedByWhatTheyActOn() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:ListTrainingJobs", "sagemaker:StopProcessingJob"], "Resource": "*""#)
        #expect(text == "Allows sagemaker: create, describe and list training jobs and stop processing jobs, on any resource.")
    }

    @Test func aPatternSaysHowManyActionsItNames() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": "sagemaker:Describe*", "Resource": "*""#)
        #expect(text.contains("Describe* ("))
        #expect(text.contains("actions today)"))
    }

    @Test func eachConditionIsSaidInWords() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["subnet-0a1b2c3d4e5f67890"]}, "Null": {"sagemaker:VpcSubnets": "false"}, "ArnEquals": {"sagemaker:VolumeKmsKey": "\#(Sample.key)"}}"#)
        #expect(text.contains("any training job in any region of any account"))
        #expect(text.contains("every VPC subnet given is subnet-0a1b2c3d4e5f67890"))
        #expect(text.contains("the VPC subnet is given"))
        #expect(text.contains("the volume KMS key is \(Sample.key)"))
    }

    @Test func anIfExistsConditionSaysItHoldsOnlyWhenGiven() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:*:*:training-job/*", "Condition": {"ArnEqualsIfExists": {"sagemaker:OutputKmsKey": "\#(Sample.key)"}}"#)
        #expect(text.contains("the output KMS key is \(Sample.key) (when given)"))
    }

    @Test func aTrustStatementSaysWhoMayAssumeTheRole() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"sts:ExternalId": "7e1f0c2a"}}"#)
        #expect(text == "Allows any principal of account 444455556666 that its own policies allow to assume the role and tag the session, only when the external id is 7e1f0c2a.")
    }

    @Test func aBucketAndItsObjectsAreNamed() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::\#(Sample.bucket)", "arn:aws:s3:::\#(Sample.bucket)/*"]"#)
        #expect(text.contains("the bucket \(Sample.bucket)"))
        #expect(text.contains("any object, of the bucket \(Sample.bucket)"))
    }

    @Test func theExplanationOfAPlanShowsTheMeaningBesideTheIntent() throws {
        let text = PlanExplainer.text(try Sample.plan(), catalog: Sample.catalog, describer: Self.describer)
        let lines = text.split(separator: "\n")
        let statements = lines.filter { $0.hasPrefix("  ") && ($0.dropFirst(2).first?.isNumber ?? false) }
        #expect(statements.count > 5)
        #expect(lines.filter { $0.hasPrefix("     meaning: ") }.count == statements.count)
        #expect(lines.filter { $0.hasPrefix("     why: ") }.count == statements.count)
    }
}

extension StatementDescriberTests {
    /// A log group's name holds slashes and its stream follows a colon: each part is read up to the next literal.
    @Test func aLogStreamIsReadAcrossColonsAndSlashes() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:log-stream:*""#)
        #expect(text.contains("any log stream, of the log group /aws/sagemaker/TrainingJobs in us-east-1 of account 111122223333"))
    }

    @Test func aVersionedActionNameIsPluralisedBeforeItsVersion() throws {
        let text = try Self.sentence(#""Effect": "Allow", "Action": "sagemaker:CreateAutoMLJobV2", "Resource": "arn:aws:sagemaker:*:*:automl-job/*""#)
        #expect(text.contains("create auto ML jobs V2"))
    }
}
