import Testing
@testable import RoleEngine

@Suite("Packing within IAM quotas")
struct PolicyPackerTests {
    static let allWithStatements = Sample.catalog.activities.filter { !$0.statements.isEmpty }.map(\.id)

    @Test func policySizeIgnoresWhitespace() {
        #expect(PolicySize.measure("{ \"a\" :\n\t\"b\" }") == 9)
    }

    @Test func policySizeCountsNonAsciiAsUtf8Bytes() {
        #expect(PolicySize.measure("\"é\"") == 4)
    }

    @Test func everyActivityAtOnceIsMergedIntoAtMostTenPolicies() throws {
        let plan = try Sample.build(Sample.spec(activities: Self.allWithStatements, vpc: true, kms: true))
        #expect(plan.attachmentCount <= 10)
        #expect(plan.policies.allSatisfy { $0.size <= PolicyPacker.policySizeLimit })
        #expect(plan.policies.contains { $0.name.hasPrefix("SageMaker-Test-bundle-") })
        #expect(Set(plan.policies.flatMap(\.activities)) == Set(Self.allWithStatements))
        #expect(plan.warnings.contains { $0.contains("merged") })
    }

    @Test func mergingKeepsEveryStatement() throws {
        let spec = Sample.spec(activities: Self.allWithStatements, vpc: true, kms: true)
        let merged = try Sample.build(spec)
        let separate = try Sample.build(spec, quota: 20)
        #expect(Set(merged.allStatements.compactMap(\.sid)) == Set(separate.allStatements.compactMap(\.sid)))
    }

    @Test func aRaisedQuotaKeepsOnePolicyPerActivity() throws {
        let plan = try Sample.build(Sample.spec(activities: Self.allWithStatements), quota: 20)
        #expect(plan.policies.count == Self.allWithStatements.count)
        #expect(plan.managedPolicyQuota == 20)
    }

    @Test(arguments: [9, 21])
    func quotasOutsideTenToTwentyAreRefused(quota: Int) {
        #expect(throws: RoleSpecError.self) { try Sample.build(Sample.spec(activities: ["s3-full-access"]), quota: quota) }
    }

    @Test func anActivityTooLargeForOnePolicyIsSplitIntoParts() throws {
        var spec = Sample.spec(activities: ["s3-bucket-access"])
        spec.activities![0].parameters["s3Buckets"] = (1...300).map { "team-data-bucket-number-\($0)" }
        let plan = try Sample.build(spec)
        #expect(plan.policies.count > 1)
        #expect(plan.policies[0].name == "SageMaker-Test-s3-bucket-access")
        #expect(plan.policies[1].name == "SageMaker-Test-s3-bucket-access-part2")
        #expect(plan.policies.allSatisfy { $0.size <= PolicyPacker.policySizeLimit })
        let buckets = plan.allStatements.filter { $0.actions == ["s3:ListBucket"] }.flatMap(\.resources)
        #expect(buckets.count == 300)
    }

    @Test func whenNothingFitsTheErrorSaysWhatToDrop() throws {
        var spec = Sample.spec(activities: ["s3-bucket-access"])
        spec.managedPolicies = (1...10).map { "arn:aws:iam::111122223333:policy/extra-\($0)" }
        #expect {
            try Sample.build(spec)
        } throws: { error in
            let text = (error as? QuotaError)?.description ?? ""
            return text.contains("needs 11 managed policies, but IAM attaches at most 10")
                && text.contains("Drop at least 1")
                && text.contains("managed policy arn:aws:iam::111122223333:policy/extra-1")
                && text.contains("activity S3 Bucket Access")
                && text.contains("--max-managed-policies")
        }
    }

    @Test func theManagedPoliciesUsersAddCountAgainstTheQuota() throws {
        var spec = Sample.spec(activities: ["manage-ml-jobs", "manage-models", "manage-pipelines"])
        spec.managedPolicies = (1...8).map { "arn:aws:iam::111122223333:policy/extra-\($0)" }
        let plan = try Sample.build(spec)
        #expect(plan.attachmentCount == 10)
        #expect(plan.policies.map(\.name) == ["SageMaker-Test-manage-ml-jobs", "SageMaker-Test-bundle-1"])
        #expect(plan.policies[1].activities == ["manage-models", "manage-pipelines"])
    }
}
