import Foundation

/// IAM Identity Center's OIDC service (`oidc.<region>.amazonaws.com`): CreateToken with the
/// `refresh_token` grant renews an expiring sign-in without a browser, as the AWS CLI does
/// for sso-session sign-ins. The client's secret and the tokens never reach a message.
public struct SSOOIDCClient: Sendable {
    public let endpoint: ServiceEndpoint
    let call: UnsignedJSONCall

    public init(endpoint: ServiceEndpoint, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint
        self.call = UnsignedJSONCall(transport: transport, retry: retry)
    }

    public struct Renewal: Sendable, Equatable {
        public var accessToken: String
        public var expiresIn: Int
        /// A new refresh token, when the service rotates it.
        public var refreshToken: String?
    }

    public func refresh(clientId: String, clientSecret: String, refreshToken: String) throws(AWSError) -> Renewal {
        guard let url = UnsignedJSONCall.url(endpoint, path: "/token") else {
            throw .configuration("the IAM Identity Center OIDC endpoint \(endpoint.url) cannot take a path")
        }
        let fields = [
            "clientId": clientId, "clientSecret": clientSecret, "grantType": "refresh_token",
            "refreshToken": refreshToken,
        ]
        guard let body = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else {
            throw .configuration("CreateToken: the request cannot be written as JSON")
        }
        let request = HTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body)
        let answer = try call.send(
            request, action: "CreateToken", secrets: [clientSecret, refreshToken, clientId])
        guard let accessToken = answer["accessToken"] as? String, !accessToken.isEmpty,
            let expiresIn = (answer["expiresIn"] as? NSNumber)?.intValue, expiresIn > 0
        else {
            throw .malformedResponse(action: "CreateToken", reason: "no accessToken with a positive expiresIn")
        }
        return Renewal(
            accessToken: accessToken, expiresIn: expiresIn, refreshToken: answer["refreshToken"] as? String)
    }
}
