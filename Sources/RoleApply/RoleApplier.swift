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

    /// The differences between the account and the plan, in words, without changing anything.
    public func differences(_ plan: RolePlan) throws(ApplyError) -> [String] {
        let current = try inspect(plan)
        return Self.differences(plan, current)
    }

    public func apply(_ plan: RolePlan, update: Bool) throws(ApplyError) -> Report {
        guard let roleArn = plan.roleArn else {
            throw .invalidPlan("the plan has no account; apply fills it from STS GetCallerIdentity")
        }
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
        let run = ApplyRun(progress: progress)
        let policyArns = try syncPolicies(plan, current, run)
        if let role = current.role {
            try syncRole(role, tags: current.tags, to: plan, run)
        } else {
            try createRole(plan, run)
        }
        try syncAttachments(policyArns + plan.managedPolicyArns, current: current.attached, role: plan.roleName, run)
        return Report(outcome: current.role == nil ? .created : .updated, changes: run.changes, roleArn: roleArn)
    }

    /// New policies are created; changed ones get a new default version (the oldest version
    /// goes when IAM's limit of 5 is reached). Returns every planned policy's ARN.
    private func syncPolicies(_ plan: RolePlan, _ current: Current, _ run: ApplyRun) throws(ApplyError) -> [String] {
        let iam = self.iam
        let journal = run.journal
        var missing: [ManagedPolicyPlan] = []
        for policy in plan.policies {
            let document = policy.document.json.minified()
            guard let existing = current.policies[policy.name] else {
                missing.append(policy)
                continue
            }
            guard !Self.sameJSON(existing.document, document) else { continue }
            try run.step("new default version of \(policy.name)") { () throws(AWSError) in
                let versions = try iam.listPolicyVersions(existing.arn)
                if versions.count >= 5, let oldest = versions.filter({ !$0.isDefault }).sorted(by: { $0.created < $1.created }).first {
                    try iam.deletePolicyVersion(existing.arn, version: oldest.id)
                }
                let created = try iam.createPolicyVersion(existing.arn, document: document)
                journal.record(undo: "restored the previous version of \(policy.name)") { () throws(AWSError) in
                    try iam.setDefaultPolicyVersion(existing.arn, version: existing.version)
                    try iam.deletePolicyVersion(existing.arn, version: created)
                }
            }
        }
        try run.batch(missing, { "created policy \($0.name)" }) { (policy: ManagedPolicyPlan) throws(AWSError) in
            let arn = try iam.createPolicy(name: policy.name, path: policy.path, description: policy.description,
                                           document: policy.document.json.minified())
            journal.record(undo: "deleted policy \(policy.name)") { () throws(AWSError) in try iam.deletePolicy(arn) }
        }
        return plan.policies.map { current.policies[$0.name]?.arn ?? plan.arn(of: $0)! }
    }

    /// One CreateRole call with the trust policy, settings and tags.
    private func createRole(_ plan: RolePlan, _ run: ApplyRun) throws(ApplyError) {
        let name = plan.roleName
        try run.step("created role \(name)") { () throws(AWSError) in
            _ = try iam.createRole(name: name, path: plan.path, trustPolicy: plan.trustPolicy.json.minified(), description: plan.description,
                                   maxSessionDuration: plan.maxSessionDuration, permissionsBoundary: plan.permissionsBoundary,
                                   tags: plan.tags.map { ($0.key, $0.value) })
            run.journal.record(undo: "deleted role \(name)") { () throws(AWSError) in try iam.deleteRole(name) }
        }
    }

    /// An existing role brought to the plan: settings, trust policy, boundary and tags, each
    /// change with the call that restores the old value.
    private func syncRole(_ role: IAMClient.Role, tags: [String: String], to plan: RolePlan, _ run: ApplyRun) throws(ApplyError) {
        let name = plan.roleName
        let journal = run.journal
        if role.description != plan.description || role.maxSessionDuration != plan.maxSessionDuration {
            try run.step("updated the role's description and session length") { () throws(AWSError) in
                try iam.updateRole(name, description: plan.description, maxSessionDuration: plan.maxSessionDuration)
                journal.record(undo: "restored the role's description and session length") { () throws(AWSError) in
                    try iam.updateRole(name, description: role.description, maxSessionDuration: role.maxSessionDuration)
                }
            }
        }
        let trust = plan.trustPolicy.json.minified()
        if !Self.sameJSON(role.trustPolicy, trust) {
            try run.step("updated the trust policy") { () throws(AWSError) in
                try iam.updateAssumeRolePolicy(name, document: trust)
                journal.record(undo: "restored the trust policy") { () throws(AWSError) in try iam.updateAssumeRolePolicy(name, document: role.trustPolicy) }
            }
        }
        if role.permissionsBoundary != plan.permissionsBoundary {
            try run.step("set the permissions boundary to \(plan.permissionsBoundary ?? "none")") { () throws(AWSError) in
                if let boundary = plan.permissionsBoundary { try iam.putRolePermissionsBoundary(name, boundary: boundary) } else { try iam.deleteRolePermissionsBoundary(name) }
                journal.record(undo: "restored the permissions boundary") { () throws(AWSError) in
                    if let old = role.permissionsBoundary { try iam.putRolePermissionsBoundary(name, boundary: old) } else { try iam.deleteRolePermissionsBoundary(name) }
                }
            }
        }
        let wanted = Dictionary(plan.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let removed = tags.keys.filter { wanted[$0] == nil }.sorted()
        let changed = plan.tags.filter { tags[$0.key] != $0.value }.map { ($0.key, $0.value) }
        if !removed.isEmpty {
            try run.step("removed tags \(removed.joined(separator: ", "))") { () throws(AWSError) in
                try iam.untagRole(name, keys: removed)
                let old = removed.map { ($0, tags[$0]!) }
                journal.record(undo: "restored tags \(removed.joined(separator: ", "))") { () throws(AWSError) in try iam.tagRole(name, tags: old) }
            }
        }
        if !changed.isEmpty {
            try run.step("set tags \(changed.map(\.0).joined(separator: ", "))") { () throws(AWSError) in
                try iam.tagRole(name, tags: changed)
                let previous = changed.compactMap { tag in tags[tag.0].map { (tag.0, $0) } }
                let added = changed.filter { tags[$0.0] == nil }.map(\.0)
                journal.record(undo: "restored tags") { () throws(AWSError) in
                    if !added.isEmpty { try iam.untagRole(name, keys: added) }
                    if !previous.isEmpty { try iam.tagRole(name, tags: previous) }
                }
            }
        }
    }

    /// Attaches what the plan wants and detaches what it no longer does.
    private func syncAttachments(_ wanted: [String], current: [String], role name: String, _ run: ApplyRun) throws(ApplyError) {
        let iam = self.iam
        let journal = run.journal
        try run.batch(wanted.filter { !current.contains($0) }, { "attached \($0)" }) { (arn: String) throws(AWSError) in
            try iam.attachRolePolicy(name, policyArn: arn)
            journal.record(undo: "detached \(arn)") { () throws(AWSError) in try iam.detachRolePolicy(name, policyArn: arn) }
        }
        try run.batch(current.filter { !wanted.contains($0) }, { "detached \($0), no longer wanted" }) { (arn: String) throws(AWSError) in
            try iam.detachRolePolicy(name, policyArn: arn)
            journal.record(undo: "re-attached \(arn)") { () throws(AWSError) in try iam.attachRolePolicy(name, policyArn: arn) }
        }
    }
}
