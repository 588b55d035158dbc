import RoleEngine
import RoleExport
import Testing

/// What the Data Scientist's role (the lab's answers, with VPC and KMS) lets a Studio user do
/// in today's SageMaker, and what it still refuses, evaluated by smrole's own simulator. The
/// SDK-recorded workflows in Tests/workflows check the same against an independent evaluator.
@Suite struct TodaysWorkflowGrantsTests {
    static let region = "us-east-1"
    static let sm = "arn:aws:sagemaker:us-east-1:111122223333:"
    /// The Studio session of user `ana` in domain `d-abc123`.
    static let ana = ["sagemaker:DomainId=d-abc123", "sagemaker:UserProfileName=ana"]
    static let anaProfile = sm + "user-profile/d-abc123/ana"

    static let simulator: PolicySimulator = {
        let spec = RoleSpec(
            role: RoleSettings(name: "SageMaker-DataScientist"), persona: "data-scientist",
            account: Sample.account, region: region,
            network: NetworkSettings(subnets: [Sample.subnet], securityGroups: [Sample.securityGroup]),
            encryption: EncryptionSettings(volumeKeys: [Sample.key], dataKeys: [Sample.key]),
            activities: [
                ActivitySelection(id: "run-studio-apps"),
                ActivitySelection(id: "manage-ml-jobs", parameters: ["passRoles": [Sample.computeRole]]),
                ActivitySelection(id: "manage-models", parameters: ["passRoles": [Sample.computeRole]]),
                ActivitySelection(id: "manage-pipelines", parameters: ["passRoles": [Sample.computeRole]]),
                ActivitySelection(id: "manage-experiments"),
                ActivitySelection(id: "s3-bucket-access", parameters: ["s3Buckets": [Sample.bucket]]),
            ])
        return PolicySimulator(plan: try! RoleBuilder(catalog: Sample.catalog).build(spec))
    }()

    static func allowed(_ action: String, _ resource: String, _ context: [String] = []) -> Bool {
        simulator.evaluate(.init(action: action, resource: resource, context: try! RequestContext.parse(context))).allowed
    }

    @Test func aUserCreatesAndOpensJupyterLabInTheirOwnPrivateSpace() {
        let owned = Self.ana + ["sagemaker:OwnerUserProfileArn=\(Self.anaProfile)", "sagemaker:SpaceSharingType=Private"]
        #expect(Self.allowed("sagemaker:CreateSpace", Self.sm + "space/d-abc123/ana-lab", owned))
        #expect(Self.allowed("sagemaker:CreateApp", Self.sm + "app/d-abc123/ana-lab/jupyterlab/default", owned))
        #expect(Self.allowed("sagemaker:AddTags", Self.sm + "space/d-abc123/ana-lab", Self.ana + ["sagemaker:TaggingAction=CreateSpace"]))
        #expect(Self.allowed("sagemaker:CreatePresignedDomainUrl", Self.anaProfile, Self.ana))
    }

    @Test func aUserStartsAppsInTheirDomainsSharedSpaces() {
        let shared = Self.ana + ["sagemaker:SpaceSharingType=Shared", "sagemaker:OwnerUserProfileArn=\(Self.sm)user-profile/d-abc123/bo"]
        #expect(Self.allowed("sagemaker:CreateApp", Self.sm + "app/d-abc123/team-space/codeeditor/default", shared))
    }

    @Test func aUserCannotTouchAnotherUsersPrivateSpaceOrApps() {
        let bos = Self.ana + ["sagemaker:OwnerUserProfileArn=\(Self.sm)user-profile/d-abc123/bo", "sagemaker:SpaceSharingType=Private"]
        #expect(!Self.allowed("sagemaker:DeleteSpace", Self.sm + "space/d-abc123/bo-lab", bos))
        #expect(!Self.allowed("sagemaker:DeleteApp", Self.sm + "app/d-abc123/bo-lab/jupyterlab/default", bos))
        #expect(!Self.allowed("sagemaker:CreatePresignedDomainUrl", Self.sm + "user-profile/d-abc123/bo", Self.ana))
        // Studio Classic: another user's apps are another user's.
        #expect(!Self.allowed("sagemaker:DeleteApp", Self.sm + "app/d-abc123/bo/jupyterserver/default", Self.ana))
        #expect(Self.allowed("sagemaker:DeleteApp", Self.sm + "app/d-abc123/ana/jupyterserver/default", Self.ana))
    }

    @Test func noAppsOrSpacesInAnotherDomainNorOutsideStudio() {
        let owned = Self.ana + ["sagemaker:OwnerUserProfileArn=\(Self.anaProfile)", "sagemaker:SpaceSharingType=Private"]
        #expect(!Self.allowed("sagemaker:CreateSpace", Self.sm + "space/d-other/ana-lab", owned))
        // Without a Studio session there is no domain to act in.
        #expect(!Self.allowed("sagemaker:DeleteApp", Self.sm + "app/d-abc123/ana/jupyterserver/default"))
    }

    @Test func existingResourcesCannotBeRetaggedAndImagesNotConfigured() {
        #expect(!Self.allowed("sagemaker:AddTags", Self.sm + "space/d-abc123/bo-lab", Self.ana))
        #expect(!Self.allowed("sagemaker:CreateAppImageConfig", Self.sm + "app-image-config/custom"))
    }

    @Test func estimatorFitStreamsItsLogsAndTagsItsJob() {
        let group = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs"
        #expect(Self.allowed("logs:DescribeLogStreams", group))
        #expect(Self.allowed("logs:GetLogEvents", group + ":log-stream:job-1/algo-1-1700000000"))
        #expect(!Self.allowed("logs:GetLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:log-stream:s"))
        #expect(Self.allowed("sagemaker:AddTags", Self.sm + "training-job/job-1", ["sagemaker:TaggingAction=CreateTrainingJob"]))
    }

    @Test func autoMLV2RunsOnlyInTheListedNetworkWithTheListedKeys() {
        let inside = ["sagemaker:VpcSubnets=\(Sample.subnet)", "sagemaker:VpcSecurityGroupIds=\(Sample.securityGroup)",
                      "sagemaker:VolumeKmsKey=\(Sample.key)", "sagemaker:OutputKmsKey=\(Sample.key)"]
        #expect(Self.allowed("sagemaker:CreateAutoMLJobV2", Self.sm + "automl-job/a", inside))
        #expect(!Self.allowed("sagemaker:CreateAutoMLJobV2", Self.sm + "automl-job/a", Array(inside.dropFirst(2))))
    }

    @Test func pipelineUpsertUpdatesAnExistingPipeline() {
        #expect(Self.allowed("sagemaker:UpdatePipeline", Self.sm + "pipeline/train"))
    }

    @Test func anExperimentsRunLoadsAndLogsWithoutSearchExperiments() {
        #expect(Self.allowed("sagemaker:DescribeExperiment", Self.sm + "experiment/e"))
        #expect(Self.allowed("sagemaker:DescribeTrialComponent", Self.sm + "experiment-trial-component/tc"))
        #expect(Self.allowed("sagemaker:BatchPutMetrics", Self.sm + "experiment-trial-component/tc"))
    }

    @Test func encryptedBucketsStayUsableThroughS3Only() {
        #expect(Self.allowed("kms:GenerateDataKey", Sample.key, ["kms:ViaService=s3.us-east-1.amazonaws.com"]))
        #expect(!Self.allowed("kms:GenerateDataKey", Sample.key))
    }
}
