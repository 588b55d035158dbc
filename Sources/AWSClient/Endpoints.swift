import Foundation

/// The services smrole talks to, with their signing names.
public enum AWSService: String, Sendable, CaseIterable {
    case iam, sts, sagemaker

    var environmentSuffix: String { rawValue.uppercased() }
}

public struct ServiceEndpoint: Sendable, Equatable {
    public var url: URL
    public var signingName: String
    public var signingRegion: String
}

/// Where each service is: AWS's own endpoints by partition, unless overridden by
/// `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` (in that order).
public struct EndpointResolver: Sendable {
    public var region: String
    public var override: String?
    public var environment: [String: String]

    public init(region: String, override: String? = nil, environment: [String: String] = [:]) {
        self.region = region
        self.override = override
        self.environment = environment
    }

    public func endpoint(for service: AWSService) throws(AWSError) -> ServiceEndpoint {
        let partition = region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
        let suffix = partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
        // IAM is global: one endpoint per partition, signed in its home region.
        let iamRegion = partition == "aws-cn" ? "cn-north-1" : partition == "aws-us-gov" ? "us-gov-west-1" : "us-east-1"
        let signingRegion = service == .iam ? iamRegion : region
        let custom = override ?? environment["AWS_ENDPOINT_URL_\(service.environmentSuffix)"] ?? environment["AWS_ENDPOINT_URL"]
        let text: String
        if let custom {
            text = custom
        } else {
            switch service {
            case .iam:
                text = partition == "aws" ? "https://iam.amazonaws.com" : partition == "aws-cn" ? "https://iam.cn-north-1.amazonaws.com.cn" : "https://iam.us-gov.amazonaws.com"
            case .sts: text = "https://sts.\(region).\(suffix)"
            case .sagemaker: text = "https://api.sagemaker.\(region).\(suffix)"
            }
        }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .configuration("the endpoint URL '\(text)' is not an http(s) URL")
        }
        return ServiceEndpoint(url: url, signingName: service.rawValue, signingRegion: signingRegion)
    }
}
