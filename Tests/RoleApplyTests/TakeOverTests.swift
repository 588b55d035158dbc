import AWSClient
import Foundation
import RoleApply
import RoleEngine
import RoleImport
import Glibc
import Testing

nonisolated(unsafe) var takeOverMotoProcess: pid_t = 0

/// Roles Role Manager made (the committed fixtures, built from its templates) put into moto,
/// read back by `RoleReader`, imported, and taken over by `apply --update`. The KMS variants
/// cannot be put into IAM: the construct writes bare key ids as resources, which IAM (and moto)
/// refuse, so these roles are the plain variants; the VPC/KMS ones are imported from files
/// (RoleImportTests, ImportCommandTests).
@Suite("import and take-over against moto", .serialized,
       .enabled(if: MotoServer.available, "moto is installed by `make test` (make deps)"))
struct TakeOverTests {
    let moto: MotoServer
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../fixtures/role-manager-roles").standardized
    static let names = PolicyNameRecognizer(catalog: Fixture.catalog)

    /// A server of this suite's own: the shared one is reset by the other apply suites, which
    /// run at the same time. Killed by its PID at exit.
    static let ownServer: MotoServer? = {
        guard let server = try? MotoServer() else { return nil }
        takeOverMotoProcess = server.process.processIdentifier
        atexit { if takeOverMotoProcess > 0 { kill(takeOverMotoProcess, SIGKILL) } }
        return server
    }()

    init() throws { moto = try #require(Self.ownServer, "moto did not start") }

    /// Resets moto and makes sure it was (the role is gone): under load a reset can be lost.
    func reset(_ role: RoleSnapshot) throws {
        for _ in 0..<10 {
            moto.reset()
            if try iam().getRole(role.name) == nil { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        Issue.record("moto did not reset")
    }

    func iam(_ transport: any HTTPTransport = CurlTransport()) throws -> IAMClient {
        try Fixture.session(moto, transport: transport).iam()
    }

    static func fixture(_ persona: String, _ maker: String, settings: Bool = false) throws -> RoleSnapshot {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("\(persona)-\(maker)\(settings ? "-vpc-kms" : "").json"))
        return try AuthorizationDetailsReader.role(named: "SageMaker-\(persona)-\(maker)", in: data)
    }

    /// Creates the role in moto as Role Manager left it; returns the managed policies' ARNs.
    @discardableResult
    func seed(_ role: RoleSnapshot) throws -> [String] {
        let iam = try iam()
        var arns: [String] = []
        for policy in role.attachedPolicies {
            arns.append(try iam.createPolicy(name: policy.name, path: policy.path, description: "", document: policy.document!))
        }
        _ = try iam.createRole(name: role.name, path: role.path, trustPolicy: role.trustPolicy, description: nil,
                               maxSessionDuration: 3600, permissionsBoundary: nil, tags: role.tags.map { ($0.key, $0.value) })
        for arn in arns { try iam.attachRolePolicy(role.name, policyArn: arn) }
        for policy in role.inlinePolicies { try iam.putRolePolicy(role.name, name: policy.name, document: policy.document) }
        return arns
    }

    func importedPlan(_ name: String) throws -> RolePlan {
        let snapshot = try #require(try RoleReader(iam: try iam()).read(name))
        let result = try RoleImporter(catalog: Fixture.catalog).importRole(snapshot)
        return try RoleBuilder(catalog: Fixture.catalog).build(result.spec)
    }

    func applier(_ transport: any HTTPTransport = CurlTransport()) throws -> RoleApplier {
        let names = Self.names
        return RoleApplier(iam: try iam(transport), retiring: { names.origin(of: $0, roleName: "").isRoleManagers })
    }

    @Test(arguments: ["data-scientist", "mlops", "compute"], ["console", "construct"])
    func aRoleReadFromIAMImportsAsItsAuthorizationDetailsDo(_ persona: String, _ maker: String) throws {
        let role = try Self.fixture(persona, maker)
        try reset(role)
        try seed(role)
        let read = try #require(try RoleReader(iam: try iam()).read(role.name))
        #expect(read.attachedPolicies.map(\.name).sorted() == role.attachedPolicies.map(\.name).sorted())
        #expect(read.inlinePolicies.map(\.name).sorted() == role.inlinePolicies.map(\.name).sorted())
        let fromIAM = try RoleImporter(catalog: Fixture.catalog).importRole(read).spec
        let fromFile = try RoleImporter(catalog: Fixture.catalog).importRole(role).spec
        #expect(fromIAM.persona == persona)
        #expect(fromIAM.activities == fromFile.activities)
        #expect(fromIAM.network == fromFile.network && fromIAM.encryption == fromFile.encryption)
    }

    @Test(arguments: ["console", "construct"])
    func updateReplacesRoleManagersPoliciesCreatingAndAttachingBeforeDetachingAndDeleting(_ maker: String) throws {
        let role = try Self.fixture("data-scientist", maker)
        try reset(role)
        let old = try seed(role)
        let plan = try importedPlan(role.name)
        let transport = FaultyTransport(CurlTransport())
        let report = try applier(transport).apply(plan, update: true)
        #expect(report.outcome == .updated)
        let iam = try iam()
        #expect(Set(try iam.listAttachedRolePolicies(role.name)) == Set(plan.policies.map { plan.arn(of: $0)! }))
        #expect(try iam.listRolePolicies(role.name).isEmpty)
        for arn in old { #expect(try iam.getPolicy(arn) == nil) }
        let writes = transport.writes
        let lastNew = writes.lastIndex { $0 == "CreatePolicy" || $0 == "AttachRolePolicy" }!
        let firstOld = writes.firstIndex { ["DetachRolePolicy", "DeletePolicy", "DeleteRolePolicy"].contains($0) }!
        #expect(lastNew < firstOld, "\(writes)")
    }

    @Test func anOldPolicyAnotherRoleUsesIsDetachedButKept() throws {
        let role = try Self.fixture("compute", "console")
        try reset(role)
        let old = try seed(role)
        let iam = try iam()
        _ = try iam.createRole(name: "Other", path: "/", trustPolicy: role.trustPolicy, description: nil,
                               maxSessionDuration: 3600, permissionsBoundary: nil, tags: [])
        try iam.attachRolePolicy("Other", policyArn: old[0])
        let plan = try importedPlan(role.name)
        #expect(try applier().differences(plan).contains { $0.hasPrefix("keep policy") && $0.contains("role/Other") })
        _ = try applier().apply(plan, update: true)
        #expect(try iam.getPolicy(old[0]) != nil)
        #expect(!(try iam.listAttachedRolePolicies(role.name)).contains(old[0]))
        #expect(try iam.listAttachedRolePolicies("Other") == [old[0]])
    }

    @Test func theDryRunDifferencesNameTheTakeOverInTheOrderItHappens() throws {
        let role = try Self.fixture("compute", "construct")
        try reset(role)
        try seed(role)
        let plan = try importedPlan(role.name)
        let differences = try applier().differences(plan)
        let missing = try #require(differences.firstIndex { $0.hasSuffix(": missing") && $0.hasPrefix("policy") })
        let attach = try #require(differences.firstIndex { $0.hasPrefix("attach ") })
        let delete = try #require(differences.firstIndex { $0.hasPrefix("delete inline policy SM_ComputeExecutionRole") })
        #expect(missing < attach && attach < delete, "\(differences)")
    }

    @Test(arguments: ["console", "construct"])
    func aFailureAtAnyWriteOfTheTakeOverLeavesRoleManagersRoleAsItWas(_ maker: String) throws {
        let role = try Self.fixture("mlops", maker, settings: false)
        try reset(role)
        try seed(role)
        let plan = try importedPlan(role.name)
        let counting = FaultyTransport(CurlTransport())
        _ = try applier(counting).apply(plan, update: true)
        let writes = counting.writes.count
        #expect(writes > 10)
        for failAt in 1...writes {
            try reset(role)
            let old = try seed(role)
            let iam = try iam()
            let before = (attached: Set(try iam.listAttachedRolePolicies(role.name)), inline: try iam.listRolePolicies(role.name).sorted(),
                          trust: try iam.getRole(role.name)!.trustPolicy)
            let transport = FaultyTransport(CurlTransport())
            transport.failWrite = failAt
            #expect(throws: ApplyError.self, "failing write \(failAt)") { try applier(transport).apply(plan, update: true) }
            #expect(Set(try iam.listAttachedRolePolicies(role.name)) == before.attached, "failing write \(failAt)")
            #expect(try iam.listRolePolicies(role.name).sorted() == before.inline, "failing write \(failAt)")
            for (arn, policy) in zip(old, role.attachedPolicies) {
                let stored = try #require(try iam.getPolicy(arn), "failing write \(failAt)")
                #expect(RoleApplierProbe.same(try iam.getPolicyDocument(arn, version: stored.defaultVersionId), policy.document!))
            }
            for policy in plan.policies { #expect(try iam.getPolicy(plan.arn(of: policy)!) == nil, "failing write \(failAt)") }
            #expect(RoleApplierProbe.same(try iam.getRole(role.name)!.trustPolicy, before.trust))
        }
    }
}
