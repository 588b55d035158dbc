import Foundation

/// The IAM calls `smrole apply` makes (Query protocol, XML answers).
public struct IAMClient: Sendable {
    public let client: ServiceClient
    static let version = "2010-05-08"

    public init(client: ServiceClient) { self.client = client }

    public struct Role: Sendable, Equatable {
        public var name: String
        public var arn: String
        public var path: String
        public var description: String?
        public var maxSessionDuration: Int
        public var permissionsBoundary: String?
        /// The trust policy as JSON text (decoded from the URL encoding IAM uses).
        public var trustPolicy: String
        public var tags: [String: String]
    }

    public struct ManagedPolicy: Sendable, Equatable {
        public var arn: String
        public var name: String
        public var path: String
        public var defaultVersionId: String
    }

    public struct PolicyVersion: Sendable, Equatable {
        public var id: String
        public var isDefault: Bool
        public var created: String
    }

    func call(_ action: String, _ parameters: [(String, String)] = []) throws(AWSError) -> XMLTree {
        try client.query(action, version: Self.version, parameters)
    }

    /// Nil when the role does not exist.
    public func getRole(_ name: String) throws(AWSError) -> Role? {
        do throws(AWSError) {
            let tree = try call("GetRole", [("RoleName", name)])
            guard let role = tree.find("Role") else { throw AWSError.malformedResponse(action: "GetRole", reason: "no Role") }
            var tags: [String: String] = [:]
            for member in role.child("Tags")?.members ?? [] {
                if let key = member.child("Key")?.text { tags[key] = member.child("Value")?.text ?? "" }
            }
            return Role(name: role.child("RoleName")?.text ?? name, arn: role.child("Arn")?.text ?? "", path: role.child("Path")?.text ?? "/",
                        description: role.child("Description").map(\.text).flatMap { $0.isEmpty ? nil : $0 },
                        maxSessionDuration: Int(role.child("MaxSessionDuration")?.text ?? "") ?? 3600,
                        permissionsBoundary: role["PermissionsBoundary", "PermissionsBoundaryArn"]?.text,
                        trustPolicy: Self.document(role.child("AssumeRolePolicyDocument")?.text ?? ""), tags: tags)
        } catch where error.code == "NoSuchEntity" {
            return nil
        }
    }

    public func listRoleTags(_ name: String) throws(AWSError) -> [String: String] {
        var tags: [String: String] = [:]
        for member in try paged("ListRoleTags", [("RoleName", name)], list: "Tags") {
            if let key = member.child("Key")?.text { tags[key] = member.child("Value")?.text ?? "" }
        }
        return tags
    }

    public func listAttachedRolePolicies(_ name: String) throws(AWSError) -> [String] {
        try paged("ListAttachedRolePolicies", [("RoleName", name)], list: "AttachedPolicies").compactMap { $0.child("PolicyArn")?.text }
    }

    /// Nil when the policy does not exist.
    public func getPolicy(_ arn: String) throws(AWSError) -> ManagedPolicy? {
        do throws(AWSError) {
            let tree = try call("GetPolicy", [("PolicyArn", arn)])
            guard let policy = tree.find("Policy") else { throw AWSError.malformedResponse(action: "GetPolicy", reason: "no Policy") }
            return ManagedPolicy(arn: policy.child("Arn")?.text ?? arn, name: policy.child("PolicyName")?.text ?? "",
                                 path: policy.child("Path")?.text ?? "/", defaultVersionId: policy.child("DefaultVersionId")?.text ?? "v1")
        } catch where error.code == "NoSuchEntity" {
            return nil
        }
    }

    /// The account's own policies under a path (one call per 1000), by name.
    public func listLocalPolicies(pathPrefix: String) throws(AWSError) -> [ManagedPolicy] {
        try paged("ListPolicies", [("Scope", "Local"), ("PathPrefix", pathPrefix), ("MaxItems", "1000")], list: "Policies").map {
            ManagedPolicy(arn: $0.child("Arn")?.text ?? "", name: $0.child("PolicyName")?.text ?? "",
                          path: $0.child("Path")?.text ?? "/", defaultVersionId: $0.child("DefaultVersionId")?.text ?? "v1")
        }
    }

    public func getPolicyDocument(_ arn: String, version: String) throws(AWSError) -> String {
        let tree = try call("GetPolicyVersion", [("PolicyArn", arn), ("VersionId", version)])
        return Self.document(tree.find("Document")?.text ?? "")
    }

    public func listPolicyVersions(_ arn: String) throws(AWSError) -> [PolicyVersion] {
        try paged("ListPolicyVersions", [("PolicyArn", arn)], list: "Versions").map {
            PolicyVersion(id: $0.child("VersionId")?.text ?? "", isDefault: $0.child("IsDefaultVersion")?.text == "true",
                          created: $0.child("CreateDate")?.text ?? "")
        }
    }

    public func createPolicy(name: String, path: String, description: String, document: String) throws(AWSError) -> String {
        let tree = try call("CreatePolicy", [("PolicyName", name), ("Path", path), ("Description", description), ("PolicyDocument", document)])
        guard let arn = tree.find("Policy")?.child("Arn")?.text else { throw .malformedResponse(action: "CreatePolicy", reason: "no Arn") }
        return arn
    }

    public func createPolicyVersion(_ arn: String, document: String) throws(AWSError) -> String {
        let tree = try call("CreatePolicyVersion", [("PolicyArn", arn), ("PolicyDocument", document), ("SetAsDefault", "true")])
        return tree.find("VersionId")?.text ?? ""
    }

    public func setDefaultPolicyVersion(_ arn: String, version: String) throws(AWSError) {
        _ = try call("SetDefaultPolicyVersion", [("PolicyArn", arn), ("VersionId", version)])
    }

    public func deletePolicyVersion(_ arn: String, version: String) throws(AWSError) {
        _ = try call("DeletePolicyVersion", [("PolicyArn", arn), ("VersionId", version)])
    }

    public func deletePolicy(_ arn: String) throws(AWSError) {
        _ = try call("DeletePolicy", [("PolicyArn", arn)])
    }

    public func createRole(name: String, path: String, trustPolicy: String, description: String?, maxSessionDuration: Int,
                           permissionsBoundary: String?, tags: [(String, String)]) throws(AWSError) -> String {
        var parameters = [("RoleName", name), ("Path", path), ("AssumeRolePolicyDocument", trustPolicy),
                          ("MaxSessionDuration", String(maxSessionDuration))]
        if let description { parameters.append(("Description", description)) }
        if let permissionsBoundary { parameters.append(("PermissionsBoundary", permissionsBoundary)) }
        for (i, tag) in tags.enumerated() {
            parameters += [("Tags.member.\(i + 1).Key", tag.0), ("Tags.member.\(i + 1).Value", tag.1)]
        }
        let tree = try call("CreateRole", parameters)
        guard let arn = tree.find("Role")?.child("Arn")?.text else { throw .malformedResponse(action: "CreateRole", reason: "no Arn") }
        return arn
    }

    public func updateRole(_ name: String, description: String?, maxSessionDuration: Int) throws(AWSError) {
        _ = try call("UpdateRole", [("RoleName", name), ("Description", description ?? ""), ("MaxSessionDuration", String(maxSessionDuration))])
    }

    public func updateAssumeRolePolicy(_ name: String, document: String) throws(AWSError) {
        _ = try call("UpdateAssumeRolePolicy", [("RoleName", name), ("PolicyDocument", document)])
    }

    public func putRolePermissionsBoundary(_ name: String, boundary: String) throws(AWSError) {
        _ = try call("PutRolePermissionsBoundary", [("RoleName", name), ("PermissionsBoundary", boundary)])
    }

    public func deleteRolePermissionsBoundary(_ name: String) throws(AWSError) {
        _ = try call("DeleteRolePermissionsBoundary", [("RoleName", name)])
    }

    public func tagRole(_ name: String, tags: [(String, String)]) throws(AWSError) {
        var parameters = [("RoleName", name)]
        for (i, tag) in tags.enumerated() { parameters += [("Tags.member.\(i + 1).Key", tag.0), ("Tags.member.\(i + 1).Value", tag.1)] }
        _ = try call("TagRole", parameters)
    }

    public func untagRole(_ name: String, keys: [String]) throws(AWSError) {
        var parameters = [("RoleName", name)]
        for (i, key) in keys.enumerated() { parameters.append(("TagKeys.member.\(i + 1)", key)) }
        _ = try call("UntagRole", parameters)
    }

    public func deleteRole(_ name: String) throws(AWSError) {
        _ = try call("DeleteRole", [("RoleName", name)])
    }

    public func attachRolePolicy(_ name: String, policyArn: String) throws(AWSError) {
        _ = try call("AttachRolePolicy", [("RoleName", name), ("PolicyArn", policyArn)])
    }

    public func detachRolePolicy(_ name: String, policyArn: String) throws(AWSError) {
        _ = try call("DetachRolePolicy", [("RoleName", name), ("PolicyArn", policyArn)])
    }

    /// Follows `Marker` through every page of a list.
    func paged(_ action: String, _ parameters: [(String, String)], list: String) throws(AWSError) -> [XMLTree] {
        var items: [XMLTree] = []
        var marker: String?
        repeat {
            let tree = try call(action, parameters + (marker.map { [("Marker", $0)] } ?? []))
            items += tree.find(list)?.members ?? []
            marker = tree.find("IsTruncated")?.text == "true" ? tree.find("Marker")?.text : nil
        } while marker != nil
        return items
    }

    /// IAM returns policy documents URL-encoded (RFC 3986); moto sometimes does not.
    static func document(_ text: String) -> String {
        text.hasPrefix("{") ? text : (text.removingPercentEncoding ?? text)
    }
}
