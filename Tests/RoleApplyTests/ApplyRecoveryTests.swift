import AWSClient
import Foundation
import RoleApply
import RoleEngine
import Testing

/// A journal store whose "disk" stops changing at `freeze()`: what a kill -9 leaves behind.
final class FreezingJournalStore: JournalStore, @unchecked Sendable {
    private let guardLock = NSLock()
    private var record: JournalRecord?
    private var frozen = false

    func freeze() { guardLock.lock(); frozen = true; guardLock.unlock() }
    var onDisk: JournalRecord? { guardLock.lock(); defer { guardLock.unlock() }; return record }

    func lock() throws(JournalStoreError) {}
    func unlock() {}
    func load() throws(JournalStoreError) -> JournalRecord? { onDisk }
    func save(_ record: JournalRecord) throws(JournalStoreError) {
        guardLock.lock(); defer { guardLock.unlock() }
        if !frozen { self.record = record }
    }
    func remove() throws(JournalStoreError) {
        guardLock.lock(); defer { guardLock.unlock() }
        if !frozen { record = nil }
    }
    var location: String { "frozen" }
}

final class EntriesBeforeEachWrite: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int] = []
    func add(_ count: Int) { lock.lock(); counts.append(count); lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return counts }
}

/// Interrupted, killed and answer-losing applies: the run ends with exactly the plan, or with
/// nothing it created left behind, and its report says which.
extension ApplyTests {
    func writes(of plan: RolePlan) -> Int { plan.policies.count + 1 + plan.attachmentCount }

    /// Two policies, the role, three attachments (one AWS-managed): both kinds of batch, and
    /// few enough writes to break at every one of them.
    var smallPlan: RolePlan {
        Fixture.plan(persona: "data-scientist", activities: ["manage-ml-jobs", "s3-bucket-access"],
                     managed: ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"])
    }

    func expectNothingLeft(_ plan: RolePlan, _ context: String) throws {
        let iam = try iam()
        #expect(try iam.getRole(plan.roleName) == nil, "role left behind \(context)")
        for policy in plan.policies {
            #expect(try iam.getPolicy(plan.arn(of: policy)!) == nil, "\(policy.name) left behind \(context)")
        }
    }

    @Test func everyChangeIsJournaledBeforeItsCallIsSent() throws {
        moto.reset()
        let plan = Fixture.plan(persona: "data-scientist")
        let store = MemoryJournalStore()
        let transport = FaultyTransport(CurlTransport())
        // How many changes the journal held as each write went out.
        let journaled = EntriesBeforeEachWrite()
        transport.beforeWrite = { _, _ in journaled.add((try? store.load())??.entries.count ?? 0) }
        _ = try RoleApplier(iam: try iam(transport), journals: { _, _ in store }).apply(plan, update: false)
        // Before the n-th write at least n changes were on record (a batch records all of its own).
        #expect(journaled.values.count == writes(of: plan))
        for (n, count) in journaled.values.enumerated() { #expect(count >= n + 1, "write \(n + 1) was not journaled") }
        #expect(try store.load() == nil, "a finished run leaves no journal")
    }

    @Test func aCreateWhoseAnswerIsLostIsAdoptedAtEveryWrite() throws {
        let plan = smallPlan
        for n in 1...writes(of: plan) {
            moto.reset()
            let transport = FaultyTransport(CurlTransport())
            transport.loseReplyOfWrite = n
            let report = try RoleApplier(iam: try iam(transport)).apply(plan, update: false)
            #expect(report.outcome == .created, "lost answer at write \(n)")
            try expectMatches(plan)
            #expect(try RoleApplier(iam: try iam()).apply(plan, update: false).outcome == .unchanged)
        }
    }

    @Test func anAdoptedCreateIsRolledBackWhenALaterCallFails() throws {
        let plan = smallPlan
        for n in 1..<writes(of: plan) {
            moto.reset()
            let transport = FaultyTransport(CurlTransport())
            transport.loseReplyOfWrite = n
            transport.failWrite = writes(of: plan) + 1   // the last write (the retry counts as one)
            let applier = RoleApplier(iam: try iam(transport))
            do throws(ApplyError) {
                _ = try applier.apply(plan, update: false)
                Issue.record("apply should have failed")
            } catch {
                guard case .failed(_, _, let rollback) = error else { Issue.record("\(error)"); continue }
                #expect(rollback.isComplete, "\(rollback.lines)")
            }
            try expectNothingLeft(plan, "after a lost answer at write \(n) and a failure at the end")
        }
    }

    @Test func anAnswerThatIsNotXMLAtAnyWriteIsUndoneAndReportedSo() throws {
        let plan = smallPlan
        for n in 1...writes(of: plan) {
            moto.reset()
            let transport = FaultyTransport(CurlTransport())
            transport.garbleReplyOfWrite = n
            let applier = RoleApplier(iam: try iam(transport))
            let result: Result<RoleApplier.Report, ApplyError>
            do throws(ApplyError) { result = .success(try applier.apply(plan, update: false)) } catch { result = .failure(error) }
            switch result {
            case .success:
                // Attach and detach answers carry nothing to read: an unreadable one is harmless.
                try expectMatches(plan)
            case .failure(.failed(_, let awsError, let rollback)):
                #expect(awsError.description.contains("cannot read"))
                #expect(rollback.isComplete)
                // What reached IAM is listed as undone: the report never says "nothing had been changed".
                #expect(!rollback.undone.isEmpty, "write \(n): \(rollback.lines)")
                try expectNothingLeft(plan, "after an unreadable answer at write \(n)")
            case .failure(let error):
                Issue.record("\(error)")
            }
        }
    }

    @Test func aNameTakenBySomeoneElseIsNeverAdoptedNorDeleted() throws {
        moto.reset()
        let plan = Fixture.plan(persona: "compute")
        let iam = try iam()
        // Someone else's role of the same name appears between the inspection and the create.
        let transport = FaultyTransport(CurlTransport())
        transport.beforeWrite = { _, action in
            if action == "CreateRole" {
                _ = try? iam.createRole(name: plan.roleName, path: plan.path, trustPolicy: #"{"Version":"2012-10-17","Statement":[]}"#,
                                        description: "not ours", maxSessionDuration: 3600, permissionsBoundary: nil, tags: [])
            }
        }
        #expect(throws: ApplyError.self) { try RoleApplier(iam: try self.iam(transport)).apply(plan, update: false) }
        #expect(try iam.getRole(plan.roleName)?.description == "not ours")
        for policy in plan.policies { #expect(try iam.getPolicy(plan.arn(of: policy)!) == nil) }
    }

    /// Kills the run at write `n`, before or after IAM saw it, and returns what the disk holds.
    func killedRun(_ plan: RolePlan, update: Bool, at n: Int, afterIAMSawIt: Bool) throws -> JournalRecord? {
        let store = FreezingJournalStore()
        let transport = FaultyTransport(CurlTransport())
        let kill: (Int, String) -> Void = { number, _ in
            if number == n { store.freeze(); transport.dead = true }
        }
        if afterIAMSawIt { transport.afterWrite = kill } else { transport.beforeWrite = kill }
        _ = try? RoleApplier(iam: try iam(transport), journals: { _, _ in store }).apply(plan, update: update)
        return store.onDisk
    }

    @Test(arguments: [false, true])
    func theNextApplyCompletesARunKilledAtAnyWrite(afterIAMSawIt: Bool) throws {
        let plan = smallPlan
        for n in 1...writes(of: plan) {
            moto.reset()
            let left = try killedRun(plan, update: false, at: n, afterIAMSawIt: afterIAMSawIt)
            #expect(left != nil, "kill at write \(n) left no journal")
            let store = MemoryJournalStore(left)
            let report = try RoleApplier(iam: try iam(), journals: { _, _ in store }).apply(plan, update: false)
            #expect(report.completedUnfinishedRunFrom != nil)
            try expectMatches(plan)
            #expect(try store.load() == nil)
        }
    }

    @Test(arguments: [false, true])
    func rollbackUndoesARunKilledAtAnyWrite(afterIAMSawIt: Bool) throws {
        let plan = smallPlan
        for n in 1...writes(of: plan) {
            moto.reset()
            let store = MemoryJournalStore(try killedRun(plan, update: false, at: n, afterIAMSawIt: afterIAMSawIt))
            let result = try RoleApplier(iam: try iam(), journals: { _, _ in store }).rollBackUnfinished(plan)
            #expect(result?.rollback.isComplete == true)
            try expectNothingLeft(plan, "after --rollback of a kill at write \(n)")
            #expect(try store.load() == nil)
        }
    }

    @Test func rollbackOfAKilledUpdateRestoresTheRoleAsItWas() throws {
        let before = Fixture.plan(persona: "data-scientist", tags: [RoleTag(key: "team", value: "ml"), RoleTag(key: "old", value: "x")])
        var activities = Fixture.catalog.persona("data-scientist")!.activities.filter { $0 != "manage-experiments" }
        activities.append("manage-endpoints")
        var target = Fixture.plan(persona: "data-scientist", tags: [RoleTag(key: "team", value: "ai")], activities: activities)
        target.description = "changed"
        target.policies[0].document.statements[0].sid = "Changed"
        moto.reset()
        _ = try RoleApplier(iam: try iam()).apply(before, update: false)
        // Count the update's writes once, then kill a fresh update at each of them.
        let probe = FaultyTransport(CurlTransport())
        _ = try RoleApplier(iam: try iam(probe)).apply(target, update: true)
        let updateWrites = probe.writes.count
        #expect(updateWrites >= 6)
        for n in 1...updateWrites {
            moto.reset()
            _ = try RoleApplier(iam: try iam()).apply(before, update: false)
            let store = MemoryJournalStore(try killedRun(target, update: true, at: n, afterIAMSawIt: true))
            let result = try RoleApplier(iam: try iam(), journals: { _, _ in store }).rollBackUnfinished(target)
            #expect(result?.rollback.isComplete == true, "\(result?.rollback.lines ?? [])")
            try expectMatches(before)
        }
    }

    @Test func aKilledUpdateIsCompletedByTheNextApply() throws {
        let before = Fixture.plan(persona: "data-scientist")
        var target = Fixture.plan(persona: "data-scientist", tags: [RoleTag(key: "team", value: "ai")])
        target.description = "changed"
        moto.reset()
        _ = try RoleApplier(iam: try iam()).apply(before, update: false)
        let store = MemoryJournalStore(try killedRun(target, update: true, at: 1, afterIAMSawIt: true))
        // Without --update: the unfinished run is this tool's own, so it is completed.
        let report = try RoleApplier(iam: try iam(), journals: { _, _ in store }).apply(target, update: false)
        #expect(report.outcome == .updated)
        try expectMatches(target)
    }

    @Test func aSignalDuringACallStopsTheRunAndUndoesWhatItDid() throws {
        let plan = smallPlan
        for n in 1...writes(of: plan) {
            moto.reset()
            let interruption = ApplyInterruption()
            let transport = FaultyTransport(CurlTransport())
            transport.afterWrite = { number, _ in if number == n { interruption.raise(SIGINT) } }
            let applier = RoleApplier(iam: try iam(transport), interruption: interruption)
            let result: Result<RoleApplier.Report, ApplyError>
            do throws(ApplyError) { result = .success(try applier.apply(plan, update: false)) } catch { result = .failure(error) }
            switch result {
            case .success:
                // The signal came during the last batch, whose calls were all in flight already
                // (the CLI also aborts calls in flight; see ApplyInterruptionTests).
                #expect(n > writes(of: plan) - plan.attachmentCount)
                try expectMatches(plan)
            case .failure(let error):
                guard case .interrupted(let signal, let rollback) = error else { Issue.record("\(error)"); continue }
                #expect(signal == SIGINT && error.exitCode == 130)
                #expect(rollback.isComplete)
                try expectNothingLeft(plan, "after Ctrl-C at write \(n)")
            }
        }
    }

    @Test func aSecondSignalGivesUpTheRollbackAndKeepsWhatIsLeftInTheJournal() throws {
        moto.reset()
        let plan = Fixture.plan(persona: "data-scientist")
        let interruption = ApplyInterruption()
        let store = MemoryJournalStore()
        let transport = FaultyTransport(CurlTransport())
        transport.afterWrite = { _, action in
            if action == "CreateRole" { interruption.raise(SIGINT) }
            if action == "DeleteRole" { interruption.raise(SIGINT) }   // while rolling back
        }
        let applier = RoleApplier(iam: try iam(transport), journals: { _, _ in store }, interruption: interruption)
        do throws(ApplyError) {
            _ = try applier.apply(plan, update: false)
            Issue.record("apply should have been interrupted")
        } catch {
            guard case .interrupted(_, let rollback) = error else { Issue.record("\(error)"); return }
            #expect(rollback.undone == ["deleted role \(plan.roleName)"])
            #expect(rollback.abandoned.count == plan.policies.count)
            #expect(rollback.lines.contains { $0.contains("--rollback") })
            #expect(!rollback.lines.contains("nothing had been changed"))
        }
        #expect(try store.load()?.entries.count == plan.policies.count)
        let result = try RoleApplier(iam: try iam(), journals: { _, _ in store }).rollBackUnfinished(plan)
        #expect(result?.rollback.undone.count == plan.policies.count)
        try expectNothingLeft(plan, "after --rollback of an abandoned rollback")
    }

    @Test func aSecondApplyOfTheSameRoleIsRefusedWhileOneRuns() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-lock-\(UUID().uuidString)").path
        let first = FileJournalStore(account: Fixture.account, role: "SageMaker-compute", environment: ["XDG_STATE_HOME": state])
        let second = FileJournalStore(account: Fixture.account, role: "SageMaker-compute", environment: ["XDG_STATE_HOME": state])
        try first.lock()
        defer { first.unlock() }
        moto.reset()
        let transport = FaultyTransport(CurlTransport())
        #expect {
            try RoleApplier(iam: try self.iam(transport), journals: { _, _ in second }).apply(Fixture.plan(persona: "compute"), update: false)
        } throws: { error in
            guard case ApplyError.journal(let reason) = error else { return false }
            return reason.contains("another smrole apply of this role is running")
        }
        #expect(transport.actions.isEmpty)
    }

    @Test func aDescriptionEndingInASpaceIsUpToDateOnTheNextRun() throws {
        moto.reset()
        var plan = Fixture.plan(persona: "compute", tags: [RoleTag(key: "team", value: "ml ")])
        plan.description = "trailing space "
        _ = try RoleApplier(iam: try iam()).apply(plan, update: false)
        #expect(try RoleApplier(iam: try iam()).differences(plan) == [])
    }
}
