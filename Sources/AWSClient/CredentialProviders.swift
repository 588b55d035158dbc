import Foundation

public protocol CredentialProvider: Sendable {
    func credentials() throws(AWSError) -> AWSCredentials
}

public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() throws(AWSError) -> AWSCredentials { value }
}

/// Temporary credentials (assumed roles, processes, containers, instances), fetched again
/// a minute before they expire.
public final class RefreshingCredentialProvider: CredentialProvider, @unchecked Sendable {
    private let fetch: @Sendable () throws(AWSError) -> AWSCredentials
    private let lock = NSLock()
    private var cached: AWSCredentials?

    public init(fetch: @escaping @Sendable () throws(AWSError) -> AWSCredentials) { self.fetch = fetch }

    public func credentials() throws(AWSError) -> AWSCredentials {
        lock.lock()
        defer { lock.unlock() }
        if let cached, !cached.isExpired() { return cached }
        let fresh = try fetch()
        cached = fresh
        return fresh
    }
}

/// The AWS CLI's order of credential sources:
/// 1. `--profile` when given; else the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
///    AWS_SESSION_TOKEN);
/// 2. the profile (AWS_PROFILE or `default`) from the shared files: an assumed role
///    (`role_arn` with `source_profile` or `credential_source`), IAM Identity Center
///    (`SSOCredentials`), static keys or `credential_process`;
/// 3. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI), as in
///    SageMaker Studio and CodeBuild;
/// 4. EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED is true.
public struct CredentialChain: Sendable {
    public var environment: [String: String]
    public var files: ConfigFiles
    public var profile: String?
    public var transport: any HTTPTransport
    public var region: String
    /// The container credentials host of the relative URI (169.254.170.2 in AWS).
    public var containerHost: String
    /// How long a credential_process may run.
    public var credentialProcessTimeout: TimeInterval
    /// Where warnings go (credentials that have already expired); the default is stderr.
    public var warn: @Sendable (String) -> Void
    /// The retries and time limits of the calls the chain makes itself (STS, IAM Identity Center).
    public var retry: RetryPolicy
    /// Where IAM Identity Center sign-ins are cached; nil: `~/.aws/sso/cache` under HOME.
    public var ssoCache: SSOTokenCache?

    public init(
        environment: [String: String], files: ConfigFiles, profile: String?, transport: any HTTPTransport,
        region: String, containerHost: String = "http://169.254.170.2",
        credentialProcessTimeout: TimeInterval = ProcessCredentials.defaultTimeout,
        warn: @escaping @Sendable (String) -> Void = CredentialChain.warnOnStandardError,
        retry: RetryPolicy = RetryPolicy(), ssoCache: SSOTokenCache? = nil
    ) {
        self.environment = environment
        self.files = files
        self.profile = profile
        self.transport = transport
        self.region = region
        self.containerHost = containerHost
        self.credentialProcessTimeout = credentialProcessTimeout
        self.warn = warn
        self.retry = retry
        self.ssoCache = ssoCache
    }

    /// The profile whose `services` and `endpoint_url` settings the session's endpoints follow:
    /// `--profile`, else AWS_PROFILE, else `default` (whichever profile the credentials come from).
    public var sessionProfile: String {
        profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    }

    /// Endpoints as the session resolves them (environment and config file, no `--endpoint-url`).
    func endpoints(region: String) throws(AWSError) -> EndpointResolver {
        EndpointResolver(
            region: region, environment: environment,
            configured: try ConfiguredEndpoints.read(profile: files.profile(sessionProfile), files: files))
    }

    /// "smrole: warning: …" on stderr.
    public static let warnOnStandardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("smrole: warning: \(message)\n".utf8))
    }

    public func resolve() throws(AWSError) -> any CredentialProvider {
        var tried: [String] = []
        if let profile {
            return try fromProfile(profile, chain: [])
        }
        tried.append("environment")
        if let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw .credentials(
                    source: "environment", reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return StaticCredentialProvider(
                AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token, source: "environment"))
        }
        let name = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        tried.append("profile \(name)")
        if files.profile(name) != nil {
            return try fromProfile(name, chain: [])
        } else if environment["AWS_PROFILE"] != nil {
            throw .configuration(
                "the profile '\(name)' (AWS_PROFILE) is in neither the credentials nor the config file")
        }
        tried.append("container")
        if let container = containerProvider() { return container }
        tried.append("instance metadata")
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" {
            let imds = InstanceMetadataCredentials(
                transport: transport,
                endpoint: environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254")
            if (try? imds.fetch()) != nil {
                return RefreshingCredentialProvider { () throws(AWSError) -> AWSCredentials in try imds.fetch() }
            }
        }
        throw .noCredentials(tried: tried)
    }

    /// A profile's credentials in botocore's order: an assumed role (`role_arn`), then IAM
    /// Identity Center (`sso_account_id` / `sso_role_name`), then keys from the credentials
    /// file, then `credential_process`, then keys from the config file. An IAM Identity
    /// Center sign-in that cannot be used is refused here, before any call to AWS.
    private func fromProfile(_ name: String, chain: [String]) throws(AWSError) -> any CredentialProvider {
        guard let settings = files.profile(name) else {
            throw .configuration("the profile '\(name)' is in neither the credentials nor the config file")
        }
        guard !chain.contains(name) else {
            let loop = (chain + [name]).joined(separator: " → ")
            throw .configuration("profiles \(loop) form a loop of source_profile")
        }
        if let roleArn = try settings.word("role_arn") {
            return try assumedRole(roleArn, settings: settings, chain: chain)
        }
        if let sso = try SSOProfile.read(settings, files: files) {
            let credentials = try SSOCredentials(
                profile: sso, cache: ssoCache ?? SSOTokenCache(environment: environment),
                endpoints: try endpoints(region: sso.region), transport: transport, retry: retry, warn: warn)
            try credentials.checkSignIn()
            return RefreshingCredentialProvider { () throws(AWSError) -> AWSCredentials in try credentials.fetch() }
        }
        if settings.isInCredentialsFile("aws_access_key_id") {
            return try staticKeys(settings)
        }
        if let command = try settings.line("credential_process") {
            let process = ProcessCredentials(
                command: command, profile: name, timeout: credentialProcessTimeout, warn: warn)
            return RefreshingCredentialProvider { () throws(AWSError) -> AWSCredentials in try process.fetch() }
        }
        if settings["aws_access_key_id"] != nil {
            return try staticKeys(settings)
        }
        if let sso = SSOProfile.settingNames.first(where: { settings[$0] != nil }) {
            throw .configuration(
                "\(settings.origin(of: sso)): profile '\(name)' has \(sso) but neither sso_account_id nor "
                    + "sso_role_name, so it names no role to sign in to; add both (aws configure sso writes them)")
        }
        throw .credentials(source: "profile \(name)", reason: "it has no keys, credential_process or role_arn")
    }

    private func staticKeys(_ settings: ProfileSettings) throws(AWSError) -> any CredentialProvider {
        guard let key = try settings.word("aws_access_key_id") else {
            throw .credentials(source: "profile \(settings.name)", reason: "no keys")
        }
        guard let secret = try settings.word("aws_secret_access_key") else {
            throw .credentials(
                source: "profile \(settings.name)",
                reason: "aws_access_key_id is set (\(settings.origin(of: "aws_access_key_id"))) "
                    + "but aws_secret_access_key is not")
        }
        return StaticCredentialProvider(
            AWSCredentials(
                accessKeyId: key, secretAccessKey: secret,
                sessionToken: try settings.word("aws_session_token"), source: "profile \(settings.name)"))
    }

    private func assumedRole(
        _ roleArn: String, settings: ProfileSettings, chain: [String]
    ) throws(AWSError) -> any CredentialProvider {
        let name = settings.name
        let source: any CredentialProvider
        let sourceProfile = try settings.word("source_profile"),
            credentialSource = try settings.word("credential_source")
        if sourceProfile != nil && credentialSource != nil {
            throw .configuration(
                "\(settings.origin(of: "credential_source")): profile '\(name)' has both source_profile and "
                    + "credential_source; the AWS CLI allows only one")
        }
        if let sourceProfile {
            source = try fromProfile(sourceProfile, chain: chain + [name])
        } else if let credentialSource {
            switch credentialSource {
            case "Environment":
                var fromEnvironment = self
                fromEnvironment.files = ConfigFiles()
                fromEnvironment.profile = nil
                source = try fromEnvironment.resolve()
            case "EcsContainer":
                guard let container = containerProvider() else {
                    throw .credentials(source: "profile \(name)", reason: "no container credentials")
                }
                source = container
            case "Ec2InstanceMetadata":
                let imds = InstanceMetadataCredentials(
                    transport: transport,
                    endpoint: environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254")
                source = RefreshingCredentialProvider { () throws(AWSError) -> AWSCredentials in try imds.fetch() }
            default:
                throw .configuration(
                    "\(settings.origin(of: "credential_source")): profile '\(name)': credential_source "
                        + "'\(credentialSource)' is not one of Environment, EcsContainer, Ec2InstanceMetadata")
            }
        } else {
            throw .configuration(
                "\(settings.origin(of: "role_arn")): profile '\(name)' has role_arn but neither source_profile "
                    + "nor credential_source")
        }
        let region = try settings.word("region") ?? self.region
        let endpoint = try endpoints(region: region).endpoint(for: .sts)
        let sts = STSClient(
            client: ServiceClient(endpoint: endpoint, credentials: source, transport: transport, retry: retry))
        let session = try settings.word("role_session_name") ?? "smrole-\(Int(Date().timeIntervalSince1970))"
        let externalId = try settings.word("external_id")
        let duration = try settings.word("duration_seconds").map { text throws(AWSError) -> Int in
            guard let seconds = Int(text), seconds > 0 else {
                throw settings.problem("duration_seconds", "is not a whole number of seconds")
            }
            return seconds
        }
        return RefreshingCredentialProvider { () throws(AWSError) -> AWSCredentials in
            var credentials = try sts.assumeRole(
                roleArn: roleArn, sessionName: session, externalId: externalId, durationSeconds: duration)
            credentials.source = "profile \(name) (assumed role \(roleArn))"
            return credentials
        }
    }

    private func containerProvider() -> (any CredentialProvider)? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = containerHost + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            url = full
        } else {
            return nil
        }
        var token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"],
            let data = FileManager.default.contents(atPath: file)
        {
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let container = ContainerCredentials(url: url, authorization: token, transport: transport)
        return RefreshingCredentialProvider { () throws(AWSError) -> AWSCredentials in try container.fetch() }
    }
}

/// The JSON the container endpoint, IMDS and credential_process all use.
enum CredentialJSON {
    static func parse(_ data: Data, source: String) throws(AWSError) -> AWSCredentials {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .credentials(source: source, reason: "the answer is not JSON")
        }
        guard let key = object["AccessKeyId"] as? String, let secret = object["SecretAccessKey"] as? String else {
            throw .credentials(source: source, reason: "the answer has no AccessKeyId and SecretAccessKey")
        }
        let token = (object["SessionToken"] as? String) ?? (object["Token"] as? String)
        let expiration = (object["Expiration"] as? String).flatMap(ISO8601DateFormatter.parse)
        return AWSCredentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: token, expiration: expiration, source: source)
    }
}

struct ContainerCredentials: Sendable {
    let url: String
    let authorization: String?
    let transport: any HTTPTransport

    func fetch() throws(AWSError) -> AWSCredentials {
        guard let endpoint = URL(string: url) else {
            throw .configuration("the container credentials URI '\(url)' is not a URL")
        }
        var request = HTTPRequest(method: "GET", url: endpoint)
        if let authorization { request.setHeader("Authorization", authorization) }
        let response = try transport.send(request, timeout: 2)
        guard response.status == 200 else {
            throw .credentials(source: "container", reason: "the endpoint answered HTTP \(response.status)")
        }
        return try CredentialJSON.parse(response.body, source: "container")
    }
}

/// IMDSv2: a session token first (PUT), then the role name and its credentials.
struct InstanceMetadataCredentials: Sendable {
    let transport: any HTTPTransport
    let endpoint: String

    func fetch() throws(AWSError) -> AWSCredentials {
        guard let base = URL(string: endpoint) else {
            throw .configuration("the metadata endpoint '\(endpoint)' is not a URL")
        }
        var tokenRequest = HTTPRequest(method: "PUT", url: base.appendingPathComponent("latest/api/token"))
        tokenRequest.setHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")
        let tokenResponse = try transport.send(tokenRequest, timeout: 1)
        guard tokenResponse.status == 200 else {
            throw .credentials(source: "instance metadata", reason: "no IMDSv2 token (HTTP \(tokenResponse.status))")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        func get(_ path: String) throws(AWSError) -> HTTPResponse {
            var request = HTTPRequest(method: "GET", url: base.appendingPathComponent(path))
            request.setHeader("X-aws-ec2-metadata-token", token)
            return try transport.send(request, timeout: 1)
        }
        let roles = try get("latest/meta-data/iam/security-credentials/")
        guard roles.status == 200, let role = String(decoding: roles.body, as: UTF8.self).split(separator: "\n").first
        else {
            throw .credentials(source: "instance metadata", reason: "the instance has no role")
        }
        let credentials = try get("latest/meta-data/iam/security-credentials/\(role)")
        guard credentials.status == 200 else {
            throw .credentials(source: "instance metadata", reason: "HTTP \(credentials.status)")
        }
        return try CredentialJSON.parse(credentials.body, source: "instance metadata (role \(role))")
    }
}
