import Foundation

/// The services smrole talks to, with their signing names.
public enum AWSService: String, Sendable, CaseIterable {
    case iam, sts, sagemaker, ec2, kms

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
        let custom =
            override ?? environment["AWS_ENDPOINT_URL_\(service.environmentSuffix)"] ?? environment["AWS_ENDPOINT_URL"]
        let text: String
        if let custom {
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
            }
        }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw .configuration("the endpoint URL '\(text)' is not an http(s) URL")
        }
        return ServiceEndpoint(url: url, signingName: service.rawValue, signingRegion: signingRegion)
    }
}
