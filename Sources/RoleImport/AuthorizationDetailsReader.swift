import Foundation
import RoleEngine

/// Reads one role out of the output of `aws iam get-account-authorization-details`, offline.
/// Documents may be JSON objects (the CLI decodes them) or URL-encoded text (the raw API).
/// The details do not hold a role's description or maximum session length unless the role
/// is in an instance profile, whose copy of the role has them.
public enum AuthorizationDetailsReader {
    public static func role(named name: String, in data: Data) throws(ImportError) -> RoleSnapshot {
        guard let object = try? JSONSerialization.jsonObject(with: data),
              let details = object as? [String: Any] else {
            throw ImportError("is not JSON output of `aws iam get-account-authorization-details`")
        }
        guard let roles = details["RoleDetailList"] as? [Any] else {
            throw ImportError("has no RoleDetailList: it is not output of `aws iam get-account-authorization-details`")
        }
        let all = roles.compactMap { $0 as? [String: Any] }
        guard let role = all.first(where: { $0["RoleName"] as? String == name }) else {
            throw ImportError("holds no role named \(VisibleText.quoted(name)) (it lists \(all.count) role\(all.count == 1 ? "" : "s"))")
        }
        var policies: [String: [String: Any]] = [:]
        for case let policy as [String: Any] in details["Policies"] as? [Any] ?? [] {
            if let arn = policy["Arn"] as? String { policies[arn] = policy }
        }
        let arn = role["Arn"] as? String ?? ""
        guard let trust = document(role["AssumeRolePolicyDocument"]) else {
            throw ImportError("role \(VisibleText.quoted(name)) has no AssumeRolePolicyDocument")
        }
        var attached: [AttachedPolicy] = []
        for case let entry as [String: Any] in role["AttachedManagedPolicies"] as? [Any] ?? [] {
            guard let policyArn = entry["PolicyArn"] as? String else { continue }
            let policyName = entry["PolicyName"] as? String ?? String(policyArn.split(separator: "/").last ?? "")
            var text: String?
            if let policy = policies[policyArn] {
                let versions = policy["PolicyVersionList"] as? [Any] ?? []
                let current = versions.compactMap { $0 as? [String: Any] }.first { ($0["IsDefaultVersion"] as? Bool) == true }
                text = document(current?["Document"])
            }
            if text == nil && !policyArn.contains(":iam::aws:policy/") {
                throw ImportError("the customer-managed policy \(VisibleText.quoted(policyArn)) attached to "
                                  + "\(VisibleText.quoted(name)) is not in the file's Policies (run the command "
                                  + "without --filter, or with LocalManagedPolicy among the filters)")
            }
            attached.append(AttachedPolicy(arn: policyArn, name: policyName, document: text))
        }
        var inline: [InlinePolicy] = []
        for case let entry as [String: Any] in role["RolePolicyList"] as? [Any] ?? [] {
            guard let policyName = entry["PolicyName"] as? String, let text = document(entry["PolicyDocument"]) else {
                throw ImportError("an inline policy of \(VisibleText.quoted(name)) has no name or document")
            }
            inline.append(InlinePolicy(name: policyName, document: text))
        }
        var tags: [(key: String, value: String)] = []
        for case let tag as [String: Any] in role["Tags"] as? [Any] ?? [] {
            if let key = tag["Key"] as? String { tags.append((key, tag["Value"] as? String ?? "")) }
        }
        let boundary = (role["PermissionsBoundary"] as? [String: Any])?["PermissionsBoundaryArn"] as? String
        // An instance profile's copy of the role carries the fields the role detail lacks.
        var description: String?, maxSession: Int?
        for case let profile as [String: Any] in role["InstanceProfileList"] as? [Any] ?? [] {
            for case let copy as [String: Any] in profile["Roles"] as? [Any] ?? [] where copy["RoleName"] as? String == name {
                description = copy["Description"] as? String
                maxSession = copy["MaxSessionDuration"] as? Int
            }
        }
        return RoleSnapshot(name: name, arn: arn, path: role["Path"] as? String ?? "/", description: description,
                            maxSessionDuration: maxSession, permissionsBoundary: boundary, tags: tags,
                            trustPolicy: trust, attachedPolicies: attached, inlinePolicies: inline)
    }

    /// A document as JSON text, from an object or from (URL-encoded) text.
    static func document(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            return text.hasPrefix("{") ? text : text.removingPercentEncoding
        case let object as [String: Any]:
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
            return String(decoding: data, as: UTF8.self)
        default:
            return nil
        }
    }
}
