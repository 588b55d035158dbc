import Foundation

/// The proxy each request goes through, chosen from the environment as the AWS CLI chooses
/// it (botocore through Python's `urllib.request.getproxies` and `proxy_bypass`), not as
/// libcurl would (libcurl ignores an uppercase HTTP_PROXY):
/// - `http_proxy` / `HTTP_PROXY` for http URLs, `https_proxy` / `HTTPS_PROXY` for https ones;
///   the lowercase name wins, and an empty lowercase one cancels the uppercase one; `ALL_PROXY`
///   is not used; under CGI (`REQUEST_METHOD` set) an uppercase HTTP_PROXY is ignored;
/// - `no_proxy` / `NO_PROXY`: `*`, or host names and domain suffixes separated by commas
///   (`.example.com` and `example.com` both cover `api.example.com`), with or without a port;
/// - a proxy without a scheme is http (`proxy:3128`).
public struct ProxySettings: Sendable, Equatable {
    /// Scheme ("http", "https") → proxy URL.
    public var proxies: [String: String]
    /// The no_proxy entries, lowercased, leading dots removed; ["*"] bypasses every host.
    public var bypass: [String]

    /// No proxy at all.
    public init() {
        proxies = [:]
        bypass = []
    }

    public init(environment: [String: String]) throws(AWSError) {
        var found: [String: String] = [:]
        for (name, value) in environment where !value.isEmpty && name.lowercased().hasSuffix("_proxy") {
            found[String(name.lowercased().dropLast(6))] = value
        }
        if environment["REQUEST_METHOD"] != nil { found["http"] = nil }
        for (name, value) in environment where name.hasSuffix("_proxy") {
            found[String(name.lowercased().dropLast(6))] = value.isEmpty ? nil : value
        }
        proxies = [:]
        for scheme in ["http", "https"] {
            guard let value = found[scheme] else { continue }
            proxies[scheme] = try Self.proxyURL(value, variable: "\(scheme)_proxy")
        }
        bypass =
            (found["no"] ?? "") == "*"
            ? ["*"]
            : (found["no"] ?? "").split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces).drop { $0 == "." }).lowercased()
            }
            .filter { !$0.isEmpty }
    }

    /// The proxy for this URL, or nil to connect directly.
    public func proxy(for url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let proxy = proxies[scheme] else { return nil }
        return bypasses(url) ? nil : proxy
    }

    /// `proxy_bypass_environment`: the host (or host:port) is an entry or ends with "." + an entry.
    func bypasses(_ url: URL) -> Bool {
        if bypass == ["*"] { return true }
        let host = (url.host ?? "").lowercased()
        let hostAndPort = url.port.map { "\(host):\($0)" } ?? host
        return bypass.contains { entry in
            host == entry || hostAndPort == entry || host.hasSuffix("." + entry) || hostAndPort.hasSuffix("." + entry)
        }
    }

    /// botocore's `_fix_proxy_url`: `//host` and `host` become http URLs. Schemes other than
    /// http and https (socks5://) are refused: botocore cannot use them either.
    static func proxyURL(_ value: String, variable: String) throws(AWSError) -> String {
        if value.hasPrefix("http:") || value.hasPrefix("https:") { return value }
        if value.hasPrefix("//") { return "http:" + value }
        if let scheme = value.range(of: "://"),
            !value[..<scheme.lowerBound].contains(where: { $0 == "/" || $0 == "@" })
        {
            throw .configuration(
                "\(variable) (or its uppercase twin) is '\(value)'; only http:// and https:// proxies are "
                    + "supported, as in the AWS CLI")
        }
        return "http://" + value
    }
}
