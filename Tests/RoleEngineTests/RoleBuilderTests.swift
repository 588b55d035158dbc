import Testing
@testable import RoleEngine

@Suite("Building a role plan")
struct RoleBuilderTests {
    /// Placeholders in ASCII text are found by a byte scanner, elsewhere by the regular expression: both agree.
    @Test func thePlaceholderScannerFindsWhatTheRegularExpressionFinds() {
        let texts = ["arn:{{partition}}:s3:::{{param:s3Buckets}}/*", "{{{a}}", "{{a}}}", "{{}}", "{{a-b}}", "{a}}",
                     "x{{", "{{a", "{{a}", "}}{{b:c}}{{d}}", "plain", "", "{{A9:z}}tail", "{ {a}}"]
        for text in texts {
            let scanned = TemplateExpander.firstPlaceholder(in: Substring(text))
            let matched = Substring(text).firstMatch(of: TemplateExpander.placeholder)
            #expect(scanned?.range == matched?.range, "\(text)")
            #expect(scanned.map { String($0.name) } == matched.map { String($0.1) }, "\(text)")
        }
    }

    @Test func oneCustomerManagedPolicyPerActivityNamedAfterTheRole() throws {
        let plan = try Sample.build(Sample.spec(name: "SageMaker-DS", activities: ["manage-ml-jobs", "s3-bucket-access"]))
        #expect(plan.policies.map(\.name) == ["SageMaker-DS-manage-ml-jobs", "SageMaker-DS-s3-bucket-access"])
        #expect(plan.policies.allSatisfy { $0.path == "/service-role/" })
        #expect(plan.path == "/service-role/")
    }

    @Test func theTrustPolicyCarriesConfusedDeputyConditionsWhenAccountAndRegionAreKnown() throws {
        let trust = try Sample.build(Sample.spec(activities: ["run-studio-apps"])).trustPolicy.statements[0]
        #expect(trust.principalService == "sagemaker.amazonaws.com")
        #expect(trust.actions == ["sts:AssumeRole"])
        #expect(trust.values("StringEquals", "aws:SourceAccount") == ["111122223333"])
        #expect(trust.values("ArnLike", "aws:SourceArn") == ["arn:aws:sagemaker:us-east-1:111122223333:*"])
    }

    @Test func theTrustPolicyHasNoConditionsWithoutAnAccountAndSaysSo() throws {
        let plan = try Sample.build(Sample.spec(activities: ["run-studio-apps"], account: nil, region: nil))
        #expect(plan.trustPolicy.statements[0].condition.isEmpty)
        #expect(plan.warnings.contains { $0.contains("confused-deputy") })
    }

    @Test func theTrustPolicyDoesNotDependOnTheFirstActivity() throws {
        let a = try Sample.build(Sample.spec(activities: ["manage-glue-tables", "run-studio-apps"])).trustPolicy
        let b = try Sample.build(Sample.spec(activities: ["run-studio-apps", "manage-glue-tables"])).trustPolicy
        #expect(a == b)
    }

    @Test func vpcSettingsGateTheCreateActionsOfJobs() throws {
        let create = try Sample.build(Sample.spec(activities: ["manage-ml-jobs"], vpc: true)).statement("JobsCreate")!
        #expect(create.actions.contains("sagemaker:CreateTrainingJob"))
        #expect(create.values("ForAllValues:StringEquals", "sagemaker:VpcSubnets") == [Sample.subnet])
        #expect(create.values("ForAllValues:StringEquals", "sagemaker:VpcSecurityGroupIds") == [Sample.securityGroup])
        #expect(create.values("Null", "sagemaker:VpcSubnets") == ["false"])
        #expect(create.values("Null", "sagemaker:VpcSecurityGroupIds") == ["false"])
    }

    @Test func transformJobsAreNotVpcGatedBecauseTheyTakeNoVpcConfig() throws {
        let transform = try Sample.build(Sample.spec(activities: ["manage-ml-jobs"], vpc: true, kms: true)).statement("JobsCreateTransform")!
        #expect(transform.actions == ["sagemaker:CreateTransformJob"])
        #expect(transform.values("Null", "sagemaker:VpcSubnets") == nil)
        #expect(transform.values("ArnEquals", "sagemaker:VolumeKmsKey") == [Sample.key])
    }

    @Test func kmsSettingsGateCreateActionsWithKeyArns() throws {
        let plan = try Sample.build(Sample.spec(activities: ["manage-ml-jobs"], kms: true))
        let create = plan.statement("JobsCreate")!
        #expect(create.values("ArnEquals", "sagemaker:VolumeKmsKey") == [Sample.key])
        #expect(create.values("ArnEquals", "sagemaker:OutputKmsKey") == [Sample.dataKey])
        let grant = plan.statement("JobsGrantVolumeKeys")!
        #expect(grant.resources == [Sample.key])
        #expect(grant.values("Bool", "kms:GrantIsForAWSResource") == ["true"])
    }

    @Test func withoutSettingsNoConditionalStatementsAppear() throws {
        let plan = try Sample.build(Sample.spec(activities: ["manage-ml-jobs", "access-aws-services", "run-studio-apps"]))
        #expect(plan.allStatements.allSatisfy { !$0.actions.contains { $0.hasPrefix("kms:") || $0.hasPrefix("ec2:") } })
        #expect(plan.statement("JobsCreate")!.condition.isEmpty)
    }

    @Test func kmsKeyResourcesAreAlwaysArnsNeverBareKeyIds() throws {
        let plan = try Sample.build(Sample.spec(activities: ["access-aws-services", "manage-ml-jobs", "run-studio-apps", "monitor-models", "manage-endpoints", "manage-glue-tables"], kms: true))
        let kmsResources = plan.allStatements.filter { $0.actions.contains { $0.hasPrefix("kms:") } }.flatMap(\.resources)
        #expect(!kmsResources.isEmpty)
        #expect(kmsResources.allSatisfy { $0.hasPrefix("arn:aws:kms:") })
    }

    @Test func stopTransformJobIsGrantedInEveryVariant() throws {
        for (vpc, kms) in [(false, false), (true, false), (false, true), (true, true)] {
            let plan = try Sample.build(Sample.spec(activities: ["manage-ml-jobs"], vpc: vpc, kms: kms))
            #expect(plan.allStatements.contains { $0.actions.contains("sagemaker:StopTransformJob") })
        }
    }

    @Test func monitoringKeepsItsManageStatementWithVpc() throws {
        let plan = try Sample.build(Sample.spec(activities: ["monitor-models"], vpc: true))
        #expect(plan.statement("MonitoringManage")?.actions.contains("sagemaker:DescribeMonitoringSchedule") == true)
    }

    @Test func glueBucketAclActionsUseTheRightResources() throws {
        let plan = try Sample.build(Sample.spec(activities: ["manage-glue-tables"]))
        #expect(plan.statement("GlueReadBucketAcl")?.resources == ["arn:aws:s3:::\(Sample.bucket)"])
        #expect(plan.statement("GlueSetObjectOwnerAcl")?.actions == ["s3:PutObjectAcl"])
        #expect(plan.statement("GlueSetObjectOwnerAcl")?.resources == ["arn:aws:s3:::\(Sample.bucket)/*"])
        #expect(plan.statement("GlueSearchTables")?.resources.contains("arn:aws:glue:us-east-1:111122223333:database/sales_db") == true)
    }

    @Test func athenaDefaultsToThePrimaryWorkgroup() throws {
        var spec = Sample.spec(activities: ["query-athena"])
        spec.activities![0].parameters = [:]
        let plan = try Sample.build(spec)
        #expect(plan.statement("AthenaRunQueries")?.resources == ["arn:aws:athena:us-east-1:111122223333:workgroup/primary"])
        #expect(plan.normalizedSpec.activities?[0].parameters["athenaWorkgroups"] == ["primary"])
    }

    @Test func anOptionalEmptyParameterDropsItsStatement() throws {
        var spec = Sample.spec(activities: ["access-aws-services"])
        spec.activities![0].parameters["ecrRepositories"] = nil
        #expect(try Sample.build(spec).statement("ComputePullImages") == nil)
    }

    @Test func eachParameterValueBecomesAResource() throws {
        var spec = Sample.spec(activities: ["s3-bucket-access"])
        spec.activities![0].parameters["s3Buckets"] = ["bucket-a", "bucket-b"]
        let plan = try Sample.build(spec)
        #expect(plan.statement("S3ListBuckets")?.resources == ["arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-b"])
        #expect(plan.statement("S3ReadWriteObjects")?.resources == ["arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-b/*"])
    }

    @Test func everyStatementRecordsItsProvenance() throws {
        let plan = try Sample.build(Sample.spec(activities: ["manage-ml-jobs"], vpc: true))
        let passRole = plan.statement("JobsPassRole")!
        #expect(passRole.provenance.activity == "manage-ml-jobs")
        #expect(passRole.provenance.parameters == ["activities.manage-ml-jobs.passRoles"])
        #expect(plan.statement("JobsCreate")!.provenance.parameters == ["network.securityGroups", "network.subnets"])
        #expect(plan.allStatements.allSatisfy { !$0.provenance.why.isEmpty })
    }

    @Test func aChinaRegionUsesTheAwsCnPartition() throws {
        var spec = Sample.spec(activities: ["s3-full-access"], region: "cn-north-1")
        spec.account = "111122223333"
        let plan = try Sample.build(spec)
        #expect(plan.statement("S3AllBuckets")?.resources == ["arn:aws-cn:s3:::*"])
        #expect(plan.roleArn == "arn:aws-cn:iam::111122223333:role/service-role/SageMaker-Test")
    }

    @Test func canvasActivitiesAttachManagedPoliciesInsteadOfStatements() throws {
        let plan = try Sample.build(Sample.spec(activities: ["canvas-core", "canvas-mlops"]))
        #expect(plan.policies.isEmpty)
        #expect(plan.managedPolicyArns == ["arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess",
                                          "arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"])
    }

    @Test func aManagedPolicyTheUserAddsTwiceIsAttachedOnceWithAWarning() throws {
        var spec = Sample.spec(activities: ["canvas-core"])
        spec.managedPolicies = ["arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess"]
        let plan = try Sample.build(spec)
        #expect(plan.managedPolicyArns.count == 1)
        #expect(plan.warnings.contains { $0.contains("already attached") })
    }

    @Test func settingsNoActivityUsesAreWarnedAbout() throws {
        let plan = try Sample.build(Sample.spec(activities: ["s3-full-access"], vpc: true, kms: true))
        #expect(plan.warnings.contains { $0.hasPrefix("network:") })
        #expect(plan.warnings.contains { $0.hasPrefix("encryption:") })
    }

    @Test func thePersonaDefaultsAreUsedWhenActivitiesAreOmitted() throws {
        var spec = Sample.spec(persona: "mlops", activities: [])
        spec.activities = nil
        #expect(throws: RoleSpecError.self) { try Sample.build(spec) }  // MLOps needs PassRoles
        spec.activities = Sample.catalog.persona("mlops")!.activities.map(Sample.selection)
        #expect(try Sample.build(spec).policies.count == 5)
    }

    @Test func theSameSpecGivesTheSamePlan() throws {
        let spec = Sample.spec(activities: ["manage-ml-jobs", "access-aws-services"], vpc: true, kms: true)
        let a = try Sample.build(spec), b = try Sample.build(spec)
        #expect(PlanFiles.render(a).map(\.content) == PlanFiles.render(b).map(\.content))
    }
}
