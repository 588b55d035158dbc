import AWSClient
import Foundation
import RoleEngine

/// Turns a `RolePlan` into IAM: creates what is missing with the fewest calls, says so when
/// nothing is to do, shows the differences from an existing role (and, with `update`, brings
/// it to the plan), and undoes everything it did when any call fails or a signal arrives.
///
/// Every change is journaled before its call (`JournalStore`): the next apply of the same
/// role finds a run that was killed and completes it to the plan, or `rollBackUnfinished`
/// undoes it.
public struct RoleApplier {
    public let iam: IAMClient
    public let progress: (String) -> Void
    public let journals: @Sendable (_ account: String, _ role: String) -> any JournalStore
    public let interruption: ApplyInterruption?
    public let limits: ApplyLimits
    /// Names of policies another tool made that smrole's replace (Role Manager's, recognised
    /// by `PolicyNameRecognizer`): `--update` detaches and deletes them once the plan's own
    /// policies are attached. Nil: other policies are only detached, never deleted.
    public let retiring: (@Sendable (String) -> Bool)?

    public init(iam: IAMClient,
                journals: @escaping @Sendable (String, String) -> any JournalStore = { _, _ in MemoryJournalStore() },
                interruption: ApplyInterruption? = nil, limits: ApplyLimits = ApplyLimits(),
                retiring: (@Sendable (String) -> Bool)? = nil,
                progress: @escaping (String) -> Void = { _ in }) {
        self.iam = iam
        self.retiring = retiring
        self.journals = journals
        self.interruption = interruption
        self.limits = limits
        self.progress = progress
    }

    public enum Outcome: Equatable {
        case created
        case unchanged
        case updated
    }

    public struct Report: Equatable {
        public var outcome: Outcome
        public var changes: [String]
        public var roleArn: String
        /// When the run completed an earlier one that had not finished: when that one started.
        public var completedUnfinishedRunFrom: String?
    }

    /// The differences between the account and the plan, in words, without changing anything.
    public func differences(_ plan: RolePlan) throws(ApplyError) -> [String] {
        let current = try inspect(plan)
        return Self.differences(plan, current)
    }

    /// The journal of an apply of this plan's role that did not finish, if there is one.
    public func unfinishedRun(_ plan: RolePlan) throws(ApplyError) -> JournalRecord? {
        guard let account = plan.account else { return nil }
        do { return try journals(account, plan.roleName).load() } catch { throw .journal(error.description) }
    }

    public func apply(_ plan: RolePlan, update: Bool) throws(ApplyError) -> Report {
        guard let roleArn = plan.roleArn, let account = plan.account else {
            throw .invalidPlan("the plan has no account; apply fills it from STS GetCallerIdentity")
        }
        let store = journals(account, plan.roleName)
        do { try store.lock() } catch { throw .journal(error.description) }
        defer { store.unlock() }
        let unfinished: JournalRecord?
        do { unfinished = try store.load() } catch { throw .journal(error.description) }
        if let unfinished {
            progress("found an unfinished apply of \(plan.roleName) started \(unfinished.started) "
                     + "(pid \(unfinished.pid)); completing it to the plan (add --rollback to undo it instead)")
        }
        // A killed run's half-made role is this tool's own: completing it is an update.
        let update = update || unfinished != nil
        let current = try inspect(plan)
        if let role = current.role, role.path != plan.path {
            throw .invalidPlan("the role \(plan.roleName) exists with path \(role.path), and IAM cannot change a role's "
                               + "path (the plan has \(plan.path)); choose another name or delete the role")
        }
        let differences = Self.differences(plan, current)
        let record = unfinished ?? JournalRecord(account: account, role: plan.roleName)
        let journal = ApplyJournal(store: store, record: record)
        if current.role != nil && differences.isEmpty {
            if unfinished != nil { try finish(journal) }
            return Report(outcome: .unchanged, changes: [], roleArn: roleArn,
                          completedUnfinishedRunFrom: unfinished?.started)
        }
        if current.role != nil && !update {
            throw .refused(differences: differences)
        }
        if current.role == nil && !update {
            // Policies left from elsewhere with other content are not overwritten silently.
            let clashing = plan.policies.filter { policy in
                guard let existing = current.policies[policy.name] else { return false }
                return !JSONEquivalence.same(existing.document, policy.document.json.minified())
            }
            if !clashing.isEmpty {
                throw .refused(differences: clashing.map { "policy \($0.name) already exists with another document" })
            }
        }
        let run = ApplyRun(journal: journal, iam: iam, limits: limits, interruption: interruption, progress: progress)
        let policyArns = try syncPolicies(plan, current, run)
        if let role = current.role {
            try syncRole(role, tags: current.tags, to: plan, run)
        } else {
            try createRole(plan, run)
        }
        try syncAttachments(policyArns + plan.managedPolicyArns, current: current.attached, role: plan.roleName, run)
        try retire(current, role: plan.roleName, run)
        try finish(journal)
        return Report(outcome: current.role == nil && unfinished == nil ? .created : .updated, changes: run.changes,
                      roleArn: roleArn, completedUnfinishedRunFrom: unfinished?.started)
    }

    /// Undoes an apply of this plan's role that did not finish (killed, or its rollback was
    /// cut short). Nil when there is none.
    public func rollBackUnfinished(_ plan: RolePlan) throws(ApplyError) -> (started: String, rollback: Rollback)? {
        guard let account = plan.account else { throw .invalidPlan("the plan has no account") }
        let store = journals(account, plan.roleName)
        do { try store.lock() } catch { throw .journal(error.description) }
        defer { store.unlock() }
        let unfinished: JournalRecord?
        do { unfinished = try store.load() } catch { throw .journal(error.description) }
        guard let unfinished else { return nil }
        let journal = ApplyJournal(store: store, record: unfinished)
        let rollback = journal.rollBack(iam, interruption: interruption,
                                        deadline: Date().addingTimeInterval(limits.rollbackTime))
        return (unfinished.started, rollback)
    }

    private func finish(_ journal: ApplyJournal) throws(ApplyError) {
        do { try journal.finish() } catch {
            throw .journal("the role is as planned, but its journal could not be removed: \(error)")
        }
    }

    /// New policies are created; changed ones get a new default version (the oldest version
    /// goes when IAM's limit of 5 is reached). Returns every planned policy's ARN.
    private func syncPolicies(_ plan: RolePlan, _ current: Current, _ run: ApplyRun) throws(ApplyError) -> [String] {
        let iam = self.iam
        var missing: [(policy: ManagedPolicyPlan, arn: String)] = []
        for policy in plan.policies {
            let document = policy.document.json.minified()
            guard let existing = current.policies[policy.name] else {
                missing.append((policy, plan.arn(of: policy)!))
                continue
            }
            guard !JSONEquivalence.same(existing.document, document) else { continue }
            let versions: [IAMClient.PolicyVersion]
            do { versions = try iam.listPolicyVersions(existing.arn) } catch {
                throw .failed(step: "reading the versions of \(policy.name)", error: error, rollback: run.rollBack())
            }
            var kept = versions
            if versions.count >= 5,
               let oldest = versions.filter({ !$0.isDefault }).sorted(by: { $0.created < $1.created }).first {
                // IAM keeps 5 versions; the oldest non-default one makes room (it cannot be restored).
                kept.removeAll { $0.id == oldest.id }
                do {
                    try iam.deletePolicyVersion(existing.arn, version: oldest.id)
                } catch where error.code != "NoSuchEntity" {
                    throw .failed(step: "deleting the oldest version of \(policy.name)", error: error,
                                  rollback: run.rollBack())
                } catch {
                    // Gone already (a retry after a lost answer): room was made.
                }
            }
            let intent = JournalEntry.Change.newPolicyVersion(name: policy.name, arn: existing.arn,
                                                              previousDefault: existing.version,
                                                              versionsBefore: kept.map(\.id))
            try run.step("new default version of \(policy.name)", intent: intent) { (_: Int) throws(AWSError) in
                _ = try iam.createPolicyVersion(existing.arn, document: document)
            }
        }
        let journal = run.journal
        try run.batch(missing, { "created policy \($0.policy.name)" },
                      intent: { .createdPolicy(name: $0.policy.name, arn: $0.arn) }) { item, index throws(AWSError) in
            let document = item.policy.document.json.minified()
            do throws(AWSError) {
                _ = try iam.createPolicy(name: item.policy.name, path: item.policy.path,
                                         description: item.policy.description, document: document)
            } catch where error.code == "EntityAlreadyExists" {
                // A retry after a lost answer finds the policy the first attempt made: adopt it
                // when it is what this run sent, else it is someone else's and stays theirs.
                guard try Self.policyHolds(iam, item.arn, document) else {
                    journal.release(index)
                    throw error
                }
            }
        }
        return plan.policies.map { current.policies[$0.name]?.arn ?? plan.arn(of: $0)! }
    }

    static func policyHolds(_ iam: IAMClient, _ arn: String, _ document: String) throws(AWSError) -> Bool {
        guard let policy = try iam.getPolicy(arn) else { return false }
        return JSONEquivalence.same(try iam.getPolicyDocument(arn, version: policy.defaultVersionId), document)
    }

    /// One CreateRole call with the trust policy, settings and tags.
    private func createRole(_ plan: RolePlan, _ run: ApplyRun) throws(ApplyError) {
        let name = plan.roleName
        let iam = self.iam
        let trust = plan.trustPolicy.json.minified()
        try run.step("created role \(name)", intent: .createdRole(name: name)) { (index: Int) throws(AWSError) in
            do throws(AWSError) {
                _ = try iam.createRole(name: name, path: plan.path, trustPolicy: trust, description: plan.description,
                                       maxSessionDuration: plan.maxSessionDuration,
                                       permissionsBoundary: plan.permissionsBoundary,
                                       tags: plan.tags.map { ($0.key, $0.value) })
            } catch where error.code == "EntityAlreadyExists" {
                // As for policies: adopt the role a lost answer hid, only when it is the one sent.
                guard let role = try iam.getRole(name), role.path == plan.path,
                      JSONEquivalence.same(role.trustPolicy, trust),
                      role.description == plan.description, role.maxSessionDuration == plan.maxSessionDuration,
                      role.permissionsBoundary == plan.permissionsBoundary else {
                    run.journal.release(index)
                    throw error
                }
            }
        }
    }

    /// An existing role brought to the plan: settings, trust policy, boundary and tags, each
    /// change journaled with the old value that restores it.
    private func syncRole(_ role: IAMClient.Role, tags: [String: String], to plan: RolePlan,
                          _ run: ApplyRun) throws(ApplyError) {
        let name = plan.roleName
        let iam = self.iam
        if role.description != plan.description || role.maxSessionDuration != plan.maxSessionDuration {
            try run.step("updated the role's description and session length",
                         intent: .updatedRole(name: name, previousDescription: role.description,
                                              previousMaxSession: role.maxSessionDuration)) { (_: Int) throws(AWSError) in
                try iam.updateRole(name, description: plan.description, maxSessionDuration: plan.maxSessionDuration)
            }
        }
        let trust = plan.trustPolicy.json.minified()
        if !JSONEquivalence.same(role.trustPolicy, trust) {
            try run.step("updated the trust policy",
                         intent: .updatedTrust(name: name, previousDocument: role.trustPolicy)) { (_: Int) throws(AWSError) in
                try iam.updateAssumeRolePolicy(name, document: trust)
            }
        }
        if role.permissionsBoundary != plan.permissionsBoundary {
            try run.step("set the permissions boundary to \(plan.permissionsBoundary ?? "none")",
                         intent: .changedBoundary(name: name, previous: role.permissionsBoundary)) { (_: Int) throws(AWSError) in
                if let boundary = plan.permissionsBoundary {
                    try iam.putRolePermissionsBoundary(name, boundary: boundary)
                } else {
                    try iam.deleteRolePermissionsBoundary(name)
                }
            }
        }
        let wanted = Dictionary(plan.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let removed = tags.keys.filter { wanted[$0] == nil }.sorted()
        let changed = plan.tags.filter { tags[$0.key] != $0.value }.map { ($0.key, $0.value) }
        if !removed.isEmpty {
            try run.step("removed tags \(removed.joined(separator: ", "))",
                         intent: .removedTags(name: name, previous: removed.map { JournalTag($0, tags[$0]!) })) {
                (_: Int) throws(AWSError) in
                try iam.untagRole(name, keys: removed)
            }
        }
        if !changed.isEmpty {
            let previous = changed.compactMap { tag in tags[tag.0].map { JournalTag(tag.0, $0) } }
            let added = changed.filter { tags[$0.0] == nil }.map(\.0)
            try run.step("set tags \(changed.map(\.0).joined(separator: ", "))",
                         intent: .setTags(name: name, previous: previous, added: added)) { (_: Int) throws(AWSError) in
                try iam.tagRole(name, tags: changed)
            }
        }
    }

    /// Attaches what the plan wants and detaches what it no longer does.
    private func syncAttachments(_ wanted: [String], current: [String], role name: String,
                                 _ run: ApplyRun) throws(ApplyError) {
        let iam = self.iam
        try run.batch(wanted.filter { !current.contains($0) }, { "attached \($0)" },
                      intent: { .attached(role: name, arn: $0) }) { (arn: String, _: Int) throws(AWSError) in
            try iam.attachRolePolicy(name, policyArn: arn)
        }
        try run.batch(current.filter { !wanted.contains($0) }, { "detached \($0), no longer wanted" },
                      intent: { .detached(role: name, arn: $0) }) { (arn: String, _: Int) throws(AWSError) in
            do throws(AWSError) {
                try iam.detachRolePolicy(name, policyArn: arn)
            } catch where error.code == "NoSuchEntity" {
                // A retry after a lost answer: the first attempt detached it.
            }
        }
    }

    /// Last, once the plan's policies are attached: Role Manager's inline policies are deleted,
    /// and its managed policies (already detached) deleted when no other role, user or group
    /// uses them. Each deletion is journaled with the document that restores it.
    private func retire(_ current: Current, role name: String, _ run: ApplyRun) throws(ApplyError) {
        let iam = self.iam
        for policy in current.retiredInline {
            try run.step("deleted inline policy \(policy.name) (Role Manager's, replaced)",
                         intent: .deletedInlinePolicy(role: name, name: policy.name, document: policy.document)) {
                (_: Int) throws(AWSError) in
                do throws(AWSError) { try iam.deleteRolePolicy(name, name: policy.name) } catch where error.code == "NoSuchEntity" {}
            }
        }
        for policy in current.retiredManaged where policy.usedBy.isEmpty {
            try run.step("deleted policy \(policy.name) (Role Manager's, replaced)",
                         intent: .deletedPolicy(name: policy.name, arn: policy.arn, path: policy.path,
                                                document: policy.document)) { (_: Int) throws(AWSError) in
                do throws(AWSError) {
                    for version in try iam.listPolicyVersions(policy.arn) where !version.isDefault {
                        try iam.deletePolicyVersion(policy.arn, version: version.id)
                    }
                    try iam.deletePolicy(policy.arn)
                } catch where error.code == "NoSuchEntity" {}
            }
        }
    }
}
