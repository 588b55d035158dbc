import Foundation

/// A sign-in as `aws sso login` caches it: the access token and when it expires and, for
/// sso-session sign-ins, what renews it (the refresh token and the client registration that
/// may use it). Never printed: `description` names only the expiry.
public struct SSOToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessToken: String
    public var expiresAt: Date
    public var refreshToken: String?
    public var clientId: String?
    public var clientSecret: String?
    /// As the file holds it: botocore writes it back unchanged.
    public var registrationExpiresAt: String?
    public var startURL: String?
    public var region: String?

    public init(
        accessToken: String, expiresAt: Date, refreshToken: String? = nil, clientId: String? = nil,
        clientSecret: String? = nil, registrationExpiresAt: String? = nil, startURL: String? = nil,
        region: String? = nil
    ) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.refreshToken = refreshToken
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.registrationExpiresAt = registrationExpiresAt
        self.startURL = startURL
        self.region = region
    }

    public var description: String { "IAM Identity Center token expiring \(SSOTimestamp.format(expiresAt))" }
    public var debugDescription: String { description }

    /// Why the file cannot be used, in words that follow its path.
    public struct Problem: Error, Equatable {
        public var reason: String
    }

    /// The cache file's JSON, checked as far as smrole uses it. Other keys are ignored.
    public static func parse(_ data: Data) throws(Problem) -> SSOToken {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw Problem(reason: "is not JSON")
        }
        guard let fields = object as? [String: Any] else { throw Problem(reason: "is not a JSON object") }
        func text(_ key: String) throws(Problem) -> String? {
            guard let value = fields[key], !(value is NSNull) else { return nil }
            guard let string = value as? String else { throw Problem(reason: "has a \(key) that is not a string") }
            return string
        }
        guard let accessToken = try text("accessToken"), !accessToken.isEmpty else {
            throw Problem(reason: "has no accessToken")
        }
        guard let expiry = try text("expiresAt") else { throw Problem(reason: "has no expiresAt") }
        guard let expiresAt = SSOTimestamp.parse(expiry) else {
            throw Problem(reason: "has an expiresAt that is not a time with a zone (such as 2026-12-01T12:00:00Z)")
        }
        let registration = try text("registrationExpiresAt")
        if let registration, SSOTimestamp.parse(registration) == nil {
            throw Problem(
                reason: "has a registrationExpiresAt that is not a time with a zone (such as 2026-12-01T12:00:00Z)")
        }
        return SSOToken(
            accessToken: accessToken, expiresAt: expiresAt, refreshToken: try text("refreshToken"),
            clientId: try text("clientId"), clientSecret: try text("clientSecret"),
            registrationExpiresAt: registration, startURL: try text("startUrl"), region: try text("region"))
    }

    /// The file as botocore writes a refreshed token: its keys, times as `…Z`.
    public func json() -> Data {
        var fields: [String: String] = ["accessToken": accessToken, "expiresAt": SSOTimestamp.format(expiresAt)]
        fields["startUrl"] = startURL
        fields["region"] = region
        fields["refreshToken"] = refreshToken
        fields["clientId"] = clientId
        fields["clientSecret"] = clientSecret
        fields["registrationExpiresAt"] = registrationExpiresAt
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: fields, options: options)) ?? Data()
    }

    /// Whether CreateToken may renew it, as botocore decides: a refresh token, the client's id
    /// and secret, and a registration that has not expired. nil: it may; else why not.
    public func whyNotRefreshable(at now: Date) -> String? {
        let missing = [
            ("refreshToken", refreshToken), ("clientId", clientId), ("clientSecret", clientSecret),
            ("registrationExpiresAt", registrationExpiresAt),
        ].filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty { return "it holds no \(SSOProfile.list(missing)) to renew it with" }
        if let text = registrationExpiresAt, let expiry = SSOTimestamp.parse(text), expiry <= now {
            return "the client registration that renews it expired at \(SSOTimestamp.format(expiry))"
        }
        return nil
    }
}
