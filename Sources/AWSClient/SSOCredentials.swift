import Foundation

/// IAM Identity Center credentials, as botocore's SSO provider gets them: the sign-in that
/// `aws sso login` cached, renewed through SSO-OIDC CreateToken once less than 15 minutes of
/// it are left (sso-session sign-ins only: legacy ones carry nothing to renew them with), then
/// GetRoleCredentials for the profile's account and role. A renewed sign-in is written back to
/// the cache for the AWS CLI and the next run. The role credentials themselves are kept in
/// memory only (`RefreshingCredentialProvider`), never on disk.
public struct SSOCredentials: Sendable {
    /// botocore's window: a sign-in with less than this left is renewed first.
    public static let renewalWindow: TimeInterval = 15 * 60

    public var profile: SSOProfile
    public var cache: SSOTokenCache
    public var portal: SSOPortalClient
    public var oidc: SSOOIDCClient
    public var warn: @Sendable (String) -> Void
    public var now: @Sendable () -> Date

    /// `endpoints` are the session's; the sign-in services are reached in the profile's `sso_region`.
    public init(
        profile: SSOProfile, cache: SSOTokenCache, endpoints: EndpointResolver, transport: any HTTPTransport,
        retry: RetryPolicy = RetryPolicy(), warn: @escaping @Sendable (String) -> Void = { _ in },
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(AWSError) {
        let signIn = endpoints.forSignIn(region: profile.region)
        self.profile = profile
        self.cache = cache
        self.portal = SSOPortalClient(endpoint: try signIn.endpoint(for: .sso), transport: transport, retry: retry)
        self.oidc = SSOOIDCClient(endpoint: try signIn.endpoint(for: .ssoOIDC), transport: transport, retry: retry)
        self.warn = warn
        self.now = now
    }

    public var tokenPath: String { cache.path(forKey: profile.tokenCacheKey) }

    /// Fails, without calling AWS, when there is no sign-in to use: none cached, a file that
    /// cannot be read, or one that has expired and cannot be renewed.
    public func checkSignIn() throws(AWSError) {
        let token = try cachedToken()
        guard token.expiresAt <= now() else { return }
        if let why = whyNotRenewable(token) { throw expired(token, why) }
    }

    public func fetch() throws(AWSError) -> AWSCredentials {
        let token = try usableToken()
        do {
            var credentials = try portal.roleCredentials(
                accountId: profile.accountId, roleName: profile.roleName, accessToken: token.accessToken)
            credentials.source =
                "profile \(profile.profile) (IAM Identity Center role \(profile.roleName) in account "
                + "\(profile.accountId))"
            return credentials
        } catch {
            throw explained(error)
        }
    }

    // MARK: - The sign-in

    private func cachedToken() throws(AWSError) -> SSOToken {
        switch cache.read(key: profile.tokenCacheKey) {
        case .missing: throw signIn("there is no cached sign-in for it (no file \(tokenPath))")
        case .unusable(let why): throw signIn("its cached sign-in \(tokenPath) \(why)")
        case .token(let token): return token
        }
    }

    private func whyNotRenewable(_ token: SSOToken) -> String? {
        guard profile.sessionName != nil else {
            return "a legacy profile's sign-in (sso_start_url on the profile) is never renewed; "
                + "with an sso-session (aws configure sso) it would be"
        }
        return token.whyNotRefreshable(at: now())
    }

    /// The cached sign-in, renewed first when it is close to expiring and can be renewed.
    private func usableToken() throws(AWSError) -> SSOToken {
        let token = try cachedToken()
        guard token.expiresAt.timeIntervalSince(now()) < Self.renewalWindow, profile.sessionName != nil,
            token.whyNotRefreshable(at: now()) == nil
        else {
            if token.expiresAt <= now() { throw expired(token, whyNotRenewable(token) ?? "it was not renewed") }
            return token
        }
        do {
            return try renew(token)
        } catch {
            // Another run may have renewed it meanwhile (a refresh token may serve only once).
            if case .token(let other) = cache.read(key: profile.tokenCacheKey), other.accessToken != token.accessToken,
                other.expiresAt > now()
            {
                return other
            }
            let refusal: String
            if case .service(let code, let message, _, _) = error {
                refusal = "IAM Identity Center refused to renew it (\(code): \(message))"
            } else if token.expiresAt <= now() {
                throw error
            } else {
                refusal = "\(error)"
            }
            guard token.expiresAt > now() else { throw expired(token, refusal) }
            warn(
                "renewing the IAM Identity Center sign-in of profile '\(profile.profile)' failed: \(refusal); "
                    + "using the current one, which expires at \(SSOTimestamp.format(token.expiresAt))")
            return token
        }
    }

    private func renew(_ token: SSOToken) throws(AWSError) -> SSOToken {
        let renewal = try oidc.refresh(
            clientId: token.clientId ?? "", clientSecret: token.clientSecret ?? "",
            refreshToken: token.refreshToken ?? "")
        // The keys botocore writes: a refresh token only when the service sent one.
        let renewed = SSOToken(
            accessToken: renewal.accessToken, expiresAt: now().addingTimeInterval(TimeInterval(renewal.expiresIn)),
            refreshToken: renewal.refreshToken, clientId: token.clientId, clientSecret: token.clientSecret,
            registrationExpiresAt: token.registrationExpiresAt, startURL: profile.startURL, region: profile.region)
        if let failure = cache.write(renewed, key: profile.tokenCacheKey) {
            warn(
                "the renewed IAM Identity Center sign-in of profile '\(profile.profile)' could not be saved to "
                    + "\(tokenPath) (\(failure)); it serves this run only")
        }
        return renewed
    }

    // MARK: - Messages

    private func signIn(_ reason: String) -> AWSError {
        .signInRequired(source: profile.source, reason: reason, command: profile.loginCommand)
    }

    private func expired(_ token: SSOToken, _ why: String) -> AWSError {
        signIn("its sign-in (\(tokenPath)) expired at \(SSOTimestamp.format(token.expiresAt)) and \(why)")
    }

    /// The portal's refusals, in words that say what to do.
    private func explained(_ error: AWSError) -> AWSError {
        guard case .service(let code, let message, let status, _) = error else { return error }
        let role = "role \(profile.roleName) in account \(profile.accountId)"
        let check = "check sso_account_id and sso_role_name of profile '\(profile.profile)' (\(profile.origin))"
        switch (code, status) {
        case ("UnauthorizedException", _), (_, 401):
            return signIn(
                "IAM Identity Center did not accept its sign-in (\(code): \(message)): it has expired or was revoked")
        case ("ForbiddenException", _), (_, 403):
            return .credentials(
                source: profile.source,
                reason: "IAM Identity Center refused \(role) (\(code): \(message)): the signed-in user is not "
                    + "assigned that role in that account; \(check), or ask your Identity Center administrator "
                    + "for the assignment")
        case ("ResourceNotFoundException", _), (_, 404):
            return .credentials(
                source: profile.source,
                reason: "IAM Identity Center knows no \(role) (\(code): \(message)); \(check)")
        default:
            return .credentials(
                source: profile.source,
                reason: "GetRoleCredentials for \(role) failed: \(code) (HTTP \(status)): \(message)")
        }
    }
}
