import Foundation

/// The services smrole talks to. IAM Identity Center's portal (`sso`: GetRoleCredentials) and
/// its OIDC service (`sso-oidc`: CreateToken) are called unsigned, with a bearer token.
public enum AWSService: String, Sendable, CaseIterable {
    case iam, sts, sagemaker, ec2, kms, sso
    case ssoOIDC = "sso-oidc"

    /// The service's key in a `[services NAME]` section: `sso_oidc`.
    public var configKey: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    /// `AWS_ENDPOINT_URL_<this>`: `SSO_OIDC`.
    public var environmentSuffix: String { configKey.uppercased() }

    var signingName: String {
        switch self {
        case .sso: return "awsssoportal"
        case .ssoOIDC: return "sso-oauth"
        default: return rawValue
        }
    }
}

public struct ServiceEndpoint: Sendable, Equatable {
    public var url: URL
    public var signingName: String
    public var signingRegion: String
}

/// Where each service is: AWS's own endpoints by partition, unless overridden, in botocore's
/// order: `--endpoint-url` (not for the sign-in services, as in the AWS CLI), then, unless
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's `ignore_configured_endpoint_urls`) is
/// true, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the service's `endpoint_url` in the
/// profile's `[services NAME]` section, and the profile's own `endpoint_url`. Empty variables
/// count as unset.
public struct EndpointResolver: Sendable {
    public var region: String
    public var override: String?
    public var environment: [String: String]
    public var configured: ConfiguredEndpoints

    public init(
        region: String, override: String? = nil, environment: [String: String] = [:],
        configured: ConfiguredEndpoints = ConfiguredEndpoints()
    ) {
        self.region = region
        self.override = override
        self.environment = environment
        self.configured = configured
    }

    /// botocore's check (a host label): letters, digits and hyphens, at most 63, not all
    /// digits, no hyphen at either end. The region is written into host names, so nothing
    /// else may reach them.
    public static func isRegionName(_ region: String) -> Bool {
        let allowed = region.utf8.allSatisfy {
            $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                || (0x61...0x7A).contains($0)
        }
        return allowed && (1...63).contains(region.utf8.count) && !region.hasPrefix("-") && !region.hasSuffix("-")
            && !region.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// The same endpoints in another region (IAM Identity Center's `sso_region`), without
    /// `--endpoint-url`, which the AWS CLI never applies to the sign-in services.
    public func forSignIn(region: String) -> EndpointResolver {
        EndpointResolver(region: region, environment: environment, configured: configured)
    }

    /// The URL the settings choose for the service, and which setting chose it; nil: AWS's own.
    func custom(for service: AWSService) -> (url: String, from: String)? {
        if let override { return (override, "--endpoint-url") }
        let ignored =
            environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"].map { $0.lowercased() == "true" }
            ?? configured.ignore ?? false
        if ignored { return nil }
        for name in ["AWS_ENDPOINT_URL_\(service.environmentSuffix)", "AWS_ENDPOINT_URL"] {
            if let value = environment[name], !value.isEmpty { return (value, name) }
        }
        if let value = configured.services[service.configKey] { return (value.url, value.from) }
        if let value = configured.global { return (value.url, value.from) }
        return nil
    }

    public func endpoint(for service: AWSService) throws(AWSError) -> ServiceEndpoint {
        guard Self.isRegionName(region) else {
            throw .configuration(
                "the region '\(region)' is not a region name (letters, digits and inner hyphens, such as eu-west-1)")
        }
        let partition = region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
        let suffix = partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
        // IAM is global: one endpoint per partition, signed in its home region.
        let iamRegion =
            partition == "aws-cn" ? "cn-north-1" : partition == "aws-us-gov" ? "us-gov-west-1" : "us-east-1"
        let signingRegion = service == .iam ? iamRegion : region
        let text: String
        if let (custom, from) = custom(for: service) {
            guard let url = URL(string: custom), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil
            else {
                throw .configuration("\(from) is '\(custom)', which is not an http(s) URL")
            }
            text = custom
        } else {
            switch service {
            case .iam:
                text =
                    partition == "aws"
                    ? "https://iam.amazonaws.com"
                    : partition == "aws-cn"
                        ? "https://iam.cn-north-1.amazonaws.com.cn" : "https://iam.us-gov.amazonaws.com"
            case .sts: text = "https://sts.\(region).\(suffix)"
            case .sagemaker: text = "https://api.sagemaker.\(region).\(suffix)"
            case .ec2: text = "https://ec2.\(region).\(suffix)"
            case .kms: text = "https://kms.\(region).\(suffix)"
            case .sso: text = "https://portal.sso.\(region).\(suffix)"
            case .ssoOIDC: text = "https://oidc.\(region).\(suffix)"
            }
        }
        return ServiceEndpoint(url: URL(string: text)!, signingName: service.signingName, signingRegion: signingRegion)
    }
}
