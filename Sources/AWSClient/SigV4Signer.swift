import Crypto
import Foundation

/// AWS Signature Version 4 (header form), as the official test suite specifies it:
/// canonical request → string to sign → signing key derived from the secret → signature.
public struct SigV4Signer: Sendable {
    public var service: String
    public var region: String
    /// Remove `.`/`..` and empty path segments (every service but S3).
    public var normalizePath: Bool
    /// Add and sign `X-Amz-Content-Sha256` (S3 style; IAM, STS and SageMaker do not need it).
    public var signBody: Bool

    public init(service: String, region: String, normalizePath: Bool = true, signBody: Bool = false) {
        self.service = service
        self.region = region
        self.normalizePath = normalizePath
        self.signBody = signBody
    }

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (with temporary credentials) and
    /// `Authorization` to the request. `date` is a parameter so tests can pin it.
    public func sign(_ request: inout HTTPRequest, credentials: AWSCredentials, date: Date = Date()) {
        let (amzDate, day) = Self.timestamps(date)
        if request.header("host") == nil { request.setHeader("Host", Self.hostHeader(request.url)) }
        request.setHeader("X-Amz-Date", amzDate)
        if let token = credentials.sessionToken { request.setHeader("X-Amz-Security-Token", token) }
        if signBody { request.setHeader("X-Amz-Content-Sha256", Self.hex(SHA256.hash(data: request.body))) }
        let canonical = canonicalRequest(request)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hex(SHA256.hash(data: Data(canonical.request.utf8))))"
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(credentials.secretAccessKey, day: day)))
        request.setHeader("Authorization",
                          "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)")
    }

    /// The canonical request and the signed-header list (exposed for the test vectors).
    public func canonicalRequest(_ request: HTTPRequest) -> (request: String, signedHeaders: String) {
        var grouped: [String: [String]] = [:]
        for header in request.headers where header.name.lowercased() != "authorization" {
            grouped[header.name.lowercased(), default: []].append(Self.trimmed(header.value))
        }
        let names = grouped.keys.sorted()
        let headerLines = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let payloadHash = Self.hex(SHA256.hash(data: request.body))
        let text = [request.method, canonicalPath(request.url), canonicalQuery(request.url), headerLines, signedHeaders, payloadHash]
            .joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// Normalised (dot segments removed, no empty segments) and URI-encoded once, as every
    /// service but S3 expects.
    func canonicalPath(_ url: URL) -> String {
        let raw = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "/"
        let decoded = raw.removingPercentEncoding ?? raw
        guard normalizePath else {
            return decoded.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) }.joined(separator: "/")
        }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(String(segment))
        }
        var path = "/" + segments.map { Self.encode($0) }.joined(separator: "/")
        if decoded.hasSuffix("/") && !segments.isEmpty { path += "/" }
        return path
    }

    func canonicalQuery(_ url: URL) -> String {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (Self.encode(key), Self.encode(value))
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    func signingKey(_ secret: String, day: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let dateKey = hmac(SymmetricKey(data: Data("AWS4\(secret)".utf8)), day)
        return hmac(hmac(hmac(dateKey, region), service), "aws4_request")
    }

    static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
        return (day + String(format: "T%02d%02d%02dZ", c.hour!, c.minute!, c.second!), day)
    }

    static func hostHeader(_ url: URL) -> String {
        guard let host = url.host else { return "" }
        if let port = url.port, !(url.scheme == "https" && port == 443) && !(url.scheme == "http" && port == 80) {
            return "\(host):\(port)"
        }
        return host
    }

    /// Header values: leading and trailing spaces removed, inner runs of spaces collapsed.
    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// RFC 3986 unreserved characters stay; everything else is %XX (upper-case hex).
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
