import Foundation

/// The IAM reads the wizard's pickers make: roles to pass, policies to attach.
extension IAMClient {
    public struct RoleSummary: Sendable, Equatable {
        public var name: String
        public var arn: String
        public var path: String
        /// The trust policy as JSON text.
        public var trustPolicy: String

        /// Whether the trust policy lets `service` assume the role (an Allow of sts:AssumeRole to
        /// that service principal): only such roles can be passed to it.
        public func trusts(service: String) -> Bool { TrustPolicyReading.allows(service: service, in: trustPolicy) }
    }

    /// Every role of the account, following IAM's pages (1000 roles a call, its most).
    public func listRoles(pageSize: Int = 1000) throws(AWSError) -> [RoleSummary] {
        try pages("ListRoles", [("MaxItems", String(pageSize))], list: "Roles").items.map {
            RoleSummary(name: $0.child("RoleName")?.text ?? "", arn: $0.child("Arn")?.text ?? "",
                        path: $0.child("Path")?.text ?? "/",
                        trustPolicy: Self.document($0.child("AssumeRolePolicyDocument")?.text ?? ""))
        }
    }

    public enum PolicyScope: String, Sendable { case all = "All", aws = "AWS", local = "Local" }

    public struct PolicySummary: Sendable, Equatable {
        public var name: String
        public var arn: String
        public var path: String
        public var attachmentCount: Int
        public var isAWSManaged: Bool { arn.contains(":iam::aws:policy/") }
    }

    /// One page of attachable managed policies, for a picker that pages as the console does;
    /// `marker` is where the next page starts (nil: the last page).
    public func listPolicies(scope: PolicyScope, pageSize: Int = 100, marker: String? = nil) throws(AWSError)
        -> (policies: [PolicySummary], marker: String?)
    {
        var parameters = [("Scope", scope.rawValue), ("OnlyAttachable", "true"), ("MaxItems", String(pageSize))]
        if let marker { parameters.append(("Marker", marker)) }
        let page = try pages("ListPolicies", parameters, list: "Policies", onePage: true)
        let policies = page.items.map {
            PolicySummary(name: $0.child("PolicyName")?.text ?? "", arn: $0.child("Arn")?.text ?? "",
                          path: $0.child("Path")?.text ?? "/",
                          attachmentCount: Int($0.child("AttachmentCount")?.text ?? "") ?? 0)
        }
        return (policies, page.marker)
    }

    private func pages(_ action: String, _ parameters: [(String, String)], list: String, onePage: Bool = false)
        throws(AWSError) -> (items: [XMLTree], marker: String?)
    {
        var items: [XMLTree] = []
        var marker: String?
        repeat {
            let tree = try call(action, parameters + (marker.map { [("Marker", $0)] } ?? []))
            items += tree.find(list)?.members ?? []
            marker = tree.find("IsTruncated")?.text == "true" ? tree.find("Marker")?.text : nil
        } while marker != nil && !onePage
        return (items, marker)
    }
}

/// Reads a trust policy just far enough to answer "may this service assume the role?".
enum TrustPolicyReading {
    static func allows(service: String, in document: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any] else {
            return false
        }
        let statements =
            (object["Statement"] as? [[String: Any]]) ?? (object["Statement"] as? [String: Any]).map { [$0] }
        return (statements ?? []).contains { statement in
            guard statement["Effect"] as? String == "Allow" else { return false }
            let actions = strings(statement["Action"])
            guard actions.contains(where: { ["sts:assumerole", "sts:*", "*"].contains($0.lowercased()) }) else {
                return false
            }
            let principal = statement["Principal"] as? [String: Any]
            return strings(principal?["Service"]).contains(service)
        }
    }

    static func strings(_ value: Any?) -> [String] {
        if let one = value as? String { return [one] }
        return value as? [String] ?? []
    }
}
