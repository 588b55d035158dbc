import Foundation

/// The SageMaker calls onboarding makes (JSON 1.1, `X-Amz-Target: SageMaker.<Action>`).
public struct SageMakerClient: Sendable {
    public let client: ServiceClient

    public init(client: ServiceClient) { self.client = client }

    func call(_ action: String, _ body: [String: Any]) throws(AWSError) -> [String: Any] {
        try client.json(action, targetPrefix: "SageMaker", body)
    }

    public struct Domain: Sendable, Equatable {
        public var id: String
        public var name: String
        public var status: String
        public var authMode: String

        public init(id: String, name: String, status: String, authMode: String) {
            self.id = id
            self.name = name
            self.status = status
            self.authMode = authMode
        }
    }

    public func describeDomain(_ id: String) throws(AWSError) -> Domain {
        let answer = try call("DescribeDomain", ["DomainId": id])
        return Domain(id: answer["DomainId"] as? String ?? id, name: answer["DomainName"] as? String ?? "",
                      status: answer["Status"] as? String ?? "", authMode: answer["AuthMode"] as? String ?? "IAM")
    }

    public func listDomains() throws(AWSError) -> [Domain] {
        var domains: [Domain] = []
        var token: String?
        repeat {
            var body: [String: Any] = [:]
            if let token { body["NextToken"] = token }
            let answer = try call("ListDomains", body)
            for item in answer["Domains"] as? [[String: Any]] ?? [] {
                domains.append(Domain(id: item["DomainId"] as? String ?? "", name: item["DomainName"] as? String ?? "",
                                      status: item["Status"] as? String ?? "", authMode: "IAM"))
            }
            token = answer["NextToken"] as? String
        } while token != nil
        return domains
    }

    public func createUserProfile(domainId: String, name: String, executionRole: String, jupyterLabImage: String?,
                                  ssoUser: String?) throws(AWSError) -> String {
        var settings: [String: Any] = ["ExecutionRole": executionRole]
        if let jupyterLabImage {
            settings["JupyterServerAppSettings"] = ["DefaultResourceSpec": ["SageMakerImageArn": jupyterLabImage]]
        }
        var body: [String: Any] = ["DomainId": domainId, "UserProfileName": name, "UserSettings": settings]
        if let ssoUser {
            body["SingleSignOnUserIdentifier"] = "UserName"
            body["SingleSignOnUserValue"] = ssoUser
        }
        let answer = try call("CreateUserProfile", body)
        return answer["UserProfileArn"] as? String ?? ""
    }

    /// Nil when the profile does not exist.
    public func describeUserProfile(domainId: String, name: String) throws(AWSError) -> [String: Any]? {
        do throws(AWSError) {
            return try call("DescribeUserProfile", ["DomainId": domainId, "UserProfileName": name])
        } catch where error.code == "ResourceNotFound" {
            return nil
        }
    }

    public func listUserProfiles(domainId: String) throws(AWSError) -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["DomainIdEquals": domainId]
            if let token { body["NextToken"] = token }
            let answer = try call("ListUserProfiles", body)
            names += (answer["UserProfiles"] as? [[String: Any]] ?? []).compactMap { $0["UserProfileName"] as? String }
            token = answer["NextToken"] as? String
        } while token != nil
        return names
    }
}
