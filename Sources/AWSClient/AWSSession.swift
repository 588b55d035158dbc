import Foundation

/// Region, credentials, endpoints and the transport resolved once, as the AWS CLI resolves
/// them, and the clients built on them.
public struct AWSSession: Sendable {
    public let region: String
    public let credentials: any CredentialProvider
    public let endpoints: EndpointResolver
    public let transport: any HTTPTransport
    public let retry: RetryPolicy

    public init(
        region: String, credentials: any CredentialProvider, endpoints: EndpointResolver,
        transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy()
    ) {
        self.region = region
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retry = retry
    }

    /// Region: `--region`, then AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, then
    /// `fallback`. Transport (unless one is given): libcurl with the CA bundle and the proxies
    /// the AWS CLI would use (`caBundle(environment:profile:)`, `ProxySettings`).
    public static func resolve(
        profile: String?, region: String?, endpointURL: String?, fallbackRegion: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: (any HTTPTransport)? = nil, retry: RetryPolicy = RetryPolicy(),
        warn: @escaping @Sendable (String) -> Void = CredentialChain.warnOnStandardError
    ) throws(AWSError) -> AWSSession {
        let files = try ConfigFiles.load(environment: environment)
        let profileName = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let settings = files.profile(profileName)
        let chosen: (name: String, from: String)
        if let region {
            chosen = (region, "--region")
        } else if let value = environment["AWS_REGION"], !value.isEmpty {
            chosen = (value, "AWS_REGION")
        } else if let value = environment["AWS_DEFAULT_REGION"], !value.isEmpty {
            chosen = (value, "AWS_DEFAULT_REGION")
        } else if let value = try settings?.word("region") {
            chosen = (value, "the region of profile '\(profileName)' (\(settings!.origin(of: "region")))")
        } else if let fallbackRegion {
            chosen = (fallbackRegion, "the answers file's region")
        } else {
            throw .configuration("no AWS region: pass --region, set AWS_REGION, or set region in the profile")
        }
        guard EndpointResolver.isRegionName(chosen.name) else {
            throw .configuration(
                "\(chosen.from) is '\(chosen.name)', which is not a region name (letters, digits and inner "
                    + "hyphens, such as eu-west-1)")
        }
        let chosenTransport: any HTTPTransport
        if let transport {
            chosenTransport = transport
        } else {
            chosenTransport = CurlTransport(
                caBundle: try caBundle(environment: environment, profile: settings),
                proxies: try ProxySettings(environment: environment))
        }
        let chain = CredentialChain(
            environment: environment, files: files, profile: profile, transport: chosenTransport,
            region: chosen.name, warn: warn, retry: retry)
        let credentials = try chain.resolve()
        var endpoints = try chain.endpoints(region: chosen.name)
        endpoints.override = endpointURL
        return AWSSession(
            region: chosen.name, credentials: credentials, endpoints: endpoints, transport: chosenTransport,
            retry: retry)
    }

    /// The certificates to trust, as botocore chooses them: AWS_CA_BUNDLE when set (set but
    /// empty: the system's), else the profile's `ca_bundle`, else REQUESTS_CA_BUNDLE; nil:
    /// the system's trust store. The file must be readable; it replaces the system's store.
    public static func caBundle(environment: [String: String], profile: ProfileSettings?) throws(AWSError) -> String? {
        let path: String, from: String
        if let value = environment["AWS_CA_BUNDLE"] {
            guard !value.isEmpty else { return nil }
            (path, from) = (value, "AWS_CA_BUNDLE")
        } else if let profile, let value = profile["ca_bundle"], !value.isEmpty,
            let line = try profile.line("ca_bundle")
        {
            (path, from) = (line, "the ca_bundle of profile '\(profile.name)' (\(profile.origin(of: "ca_bundle")))")
        } else if let value = environment["REQUESTS_CA_BUNDLE"], !value.isEmpty {
            (path, from) = (value, "REQUESTS_CA_BUNDLE")
        } else {
            return nil
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            FileManager.default.isReadableFile(atPath: path)
        else {
            throw .configuration("\(from) is '\(path)', which is not a readable file of certificates (PEM)")
        }
        return path
    }

    public func client(_ service: AWSService) throws(AWSError) -> ServiceClient {
        ServiceClient(
            endpoint: try endpoints.endpoint(for: service), credentials: credentials, transport: transport,
            retry: retry)
    }

    /// The same session with another retry policy: e.g. a deadline for a whole run, or a fresh one for its rollback.
    public func with(retry: RetryPolicy) -> AWSSession {
        AWSSession(region: region, credentials: credentials, endpoints: endpoints, transport: transport, retry: retry)
    }

    public func iam() throws(AWSError) -> IAMClient { IAMClient(client: try client(.iam)) }
    public func sts() throws(AWSError) -> STSClient { STSClient(client: try client(.sts)) }
    public func sageMaker() throws(AWSError) -> SageMakerClient { SageMakerClient(client: try client(.sagemaker)) }
    public func ec2() throws(AWSError) -> EC2Client { EC2Client(client: try client(.ec2)) }
    public func kms() throws(AWSError) -> KMSClient { KMSClient(client: try client(.kms)) }
}
