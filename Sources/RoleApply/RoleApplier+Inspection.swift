import AWSClient
import Foundation
import RoleEngine

/// Reading what the account holds for a plan, and saying how it differs.
extension RoleApplier {
    /// The state of the role's resources in the account.
    struct Current {
        var role: IAMClient.Role?
        var tags: [String: String] = [:]
        var attached: [String] = []
        /// Planned policy name → (arn, default version, document) when it exists.
        var policies: [String: (arn: String, version: String, document: String)] = [:]
        /// Role Manager's inline policies on the role, which the plan replaces.
        var retiredInline: [(name: String, document: String)] = []
        /// Role Manager's attached managed policies the plan does not want, with the other
        /// roles, users and groups using them (deleted only when there are none).
        var retiredManaged: [(arn: String, name: String, path: String, document: String, usedBy: [String])] = []
    }

    func inspect(_ plan: RolePlan) throws(ApplyError) -> Current {
        do throws(AWSError) {
            var current = Current()
            current.role = try iam.getRole(plan.roleName)
            if current.role != nil {
                current.tags = try iam.listRoleTags(plan.roleName)
                current.attached = try iam.listAttachedRolePolicies(plan.roleName)
                if let retiring { try findRetired(plan, retiring, into: &current) }
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
            WorkerThreads.forEach(wanted.count, width: limits.concurrency) { index in
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
            if let signal = interruption?.signal { throw .interrupted(signal: signal, rollback: Rollback()) }
            throw .failed(step: "reading the current state", error: error, rollback: Rollback())
        }
    }

    /// What `--update` replaces: Role Manager's inline policies, and its managed policies the
    /// plan no longer attaches.
    private func findRetired(_ plan: RolePlan, _ retiring: (String) -> Bool,
                             into current: inout Current) throws(AWSError) {
        for name in try iam.listRolePolicies(plan.roleName) where retiring(name) {
            current.retiredInline.append((name, try iam.getRolePolicy(plan.roleName, name: name)))
        }
        let wanted = Set(plan.policies.compactMap { plan.arn(of: $0) } + plan.managedPolicyArns)
        for arn in current.attached where !wanted.contains(arn) && !arn.contains(":iam::aws:policy/") {
            guard let policy = try iam.getPolicy(arn), retiring(policy.name) else { continue }
            let document = try iam.getPolicyDocument(arn, version: policy.defaultVersionId)
            let others = try iam.listEntitiesForPolicy(arn).filter { $0 != "role/\(plan.roleName)" }
            current.retiredManaged.append((arn, policy.name, policy.path, document, others))
        }
    }

    static func differences(_ plan: RolePlan, _ current: Current) -> [String] {
        var out: [String] = []
        for policy in plan.policies {
            if let existing = current.policies[policy.name] {
                if !JSONEquivalence.same(existing.document, policy.document.json.minified()) { out.append("policy \(policy.name): the document differs") }
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
        if !JSONEquivalence.same(role.trustPolicy, plan.trustPolicy.json.minified()) { out.append("trust policy differs") }
        let wantedTags = Dictionary(plan.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        for key in Set(wantedTags.keys).union(current.tags.keys).sorted() where wantedTags[key] != current.tags[key] {
            out.append("tag \(key): \(current.tags[key] ?? "absent") → \(wantedTags[key] ?? "absent")")
        }
        let wanted = plan.policies.compactMap { current.policies[$0.name]?.arn ?? plan.arn(of: $0) } + plan.managedPolicyArns
        for arn in wanted where !current.attached.contains(arn) { out.append("attach \(arn)") }
        for arn in current.attached where !wanted.contains(arn) { out.append("detach \(arn) (no longer wanted)") }
        for policy in current.retiredInline {
            out.append("delete inline policy \(policy.name) (Role Manager's; the plan's policies replace it)")
        }
        for policy in current.retiredManaged {
            out.append(policy.usedBy.isEmpty
                ? "delete policy \(policy.name) (Role Manager's; the plan's policies replace it, and no other role uses it)"
                : "keep policy \(policy.name) (Role Manager's, detached only: also used by \(policy.usedBy.joined(separator: ", ")))")
        }
        return out
    }
}

final class FoundPolicies: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [String: (arn: String, version: String, document: String)] = [:]
    func set(_ name: String, _ value: (arn: String, version: String, document: String)) { lock.lock(); values[name] = value; lock.unlock() }
}
