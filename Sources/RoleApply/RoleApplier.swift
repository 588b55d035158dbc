import AWSClient
import Foundation
import RoleEngine

/// Turns a `RolePlan` into IAM: creates what is missing with the fewest calls, says so when
/// nothing is to do, shows the differences from an existing role (and, with `update`, brings
/// it to the plan), and undoes everything it did when any call fails.
public struct RoleApplier {
    public let iam: IAMClient
    public let progress: (String) -> Void

    public init(iam: IAMClient, progress: @escaping (String) -> Void = { _ in }) {
        self.iam = iam
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
    }

    /// The state of the role's resources in the account.
    struct Current {
        var role: IAMClient.Role?
        var tags: [String: String] = [:]
        var attached: [String] = []
        /// Planned policy name → (arn, default version, document) when it exists.
        var policies: [String: (arn: String, version: String, document: String)] = [:]
    }

    /// The differences between the account and the plan, in words, without changing anything.
    public func differences(_ plan: RolePlan) throws(ApplyError) -> [String] {
        let current = try inspect(plan)
        return Self.differences(plan, current)
    }

    public func apply(_ plan: RolePlan, update: Bool) throws(ApplyError) -> Report {
        guard let account = plan.account, let roleArn = plan.roleArn else {
            throw .invalidPlan("the plan has no account; apply fills it from STS GetCallerIdentity")
        }
        _ = account
        let current = try inspect(plan)
        if let role = current.role, role.path != plan.path {
            throw .invalidPlan("the role \(plan.roleName) exists with path \(role.path), and IAM cannot change a role's path (the plan has \(plan.path)); choose another name or delete the role")
        }
        let differences = Self.differences(plan, current)
        if current.role != nil && differences.isEmpty {
            return Report(outcome: .unchanged, changes: [], roleArn: roleArn)
        }
        if current.role != nil && !update {
            throw .refused(differences: differences)
        }
        if current.role == nil && !update {
            // Policies left from elsewhere with other content are not overwritten silently.
            let clashing = plan.policies.filter { policy in
                current.policies[policy.name].map { !Self.sameJSON($0.document, policy.document.json.minified()) } ?? false
            }
            if !clashing.isEmpty {
                throw .refused(differences: clashing.map { "policy \($0.name) already exists with a different document" })
            }
        }
        let journal = ApplyJournal()
        var changes: [String] = []
        func step(_ description: String, _ body: () throws(AWSError) -> Void) throws(ApplyError) {
            do {
                try body()
                changes.append(description)
                progress(description)
            } catch {
                let (undone, failed) = journal.rollBack()
                throw .failed(step: description, error: error, undone: undone, notUndone: failed)
            }
        }
        /// Independent calls (one per policy, one per attachment) run side by side: the same
        /// number of calls, less waiting. A failure waits for the batch, then rolls back all.
        func batch<Item: Sendable>(_ items: [Item], _ describe: (Item) -> String, _ body: @escaping @Sendable (Item) throws(AWSError) -> Void) throws(ApplyError) {
            guard !items.isEmpty else { return }
            let failures = FailureBox()
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                do throws(AWSError) {
                    try body(items[index])
                } catch {
                    failures.add(index, error)
                }
            }
            for (index, item) in items.enumerated() where failures.error(at: index) == nil {
                changes.append(describe(item))
                progress(describe(item))
            }
            if let (index, error) = failures.first {
                let (undone, failed) = journal.rollBack()
                throw .failed(step: describe(items[index]), error: error, undone: undone, notUndone: failed)
            }
        }
        let name = plan.roleName
        var policyArns: [String] = []
        let iam = self.iam
        var missing: [ManagedPolicyPlan] = []
        for policy in plan.policies {
            let document = policy.document.json.minified()
            guard let existing = current.policies[policy.name] else {
                missing.append(policy)
                continue
            }
            guard !Self.sameJSON(existing.document, document) else { continue }
            try step("new default version of \(policy.name)") { () throws(AWSError) in
                let versions = try iam.listPolicyVersions(existing.arn)
                if versions.count >= 5, let oldest = versions.filter({ !$0.isDefault }).sorted(by: { $0.created < $1.created }).first {
                    try iam.deletePolicyVersion(existing.arn, version: oldest.id)
                }
                let created = try iam.createPolicyVersion(existing.arn, document: document)
                journal.record("new version of \(policy.name)", undo: "restored the previous version of \(policy.name)") { () throws(AWSError) in
                    try iam.setDefaultPolicyVersion(existing.arn, version: existing.version)
                    try iam.deletePolicyVersion(existing.arn, version: created)
                }
            }
        }
        try batch(missing, { "created policy \($0.name)" }) { (policy: ManagedPolicyPlan) throws(AWSError) in
            let arn = try iam.createPolicy(name: policy.name, path: policy.path, description: policy.description,
                                           document: policy.document.json.minified())
            journal.record("created \(policy.name)", undo: "deleted policy \(policy.name)") { () throws(AWSError) in try iam.deletePolicy(arn) }
        }
        policyArns = plan.policies.map { current.policies[$0.name]?.arn ?? plan.arn(of: $0)! }
        let trust = plan.trustPolicy.json.minified()
        if let role = current.role {
            if role.description != plan.description || role.maxSessionDuration != plan.maxSessionDuration {
                try step("updated the role's description and session length") { () throws(AWSError) in
                    try iam.updateRole(name, description: plan.description, maxSessionDuration: plan.maxSessionDuration)
                    journal.record("updated role", undo: "restored the role's description and session length") { () throws(AWSError) in
                        try iam.updateRole(name, description: role.description, maxSessionDuration: role.maxSessionDuration)
                    }
                }
            }
            if !Self.sameJSON(role.trustPolicy, trust) {
                try step("updated the trust policy") { () throws(AWSError) in
                    try iam.updateAssumeRolePolicy(name, document: trust)
                    journal.record("trust", undo: "restored the trust policy") { () throws(AWSError) in try iam.updateAssumeRolePolicy(name, document: role.trustPolicy) }
                }
            }
            if role.permissionsBoundary != plan.permissionsBoundary {
                try step("set the permissions boundary to \(plan.permissionsBoundary ?? "none")") { () throws(AWSError) in
                    if let boundary = plan.permissionsBoundary { try iam.putRolePermissionsBoundary(name, boundary: boundary) } else { try iam.deleteRolePermissionsBoundary(name) }
                    journal.record("boundary", undo: "restored the permissions boundary") { () throws(AWSError) in
                        if let old = role.permissionsBoundary { try iam.putRolePermissionsBoundary(name, boundary: old) } else { try iam.deleteRolePermissionsBoundary(name) }
                    }
                }
            }
            let wanted = Dictionary(plan.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let removed = current.tags.keys.filter { wanted[$0] == nil }.sorted()
            let changed = plan.tags.filter { current.tags[$0.key] != $0.value }.map { ($0.key, $0.value) }
            if !removed.isEmpty {
                try step("removed tags \(removed.joined(separator: ", "))") { () throws(AWSError) in
                    try iam.untagRole(name, keys: removed)
                    let old = removed.map { ($0, current.tags[$0]!) }
                    journal.record("untag", undo: "restored tags \(removed.joined(separator: ", "))") { () throws(AWSError) in try iam.tagRole(name, tags: old) }
                }
            }
            if !changed.isEmpty {
                try step("set tags \(changed.map(\.0).joined(separator: ", "))") { () throws(AWSError) in
                    try iam.tagRole(name, tags: changed)
                    let previous = changed.compactMap { tag in current.tags[tag.0].map { (tag.0, $0) } }
                    let added = changed.filter { current.tags[$0.0] == nil }.map(\.0)
                    journal.record("tag", undo: "restored tags") { () throws(AWSError) in
                        if !added.isEmpty { try iam.untagRole(name, keys: added) }
                        if !previous.isEmpty { try iam.tagRole(name, tags: previous) }
                    }
                }
            }
        } else {
            try step("created role \(name)") { () throws(AWSError) in
                _ = try iam.createRole(name: name, path: plan.path, trustPolicy: trust, description: plan.description,
                                       maxSessionDuration: plan.maxSessionDuration, permissionsBoundary: plan.permissionsBoundary,
                                       tags: plan.tags.map { ($0.key, $0.value) })
                journal.record("created role", undo: "deleted role \(name)") { () throws(AWSError) in try iam.deleteRole(name) }
            }
        }
        let wantedAttachments = policyArns + plan.managedPolicyArns
        try batch(wantedAttachments.filter { !current.attached.contains($0) }, { "attached \($0)" }) { (arn: String) throws(AWSError) in
            try iam.attachRolePolicy(name, policyArn: arn)
            journal.record("attach", undo: "detached \(arn)") { () throws(AWSError) in try iam.detachRolePolicy(name, policyArn: arn) }
        }
        try batch(current.attached.filter { !wantedAttachments.contains($0) }, { "detached \($0), no longer wanted" }) { (arn: String) throws(AWSError) in
            try iam.detachRolePolicy(name, policyArn: arn)
            journal.record("detach", undo: "re-attached \(arn)") { () throws(AWSError) in try iam.attachRolePolicy(name, policyArn: arn) }
        }
        return Report(outcome: current.role == nil ? .created : .updated, changes: changes, roleArn: roleArn)
    }

    func inspect(_ plan: RolePlan) throws(ApplyError) -> Current {
        do throws(AWSError) {
            var current = Current()
            current.role = try iam.getRole(plan.roleName)
            if current.role != nil {
                current.tags = try iam.listRoleTags(plan.roleName)
                current.attached = try iam.listAttachedRolePolicies(plan.roleName)
            }
            // One listing of the account's policies under the plan's paths finds those that
            // exist (usually none), instead of a GetPolicy per planned policy.
            var existing: [String: IAMClient.ManagedPolicy] = [:]
            for path in Set(plan.policies.map(\.path)) {
                for policy in try iam.listLocalPolicies(pathPrefix: path) where policy.path == path { existing[policy.name] = policy }
            }
            let stored = existing
            let wanted = plan.policies.filter { stored[$0.name] != nil }
            let found = FoundPolicies()
            let failures = FailureBox()
            let iam = self.iam
            DispatchQueue.concurrentPerform(iterations: wanted.count) { index in
                let policy = wanted[index]
                do throws(AWSError) {
                    guard let policyInfo = stored[policy.name] else { return }
                    let document = try iam.getPolicyDocument(policyInfo.arn, version: policyInfo.defaultVersionId)
                    found.set(policy.name, (policyInfo.arn, policyInfo.defaultVersionId, document))
                } catch {
                    failures.add(index, error)
                }
            }
            if let (_, error) = failures.first { throw error }
            current.policies = found.values
            return current
        } catch {
            throw .failed(step: "reading the current state", error: error, undone: [], notUndone: [])
        }
    }

    static func differences(_ plan: RolePlan, _ current: Current) -> [String] {
        var out: [String] = []
        for policy in plan.policies {
            if let existing = current.policies[policy.name] {
                if !sameJSON(existing.document, policy.document.json.minified()) { out.append("policy \(policy.name): the document differs") }
            } else {
                out.append("policy \(policy.name): missing")
            }
        }
        guard let role = current.role else {
            out.append("role \(plan.roleName): missing")
            return out
        }
        if role.path != plan.path { out.append("path: \(role.path) → \(plan.path) (IAM cannot change it)") }
        if role.description != plan.description { out.append("description: \(role.description ?? "none") → \(plan.description ?? "none")") }
        if role.maxSessionDuration != plan.maxSessionDuration { out.append("max session: \(role.maxSessionDuration) → \(plan.maxSessionDuration)") }
        if role.permissionsBoundary != plan.permissionsBoundary { out.append("permissions boundary: \(role.permissionsBoundary ?? "none") → \(plan.permissionsBoundary ?? "none")") }
        if !sameJSON(role.trustPolicy, plan.trustPolicy.json.minified()) { out.append("trust policy differs") }
        let wantedTags = Dictionary(plan.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        for key in Set(wantedTags.keys).union(current.tags.keys).sorted() where wantedTags[key] != current.tags[key] {
            out.append("tag \(key): \(current.tags[key] ?? "absent") → \(wantedTags[key] ?? "absent")")
        }
        let wanted = plan.policies.compactMap { current.policies[$0.name]?.arn ?? plan.arn(of: $0) } + plan.managedPolicyArns
        for arn in wanted where !current.attached.contains(arn) { out.append("attach \(arn)") }
        for arn in current.attached where !wanted.contains(arn) { out.append("detach \(arn) (no longer wanted)") }
        return out
    }

    /// Two policy documents mean the same: equal as parsed JSON.
    static func sameJSON(_ a: String, _ b: String) -> Bool {
        guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)) as? NSObject,
              let y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) as? NSObject else { return a == b }
        return x.isEqual(y)
    }
}

public enum ApplyError: Error, CustomStringConvertible {
    case invalidPlan(String)
    /// The role exists and differs; nothing was changed.
    case refused(differences: [String])
    /// A call failed; everything this run did was undone (or listed if it could not be).
    case failed(step: String, error: AWSError, undone: [String], notUndone: [String])

    public var description: String {
        switch self {
        case .invalidPlan(let reason): return reason
        case .refused(let differences):
            return "the role differs from the plan; nothing was changed (run again with --update to apply):\n" + differences.map { "  ~ \($0)" }.joined(separator: "\n")
        case .failed(let step, let error, let undone, let notUndone):
            var text = "failed at: \(step)\n  \(error)"
            text += undone.isEmpty ? "\n  nothing had been changed" : "\n  undone:\n" + undone.map { "    - \($0)" }.joined(separator: "\n")
            if !notUndone.isEmpty { text += "\n  could NOT be undone (fix by hand):\n" + notUndone.map { "    ! \($0)" }.joined(separator: "\n") }
            return text
        }
    }
}

/// The first error of a parallel batch, by item index.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Int: AWSError] = [:]
    func add(_ index: Int, _ error: AWSError) { lock.lock(); errors[index] = error; lock.unlock() }
    func error(at index: Int) -> AWSError? { lock.lock(); defer { lock.unlock() }; return errors[index] }
    var first: (Int, AWSError)? { lock.lock(); defer { lock.unlock() }; return errors.min { $0.key < $1.key }.map { ($0.key, $0.value) } }
}

final class FoundPolicies: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [String: (arn: String, version: String, document: String)] = [:]
    func set(_ name: String, _ value: (arn: String, version: String, document: String)) { lock.lock(); values[name] = value; lock.unlock() }
}
