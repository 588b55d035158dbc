import AWSClient
import Foundation

/// One change an apply makes to IAM, written to the journal *before* the call is sent, with
/// what is needed to undo it. Undoing tolerates a change that never reached IAM (the run
/// was killed before the call, or the call failed), so intent alone is enough to roll back.
public struct JournalEntry: Codable, Sendable, Equatable {
    public enum Change: Codable, Sendable, Equatable {
        case createdPolicy(name: String, arn: String)
        /// A new default version; `versionsBefore` are the ids that existed before the run.
        case newPolicyVersion(name: String, arn: String, previousDefault: String, versionsBefore: [String])
        case createdRole(name: String)
        case updatedRole(name: String, previousDescription: String?, previousMaxSession: Int)
        case updatedTrust(name: String, previousDocument: String)
        case changedBoundary(name: String, previous: String?)
        case removedTags(name: String, previous: [JournalTag])
        case setTags(name: String, previous: [JournalTag], added: [String])
        case attached(role: String, arn: String)
        case detached(role: String, arn: String)
        /// A Role Manager policy taken over: deleted once smrole's replacements are attached.
        /// Undo creates it again with the same name, path and default document (same ARN).
        case deletedPolicy(name: String, arn: String, path: String, document: String)
        /// A Role Manager CDK construct's inline policy, deleted; undo puts it back.
        case deletedInlinePolicy(role: String, name: String, document: String)
    }

    public var change: Change
    /// IAM answered the call; false while it is in flight or when its answer was lost.
    public var done: Bool
    /// The call found an entity that is not this run's (it existed with other content):
    /// never undone.
    public var released: Bool?

    public init(_ change: Change, done: Bool = false) {
        self.change = change
        self.done = done
    }
}

public struct JournalTag: Codable, Sendable, Equatable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

extension JournalEntry.Change {
    /// What undoing this change does, in the words of the report.
    public var undoDescription: String {
        switch self {
        case .createdPolicy(let name, _): return "deleted policy \(name)"
        case .newPolicyVersion(let name, _, _, _): return "restored the previous version of \(name)"
        case .createdRole(let name): return "deleted role \(name)"
        case .updatedRole: return "restored the role's description and session length"
        case .updatedTrust: return "restored the trust policy"
        case .changedBoundary: return "restored the permissions boundary"
        case .removedTags(_, let previous): return "restored tags \(previous.map(\.key).joined(separator: ", "))"
        case .setTags: return "restored tags"
        case .attached(_, let arn): return "detached \(arn)"
        case .detached(_, let arn): return "re-attached \(arn)"
        case .deletedPolicy(let name, _, _, _): return "created policy \(name) again"
        case .deletedInlinePolicy(_, let name, _): return "put back inline policy \(name)"
        }
    }

    enum UndoOutcome: Equatable {
        case undone
        /// The change had never reached IAM: nothing to undo.
        case neverMade
    }

    /// Brings IAM back to the state before this change. "No such entity" answers mean the
    /// change never happened (or was undone already), which is success here.
    func undo(_ iam: IAMClient) throws(AWSError) -> UndoOutcome {
        do throws(AWSError) {
            switch self {
            case .createdPolicy(_, let arn):
                for version in try iam.listPolicyVersions(arn) where !version.isDefault {
                    try iam.deletePolicyVersion(arn, version: version.id)
                }
                try iam.deletePolicy(arn)
            case .newPolicyVersion(_, let arn, let previousDefault, let versionsBefore):
                let versions = try iam.listPolicyVersions(arn)
                let added = versions.filter { !versionsBefore.contains($0.id) }
                guard !added.isEmpty else { return .neverMade }
                if versions.first(where: \.isDefault)?.id != previousDefault {
                    try iam.setDefaultPolicyVersion(arn, version: previousDefault)
                }
                for version in added { try iam.deletePolicyVersion(arn, version: version.id) }
            case .createdRole(let name):
                try iam.deleteRole(name)
            case .updatedRole(let name, let description, let maxSession):
                try iam.updateRole(name, description: description, maxSessionDuration: maxSession)
            case .updatedTrust(let name, let document):
                try iam.updateAssumeRolePolicy(name, document: document)
            case .changedBoundary(let name, let previous):
                if let previous { try iam.putRolePermissionsBoundary(name, boundary: previous) } else {
                    try iam.deleteRolePermissionsBoundary(name)
                }
            case .removedTags(let name, let previous):
                try iam.tagRole(name, tags: previous.map { ($0.key, $0.value) })
            case .setTags(let name, let previous, let added):
                if !added.isEmpty { try iam.untagRole(name, keys: added) }
                if !previous.isEmpty { try iam.tagRole(name, tags: previous.map { ($0.key, $0.value) }) }
            case .attached(let role, let arn):
                try iam.detachRolePolicy(role, policyArn: arn)
            case .detached(let role, let arn):
                try iam.attachRolePolicy(role, policyArn: arn)
            case .deletedPolicy(let name, let arn, let path, let document):
                if try iam.getPolicy(arn) != nil { return .neverMade }
                _ = try iam.createPolicy(name: name, path: path, description: "", document: document)
            case .deletedInlinePolicy(let role, let name, let document):
                try iam.putRolePolicy(role, name: name, document: document)
            }
            return .undone
        } catch where error.code == "NoSuchEntity" {
            return .neverMade
        }
    }
}
