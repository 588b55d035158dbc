import Foundation

/// Region, credentials and endpoints resolved once, as the AWS CLI resolves them, and the
/// clients built on them.
public struct AWSSession: Sendable {
    public let region: String
    public let credentials: any CredentialProvider
    public let endpoints: EndpointResolver
    public let transport: any HTTPTransport
    public let retry: RetryPolicy

    public init(region: String, credentials: any CredentialProvider, endpoints: EndpointResolver,
                transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy()) {
        self.region = region
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retry = retry
    }

    /// `--region`, then AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, then `fallback`.
    public static func resolve(profile: String?, region: String?, endpointURL: String?, fallbackRegion: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               transport: any HTTPTransport = CurlTransport(), retry: RetryPolicy = RetryPolicy()) throws(AWSError) -> AWSSession {
        let files = ConfigFiles.load(environment: environment)
        let profileName = profile ?? environment["AWS_PROFILE"] ?? "default"
        guard let chosen = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
                ?? files.profile(profileName)?["region"] ?? fallbackRegion else {
            throw .configuration("no AWS region: pass --region, set AWS_REGION, or set region in the profile")
        }
        let credentials = try CredentialChain(environment: environment, files: files, profile: profile, transport: transport, region: chosen).resolve()
        return AWSSession(region: chosen, credentials: credentials,
                          endpoints: EndpointResolver(region: chosen, override: endpointURL, environment: environment),
                          transport: transport, retry: retry)
    }

    public func client(_ service: AWSService) throws(AWSError) -> ServiceClient {
        ServiceClient(endpoint: try endpoints.endpoint(for: service), credentials: credentials, transport: transport, retry: retry)
    }

    public func iam() throws(AWSError) -> IAMClient { IAMClient(client: try client(.iam)) }
    public func sts() throws(AWSError) -> STSClient { STSClient(client: try client(.sts)) }
    public func sageMaker() throws(AWSError) -> SageMakerClient { SageMakerClient(client: try client(.sagemaker)) }
}
