import Foundation

/// STS: who the credentials belong to, and temporary credentials of another role.
public struct STSClient: Sendable {
    public let client: ServiceClient
    static let version = "2011-06-15"

    public init(client: ServiceClient) { self.client = client }

    public struct Identity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userId: String
    }

    public func getCallerIdentity() throws(AWSError) -> Identity {
        let tree = try client.query("GetCallerIdentity", version: Self.version)
        guard let result = tree.find("GetCallerIdentityResult"), let account = result.child("Account")?.text else {
            throw .malformedResponse(action: "GetCallerIdentity", reason: "no Account in the answer")
        }
        return Identity(account: account, arn: result.child("Arn")?.text ?? "", userId: result.child("UserId")?.text ?? "")
    }

    public func assumeRole(roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil) throws(AWSError) -> AWSCredentials {
        var parameters = [("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId { parameters.append(("ExternalId", externalId)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let tree = try client.query("AssumeRole", version: Self.version, parameters)
        guard let credentials = tree.find("Credentials"), let key = credentials.child("AccessKeyId")?.text,
              let secret = credentials.child("SecretAccessKey")?.text else {
            throw .malformedResponse(action: "AssumeRole", reason: "no Credentials in the answer")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: credentials.child("SessionToken")?.text,
                              expiration: credentials.child("Expiration").flatMap { ISO8601DateFormatter.parse($0.text) },
                              source: "assumed role \(roleArn)")
    }
}

extension ISO8601DateFormatter {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
