import AWSClient
import Foundation
import RoleApply
import RoleEngine
import Testing

@Suite("apply against moto", .serialized, .enabled(if: MotoServer.available, "moto is installed by `make test` (make deps)"))
struct ApplyTests {
    let moto: MotoServer

    init() throws { moto = try #require(MotoServer.shared, "moto did not start") }

    func iam(_ transport: any HTTPTransport = CurlTransport()) throws -> IAMClient {
        try Fixture.session(moto, transport: transport).iam()
    }

    /// What IAM holds for a plan, read back call by call.
    func expectMatches(_ plan: RolePlan) throws {
        let iam = try iam()
        let role = try #require(try iam.getRole(plan.roleName))
        #expect(role.path == plan.path)
        #expect(role.description == plan.description)
        #expect(role.maxSessionDuration == plan.maxSessionDuration)
        #expect(RoleApplierProbe.same(role.trustPolicy, plan.trustPolicy.json.minified()))
        #expect(try iam.listRoleTags(plan.roleName) == Dictionary(uniqueKeysWithValues: plan.tags.map { ($0.key, $0.value) }))
        let attached = Set(try iam.listAttachedRolePolicies(plan.roleName))
        #expect(attached == Set(plan.policies.map { plan.arn(of: $0)! } + plan.managedPolicyArns))
        for policy in plan.policies {
            let stored = try #require(try iam.getPolicy(plan.arn(of: policy)!))
            #expect(stored.path == policy.path)
            #expect(RoleApplierProbe.same(try iam.getPolicyDocument(stored.arn, version: stored.defaultVersionId), policy.document.json.minified()))
        }
    }

    @Test(arguments: ["data-scientist", "mlops", "compute"])
    func applyCreatesExactlyThePlannedRole(persona: String) throws {
        moto.reset()
        let plan = Fixture.plan(persona: persona, managed: persona == "mlops" ? ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"] : [])
        let transport = FaultyTransport(CurlTransport())
        let report = try RoleApplier(iam: try iam(transport)).apply(plan, update: false)
        #expect(report.outcome == .created)
        // The fewest calls: one per policy, one for the role (with its tags), one per attachment.
        #expect(transport.writes.count == plan.policies.count + 1 + plan.attachmentCount)
        try expectMatches(plan)
    }

    @Test func aRerunWithTheSameAnswersChangesNothing() throws {
        moto.reset()
        let plan = Fixture.plan(persona: "data-scientist")
        _ = try RoleApplier(iam: try iam()).apply(plan, update: false)
        let transport = FaultyTransport(CurlTransport())
        let report = try RoleApplier(iam: try iam(transport)).apply(plan, update: false)
        #expect(report.outcome == .unchanged)
        #expect(transport.writes.isEmpty)
    }

    @Test func aDifferentRoleIsShownAndLeftAloneWithoutUpdate() throws {
        moto.reset()
        _ = try RoleApplier(iam: try iam()).apply(Fixture.plan(persona: "data-scientist"), update: false)
        let changed = Fixture.plan(persona: "data-scientist", tags: [RoleTag(key: "team", value: "ai")])
        let transport = FaultyTransport(CurlTransport())
        #expect(throws: ApplyError.self) { try RoleApplier(iam: try self.iam(transport)).apply(changed, update: false) }
        #expect(transport.writes.isEmpty)
        #expect(try RoleApplier(iam: try iam()).differences(changed) == ["tag team: ml → ai"])
    }

    @Test func updateBringsActivitiesTagsAndPoliciesToThePlan() throws {
        moto.reset()
        _ = try RoleApplier(iam: try iam()).apply(Fixture.plan(persona: "data-scientist", tags: [RoleTag(key: "team", value: "ml"), RoleTag(key: "old", value: "x")]), update: false)
        // Drop an activity, add one, change a tag, remove a tag, change a document (VPC on).
        var activities = Fixture.catalog.persona("data-scientist")!.activities.filter { $0 != "manage-experiments" }
        activities.append("manage-endpoints")
        let target = Fixture.plan(persona: "data-scientist", tags: [RoleTag(key: "team", value: "ai")], activities: activities)
        let report = try RoleApplier(iam: try iam()).apply(target, update: true)
        #expect(report.outcome == .updated)
        let attached = Set(try iam().listAttachedRolePolicies(target.roleName))
        #expect(!attached.contains { $0.hasSuffix("manage-experiments") })
        #expect(attached.contains { $0.hasSuffix("manage-endpoints") })
        #expect(try iam().listRoleTags(target.roleName) == ["team": "ai"])
        try expectMatches(target)
        #expect(try RoleApplier(iam: try iam()).apply(target, update: false).outcome == .unchanged)
    }

    @Test func updateReplacesTheOldestVersionAtIAMsLimitOfFive() throws {
        moto.reset()
        let iam = try iam()
        let base = Fixture.plan(persona: "compute")
        _ = try RoleApplier(iam: iam).apply(base, update: false)
        for n in 1...6 {
            let plan = Fixture.plan(persona: "compute", activities: ["access-aws-services"])
            var changed = plan
            changed.policies[0].document.statements[0].sid = "Version\(n)"
            _ = try RoleApplier(iam: iam).apply(changed, update: true)
        }
        let arn = base.arn(of: base.policies[0])!
        #expect(try iam.listPolicyVersions(arn).count == 5)
    }

    @Test func aFailureAtAnyCallLeavesNothingBehind() throws {
        let plan = Fixture.plan(persona: "data-scientist", managed: ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"])
        let writes = plan.policies.count + 1 + plan.attachmentCount
        for failAt in 1...writes {
            moto.reset()
            let transport = FaultyTransport(CurlTransport())
            transport.failWrite = failAt
            let applier = RoleApplier(iam: try iam(transport))
            do throws(ApplyError) {
                _ = try applier.apply(plan, update: false)
                Issue.record("apply should have failed at write \(failAt)")
            } catch {
                guard case .failed(_, let awsError, let rollback) = error else { Issue.record("\(error)"); continue }
                #expect(awsError.code == "LimitExceeded")
                #expect(rollback.isComplete)
            }
            let clean = try iam()
            #expect(try clean.getRole(plan.roleName) == nil, "role left behind after a failure at write \(failAt)")
            for policy in plan.policies {
                #expect(try clean.getPolicy(plan.arn(of: policy)!) == nil, "\(policy.name) left behind after a failure at write \(failAt)")
            }
        }
    }

    @Test func throttlingIsRetriedWithBackoff() throws {
        moto.reset()
        let transport = FaultyTransport(CurlTransport())
        transport.throttleFirst = 3
        let sleeps = SleepLog()
        let retry = RetryPolicy(baseDelay: 0.1, sleep: { sleeps.add($0) })
        let iam = try Fixture.session(moto, transport: transport, retry: retry).iam()
        let report = try RoleApplier(iam: iam).apply(Fixture.plan(persona: "compute"), update: false)
        #expect(report.outcome == .created)
        #expect(transport.actions.prefix(4).allSatisfy { $0 == "GetRole" })
        // Three waits, each within its exponential cap (0.1 s, 0.2 s, 0.4 s).
        #expect(sleeps.values.count == 3)
        #expect(zip(sleeps.values, [0.1, 0.2, 0.4]).allSatisfy { $0 >= 0 && $0 <= $1 })
    }

    @Test func retriesStopAtTheirLimitWithAWSsError() throws {
        let transport = FaultyTransport(CurlTransport())
        transport.throttleFirst = 100
        let session = Fixture.session(moto, transport: transport, retry: RetryPolicy(maxAttempts: 4, sleep: { _ in }))
        #expect(throws: AWSError.self) { _ = try session.iam().getRole("x") }
        #expect(transport.actions.count == 4)
    }
}

enum RoleApplierProbe {
    static func same(_ a: String, _ b: String) -> Bool {
        guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)) as? NSObject,
              let y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) as? NSObject else { return false }
        return x.isEqual(y)
    }
}

final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [TimeInterval] = []
    func add(_ value: TimeInterval) { lock.lock(); recorded.append(value); lock.unlock() }
    var values: [TimeInterval] { lock.lock(); defer { lock.unlock() }; return recorded }
}
