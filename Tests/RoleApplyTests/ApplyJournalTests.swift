import AWSClient
import Foundation
import RoleApply
import RoleEngine
import Testing

/// A SageMaker stand-in that answers CreateUserProfile only once `width` calls wait at the
/// same time (or a generous timeout passed): how wide onboarding really runs.
final class ConcurrencyProbeTransport: HTTPTransport, @unchecked Sendable {
    private let condition = NSCondition()
    private var inFlight = 0
    private(set) var widest = 0
    let width: Int

    init(width: Int) { self.width = width }

    func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
        let target = request.headers.first { $0.name == "X-Amz-Target" }?.value ?? ""
        guard target.hasSuffix("CreateUserProfile") else {
            return HTTPResponse(status: 200, body: Data(#"{"UserProfiles":[]}"#.utf8))
        }
        condition.lock()
        inFlight += 1
        widest = max(widest, inFlight)
        condition.broadcast()
        let deadline = Date().addingTimeInterval(10)
        while widest < width && condition.wait(until: deadline) {}
        inFlight -= 1
        condition.unlock()
        return HTTPResponse(status: 200, body: Data(#"{"UserProfileArn":"arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-x/u"}"#.utf8))
    }
}

@Suite("apply journal, rollback report and concurrency")
struct ApplyJournalTests {
    @Test func onboardingRunsAsManyCallsAtOnceAsAskedNotAsManyAsCores() throws {
        let probe = ConcurrencyProbeTransport(width: 16)
        let client = SageMakerClient(client: ServiceClient(
            endpoint: try EndpointResolver(region: "us-east-1", override: "http://127.0.0.1:9").endpoint(for: .sagemaker),
            credentials: StaticCredentialProvider(Fixture.keys), transport: probe, retry: RetryPolicy(maxAttempts: 1)))
        let rows = (1...32).map { OnboardingRow(user: "user-\($0)") }
        let domain = SageMakerClient.Domain(id: "d-x", name: "x", status: "InService", authMode: "IAM")
        let results = try Onboarder(sageMaker: client).run(domain: domain, rows: rows, roleArn: "arn:aws:iam::123456789012:role/R",
                                                           image: nil, concurrency: 16) { _, _, _ in }
        #expect(results.allSatisfy { $0.status == .created })
        #expect(probe.widest == 16)
    }

    @Test func documentsAreTheSameWhateverTheirSpacingAndKeyOrder() {
        let ours = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":10}}}]}"#
        let iams = """
        {"Statement": [{"Resource": "*", "Effect": "Allow", "Action": ["s3:GetObject"],
          "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": false}}}],
         "Version": "2012-10-17"}
        """
        #expect(JSONEquivalence.same(ours, iams))
    }

    @Test func documentsThatDifferInAValueOrOrderOfAListDiffer() {
        let base = #"{"Statement":[{"Action":["s3:GetObject","s3:PutObject"]}]}"#
        #expect(!JSONEquivalence.same(base, #"{"Statement":[{"Action":["s3:PutObject","s3:GetObject"]}]}"#))
        #expect(!JSONEquivalence.same(base, #"{"Statement":[{"Action":["s3:GetObject"]}]}"#))
        #expect(!JSONEquivalence.same(#"{"a":false}"#, #"{"a":"false"}"#))
        #expect(!JSONEquivalence.same(#"{"a":1}"#, #"{"a":2}"#))
        #expect(!JSONEquivalence.same(#"{"a":1}"#, #"{"a":true}"#))
        #expect(!JSONEquivalence.same(#"{"a":[0]}"#, #"{"a":[false]}"#))
        #expect(JSONEquivalence.same(#"{"a":[true, 1, 0, false]}"#, #"{ "a" : [ true,1,0,false ] }"#))
        #expect(!JSONEquivalence.same("not json", #"{"a":1}"#))
    }

    @Test func aRollbackThatUndidNothingAndLeftNothingSaysNothingHadBeenChanged() {
        #expect(Rollback().lines == ["nothing had been changed"])
    }

    @Test func aRollbackWithItemsItCouldNotUndoNeverSaysNothingHadBeenChanged() {
        var rollback = Rollback()
        rollback.notUndone = ["deleted policy P: DeleteConflict"]
        rollback.journal = "/state/smrole/apply/1/R.journal.json"
        #expect(!rollback.lines.contains("nothing had been changed"))
        #expect(rollback.lines.contains("could NOT be undone (still in the account):"))
        #expect(rollback.lines.contains { $0.contains("--rollback") })
    }

    @Test func aRollbackPastItsTimeLimitKeepsEverythingInTheJournal() throws {
        let record = JournalRecord(account: "123456789012", role: "R", entries: [
            JournalEntry(.createdPolicy(name: "R-a", arn: "arn:aws:iam::123456789012:policy/R-a"), done: true),
            JournalEntry(.createdRole(name: "R"), done: true),
        ])
        let store = MemoryJournalStore(record)
        // An endpoint that does not answer: the time limit, not the calls, ends the rollback.
        let iam = try AWSSession(region: "us-east-1", credentials: StaticCredentialProvider(Fixture.keys),
                                 endpoints: EndpointResolver(region: "us-east-1", override: "http://127.0.0.1:9"),
                                 transport: CurlTransport(), retry: RetryPolicy(maxAttempts: 1)).iam()
        let applier = RoleApplier(iam: iam, journals: { _, _ in store }, limits: ApplyLimits(rollbackTime: 0))
        let plan = Fixture.plan(persona: "compute")
        let result = try #require(try applier.rollBackUnfinished(plan))
        #expect(result.rollback.undone.isEmpty)
        #expect(result.rollback.abandoned == ["deleted role R", "deleted policy R-a"])
        #expect(result.rollback.lines.contains { $0.contains("time limit") })
        #expect(try store.load()?.entries.count == 2)
    }

    @Test func theJournalOnDiskIsPrivateAndSurvivesTheProcessThatWroteIt() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-journal-\(UUID().uuidString)").path
        let store = FileJournalStore(account: "123456789012", role: "..", environment: ["XDG_STATE_HOME": state])
        let record = JournalRecord(account: "123456789012", role: "..", entries: [JournalEntry(.createdRole(name: ".."))])
        try store.save(record)
        // The role name `..` never becomes a path of its own: the file stays in the account folder.
        #expect(store.path.hasPrefix(state + "/smrole/apply/123456789012/"))
        #expect(URL(fileURLWithPath: store.path).deletingLastPathComponent().path == state + "/smrole/apply/123456789012")
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let reread = FileJournalStore(account: "123456789012", role: "..", environment: ["XDG_STATE_HOME": state])
        #expect(try reread.load() == record)
        try reread.remove()
        #expect(try reread.load() == nil)
    }

    @Test func aJournalThatIsNotJSONIsNamedAndNothingIsChanged() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-journal-\(UUID().uuidString)").path
        let store = FileJournalStore(account: Fixture.account, role: "SageMaker-compute", environment: ["XDG_STATE_HOME": state])
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        try "{ truncated".write(toFile: store.path, atomically: true, encoding: .utf8)
        let transport = FaultyTransport(CurlTransport())
        let iam = try AWSSession(region: "us-east-1", credentials: StaticCredentialProvider(Fixture.keys),
                                 endpoints: EndpointResolver(region: "us-east-1", override: "http://127.0.0.1:9"),
                                 transport: transport).iam()
        #expect {
            try RoleApplier(iam: iam, journals: { _, _ in store }).apply(Fixture.plan(persona: "compute"), update: false)
        } throws: { error in
            guard case ApplyError.journal(let reason) = error else { return false }
            return reason.contains(store.path) && reason.contains("cannot be read")
        }
        #expect(transport.actions.isEmpty)
    }
}
