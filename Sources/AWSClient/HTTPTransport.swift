import CCurl
import Foundation

/// Sends one HTTP request and returns the answer; a protocol so tests can stand in for AWS.
public protocol HTTPTransport: Sendable {
    /// `timeout` bounds the whole request, connecting included.
    func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse
}

/// libcurl, loaded at the first request (see CCurl): synchronous, because the CLI has nothing
/// else to do while it waits, and thread-safe, for the onboarding's worker threads.
public struct CurlTransport: HTTPTransport {
    public var limits: TransportLimits
    /// A PEM file of certificates that replaces the system's trust store (AWS_CA_BUNDLE, ca_bundle).
    public var caBundle: String?
    /// Which proxy each request uses; none by default (libcurl's own reading of the environment is off).
    public var proxies: ProxySettings

    public init(
        limits: TransportLimits = TransportLimits(), caBundle: String? = nil, proxies: ProxySettings = ProxySettings()
    ) {
        self.limits = limits
        self.caBundle = caBundle
        self.proxies = proxies
    }

    /// Aborts, within about a second, every request already on the wire, in every thread,
    /// and what waits with them (retry pauses, a credential_process): each fails with
    /// `AWSError.cancelled`, which is never retried. Requests started afterwards run normally,
    /// so a rollback after Ctrl-C can still reach AWS; calling this again cancels those too.
    public static func cancelInFlight() { CancellationGroup.process.cancelInFlight() }

    public func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
        let endpoint = Self.endpoint(of: request.url)
        let lines = request.headers.filter { $0.name.lowercased() != "host" }.map { "\($0.name): \($0.value)" }
        var options = smrole_http_options()
        options.timeout_ms = max(1, Int(timeout * 1000))
        options.connect_timeout_ms = max(1, Int(limits.connectTimeout * 1000))
        options.stall_timeout_ms = max(0, Int(limits.stallTimeout * 1000))
        options.max_body_bytes = limits.maxResponseBytes
        options.max_header_bytes = limits.maxHeaderBytes
        let cancellation = request.cancellation ?? CancellationGroup.process.mark()
        options.cancel_counter = cancellation.group.counter
        options.cancel_epoch = cancellation.epoch
        let caBundle = self.caBundle.flatMap { strdup($0) },
            proxy = proxies.proxy(for: request.url).flatMap { strdup($0) }
        defer { free(caBundle); free(proxy) }
        options.ca_bundle = UnsafePointer(caBundle)
        options.proxy = UnsafePointer(proxy)
        var response = smrole_http_response()
        let outcome: Int32 = withExtendedLifetime(cancellation.group) {
            withCStrings(lines) { pointers in
                request.body.withUnsafeBytes { body in
                    smrole_http_perform(
                        request.method, request.url.absoluteString, pointers, pointers.count,
                        body.baseAddress, body.count, &options, &response)
                }
            }
        }
        defer { smrole_http_free(&response) }
        let reason = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch smrole_http_outcome(rawValue: UInt32(outcome)) {
        case SMROLE_HTTP_ANSWERED:
            return Self.answer(response)
        case SMROLE_HTTP_TIMED_OUT:
            throw .transport(endpoint: endpoint, reason: "no answer within \(Self.seconds(timeout)) s")
        case SMROLE_HTTP_STALLED:
            throw .transport(
                endpoint: endpoint,
                reason: "the connection stalled: nothing moved for \(Self.seconds(limits.stallTimeout)) s")
        case SMROLE_HTTP_TOO_LARGE:
            let headers = response.too_large_part == 2
            throw .responseTooLarge(
                endpoint: endpoint, part: headers ? "headers" : "body",
                limit: headers ? limits.maxHeaderBytes : limits.maxResponseBytes)
        case SMROLE_HTTP_CANCELLED:
            throw .cancelled(action: "the request to \(endpoint)")
        default:
            throw .transport(endpoint: endpoint, reason: reason)
        }
    }

    /// "https://host[:port]", for messages: never the path or query, which may carry parameters.
    static func endpoint(of url: URL) -> String {
        "\(url.scheme ?? "https")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")"
    }

    /// "10", "0.5": a time for a message.
    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func answer(_ response: smrole_http_response) -> HTTPResponse {
        let body = response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
        var headers: [String: String] = [:]
        if let raw = response.headers {
            let text = String(decoding: Data(bytes: raw, count: response.headers_length), as: UTF8.self)
            for line in text.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
        }
        return HTTPResponse(status: response.status, headers: headers, body: body)
    }

    private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) })
    }
}
