import Foundation

/// Keys to sign with. The secret and token never appear in `description`, so printing,
/// logging or wrapping credentials in an error cannot leak them.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Date?
    /// Where they came from, for messages: "environment", "profile dev", "container", …
    public var source: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil, source: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String {
        "credentials \(accessKeyId) from \(source)" + (sessionToken == nil ? "" : " (temporary)")
    }

    public var debugDescription: String { description }

    public func isExpired(at date: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(date) < 60
    }
}
