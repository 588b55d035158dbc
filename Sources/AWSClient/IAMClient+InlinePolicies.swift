/// The IAM calls of `smrole import` and of `apply --update` taking over Role Manager's
/// policies: inline policies (the CDK construct's) and who else uses a managed policy.
extension IAMClient {
    public func listRolePolicies(_ role: String) throws(AWSError) -> [String] {
        try paged("ListRolePolicies", [("RoleName", role)], list: "PolicyNames").map(\.text)
    }

    /// The inline policy's document as JSON text.
    public func getRolePolicy(_ role: String, name: String) throws(AWSError) -> String {
        let tree = try call("GetRolePolicy", [("RoleName", role), ("PolicyName", name)])
        return Self.document(tree.find("PolicyDocument")?.text ?? "")
    }

    public func putRolePolicy(_ role: String, name: String, document: String) throws(AWSError) {
        _ = try call("PutRolePolicy", [("RoleName", role), ("PolicyName", name), ("PolicyDocument", document)])
    }

    public func deleteRolePolicy(_ role: String, name: String) throws(AWSError) {
        _ = try call("DeleteRolePolicy", [("RoleName", role), ("PolicyName", name)])
    }

    /// The roles, users and groups a managed policy is attached to, as `role/NAME`, `user/NAME`, `group/NAME`.
    public func listEntitiesForPolicy(_ arn: String) throws(AWSError) -> [String] {
        var out: [String] = []
        var marker: String?
        repeat {
            let tree = try call("ListEntitiesForPolicy", [("PolicyArn", arn)] + (marker.map { [("Marker", $0)] } ?? []))
            for (list, kind, field) in [("PolicyRoles", "role", "RoleName"), ("PolicyUsers", "user", "UserName"),
                                        ("PolicyGroups", "group", "GroupName")] {
                for member in tree.find(list)?.members ?? [] {
                    if let name = member.child(field)?.text { out.append("\(kind)/\(name)") }
                }
            }
            marker = tree.find("IsTruncated")?.text == "true" ? tree.find("Marker")?.text : nil
        } while marker != nil
        return out
    }
}
