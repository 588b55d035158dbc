import Foundation

/// IAM Identity Center's portal (`portal.sso.<region>.amazonaws.com`): GetRoleCredentials
/// turns a signed-in user's access token into temporary credentials of a role assigned to
/// them. The token goes in the `x-amz-sso_bearer_token` header, never in a URL or a message.
public struct SSOPortalClient: Sendable {
    public let endpoint: ServiceEndpoint
    let call: UnsignedJSONCall

    public init(endpoint: ServiceEndpoint, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint
        self.call = UnsignedJSONCall(transport: transport, retry: retry)
    }

    /// AWS's own errors (`UnauthorizedException`, `ForbiddenException`, …) come back as
    /// `AWSError.service`; the caller knows the profile and says what to do about them.
    public func roleCredentials(accountId: String, roleName: String, accessToken: String) throws(AWSError)
        -> AWSCredentials
    {
        let query = UnsignedJSONCall.query([("role_name", roleName), ("account_id", accountId)])
        guard let url = UnsignedJSONCall.url(endpoint, path: "/federation/credentials", query: query) else {
            throw .configuration("the IAM Identity Center portal endpoint \(endpoint.url) cannot take a path")
        }
        var request = HTTPRequest(method: "GET", url: url)
        request.setHeader("x-amz-sso_bearer_token", accessToken)
        request.setHeader("Accept", "application/json")
        let answer = try call.send(request, action: "GetRoleCredentials", secrets: [accessToken])
        guard let role = answer["roleCredentials"] as? [String: Any], let key = role["accessKeyId"] as? String,
            let secret = role["secretAccessKey"] as? String, !key.isEmpty, !secret.isEmpty
        else {
            throw .malformedResponse(
                action: "GetRoleCredentials", reason: "no roleCredentials with accessKeyId and secretAccessKey")
        }
        // Milliseconds since 1970, as a JSON number.
        let expiration = (role["expiration"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000) }
        return AWSCredentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: role["sessionToken"] as? String,
            expiration: expiration, source: "IAM Identity Center role \(roleName) in account \(accountId)")
    }
}
