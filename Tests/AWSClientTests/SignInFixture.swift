import AWSClient
import Foundation

/// A home folder with an AWS config and an IAM Identity Center token cache, and loopback
/// fakes of the portal (GetRoleCredentials), SSO-OIDC (CreateToken) and STS, reached as the
/// AWS CLI would be pointed at them: AWS_ENDPOINT_URL_SSO, _SSO_OIDC and _STS.
///
/// The fakes know one user: signed in with `cachedToken` (or `renewedToken` after CreateToken
/// with `refreshToken` of client `clientId`), assigned `role` in `account`; the portal gives
/// the role's keys, and STS answers GetCallerIdentity only when signed with them.
final class SignInFixture {
    static let account = "111122223333"
    static let role = "AdministratorAccess"
    static let startURL = "https://my-sso-portal.awsapps.com/start"
    static let legacyStartURL = "https://d-1234567890.awsapps.com/start"
    static let cachedToken = "cached-access-token-1"
    static let renewedToken = "renewed-access-token-2"
    static let refreshToken = "refresh-token-1"
    static let rotatedRefreshToken = "refresh-token-2"
    static let clientId = "client-id-1"
    static let clientSecret = "client-secret-1"
    static let roleKey = "ASIAPORTALROLE"
    static let roleSecret = "portal-role-secret"
    static let roleSession = "portal-role-session-token"
    /// `hashlib.sha1(b"corp").hexdigest()`: the file `aws sso login --sso-session corp` writes.
    static let sessionTokenFile = "ee0bfd2552fbd840c02cc48b6e823320543c450f"
    /// `hashlib.sha1(legacyStartURL.encode()).hexdigest()`: the file of a legacy profile's sign-in.
    static let legacyTokenFile = "7487b5b67d5fa1132cf33fa93ae51ef38cc37752"

    static let config = """
        [profile dev]
        sso_session = corp
        sso_account_id = \(account)
        sso_role_name = \(role)
        region = eu-west-1

        [sso-session corp]
        sso_start_url = \(startURL)
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [profile legacy]
        sso_start_url = \(legacyStartURL)
        sso_region = us-east-1
        sso_account_id = \(account)
        sso_role_name = \(role)

        """

    let home: URL
    let portal: RecordingHTTPServer
    let oidc: RecordingHTTPServer
    let sts: RecordingHTTPServer
    let warnings = Warnings()

    init(
        config: String = SignInFixture.config,
        portal: (@Sendable (RecordingHTTPServer.Request) -> RecordingHTTPServer.Answer)? = nil,
        oidc: (@Sendable (RecordingHTTPServer.Request) -> RecordingHTTPServer.Answer)? = nil
    ) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-sso-\(UUID().uuidString)")
        self.portal = RecordingHTTPServer(portal ?? Self.portal)
        self.oidc = RecordingHTTPServer(oidc ?? Self.oidc)
        self.sts = RecordingHTTPServer(Self.sts)
        try FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        try config.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
    }

    func stop() {
        portal.stop()
        oidc.stop()
        sts.stop()
        try? FileManager.default.removeItem(at: home)
    }

    var cacheFolder: URL { home.appendingPathComponent(".aws/sso/cache") }

    func tokenPath(_ key: String) -> String { cacheFolder.appendingPathComponent(key + ".json").path }

    var environment: [String: String] {
        [
            "HOME": home.path, "AWS_CONFIG_FILE": home.appendingPathComponent(".aws/config").path,
            "AWS_SHARED_CREDENTIALS_FILE": home.appendingPathComponent(".aws/credentials").path,
            "AWS_ENDPOINT_URL_SSO": portal.url, "AWS_ENDPOINT_URL_SSO_OIDC": oidc.url, "AWS_ENDPOINT_URL_STS": sts.url,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    func chain(_ profile: String?, environment: [String: String]? = nil) throws -> CredentialChain {
        let environment = environment ?? self.environment
        let warnings = self.warnings
        return CredentialChain(
            environment: environment, files: try ConfigFiles.load(environment: environment), profile: profile,
            transport: CurlTransport(), region: "eu-west-1", warn: { warnings.add($0) },
            retry: RetryPolicy(maxAttempts: 1))
    }

    /// The cache file as `aws sso login` writes it.
    func writeToken(_ key: String, _ fields: [String: String]) throws {
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: tokenPath(key)))
    }

    func readToken(_ key: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: tokenPath(key)))
        return try JSONSerialization.jsonObject(with: data) as? [String: String] ?? [:]
    }

    /// "2026-12-01T12:00:00Z", `seconds` from now (whole seconds).
    static func time(_ seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(
            from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + seconds).rounded(.down)))
    }

    /// A sign-in of sso-session `corp` that expires `seconds` from now, with what renews it.
    static func sessionToken(expiringIn seconds: TimeInterval, registrationIn registration: TimeInterval = 90 * 86400)
        -> [String: String]
    {
        [
            "startUrl": startURL, "region": "eu-west-1", "accessToken": cachedToken, "expiresAt": time(seconds),
            "clientId": clientId, "clientSecret": clientSecret, "registrationExpiresAt": time(registration),
            "refreshToken": refreshToken,
        ]
    }

    /// A legacy sign-in: no refresh token, no registration.
    static func legacyToken(expiringIn seconds: TimeInterval) -> [String: String] {
        ["startUrl": legacyStartURL, "region": "us-east-1", "accessToken": cachedToken, "expiresAt": time(seconds)]
    }

    static let portal: @Sendable (RecordingHTTPServer.Request) -> RecordingHTTPServer.Answer = { request in
        guard request.method == "GET", request.path == "/federation/credentials" else {
            return .json(404, #"{"message": "no such operation"}"#)
        }
        let token = request.headers["x-amz-sso_bearer_token"]
        guard token == cachedToken || token == renewedToken else {
            return .json(401, #"{"message": "Session token not found or invalid"}"#, errorType: "UnauthorizedException")
        }
        guard request.query["account_id"] == account, request.query["role_name"] == role else {
            return .json(403, #"{"message": "No access"}"#, errorType: "ForbiddenException")
        }
        let expiration = Int64((Date().timeIntervalSince1970 + 3600) * 1000)
        return .json(
            200,
            #"{"roleCredentials": {"accessKeyId": "\#(roleKey)", "secretAccessKey": "\#(roleSecret)", "#
                + #""sessionToken": "\#(roleSession)", "expiration": \#(expiration)}}"#)
    }

    static let oidc: @Sendable (RecordingHTTPServer.Request) -> RecordingHTTPServer.Answer = { request in
        guard request.method == "POST", request.path == "/token" else { return .json(404, "{}") }
        let body = request.json ?? [:]
        guard body["grantType"] == "refresh_token", body["refreshToken"] == refreshToken,
            body["clientId"] == clientId, body["clientSecret"] == clientSecret
        else {
            return .json(
                400, #"{"error": "invalid_grant", "error_description": "Invalid refresh token provided"}"#,
                errorType: "InvalidGrantException")
        }
        return .json(
            200,
            #"{"accessToken": "\#(renewedToken)", "expiresIn": 3600, "refreshToken": "\#(rotatedRefreshToken)", "#
                + #""tokenType": "Bearer"}"#)
    }

    /// GetCallerIdentity for the portal's role keys (and AssumeRole signed with them, whose
    /// keys it answers for too); anything else is refused as AWS refuses unknown keys.
    static let sts: @Sendable (RecordingHTTPServer.Request) -> RecordingHTTPServer.Answer = { request in
        let refused = RecordingHTTPServer.Answer(
            status: 403, headers: [("Content-Type", "text/xml")],
            body: "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>unknown key</Message></Error>"
                + "</ErrorResponse>")
        let signedBySSO = request.signingKeyId == roleKey && request.headers["x-amz-security-token"] == roleSession
        let signedByDeployer =
            request.signingKeyId == "ASIADEPLOYER"
            && request.headers["x-amz-security-token"] == "deployer-session"
        switch request.form["Action"] {
        case "GetCallerIdentity" where signedBySSO || signedByDeployer:
            let arn =
                signedBySSO
                ? "arn:aws:sts::\(account):assumed-role/AWSReservedSSO_\(role)_0123456789abcdef/ana"
                : "arn:aws:sts::\(account):assumed-role/Deployer/smrole"
            return .xml(
                "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>\(account)</Account><Arn>\(arn)</Arn>"
                    + "<UserId>AROA:ana</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>")
        case "AssumeRole" where signedBySSO:
            return .xml(
                "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIADEPLOYER</AccessKeyId>"
                    + "<SecretAccessKey>deployer-secret</SecretAccessKey><SessionToken>deployer-session</SessionToken>"
                    + "<Expiration>\(time(3600))</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>")
        default:
            return refused
        }
    }
}
