import Foundation

/// One call to a REST-JSON service that takes a bearer token instead of a signature (IAM
/// Identity Center's portal and OIDC service), with the same retries, time limits and size
/// caps as every other call. Errors carry AWS's code (`X-Amzn-ErrorType`, `__type`, `error`)
/// and message (`message`, `error_description`), with any of `secrets` blotted out of the
/// message in case a service echoes what it was sent.
struct UnsignedJSONCall: Sendable {
    let transport: any HTTPTransport
    let retry: RetryPolicy

    func send(_ unsent: HTTPRequest, action: String, secrets: [String]) throws(AWSError) -> [String: Any] {
        let response: HTTPResponse
        do {
            response = try retry.run(action: action) { attempt throws(AWSError) -> HTTPResponse in
                var request = unsent
                request.cancellation = attempt.cancellation
                let response = try transport.send(request, timeout: attempt.timeout)
                if (200..<300).contains(response.status) { return response }
                throw Self.error(from: response, action: action, secrets: secrets)
            }
        } catch {
            if case .cancelled = error { throw .cancelled(action: action) }
            throw error
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw .malformedResponse(action: action, reason: "the answer is not a JSON object")
        }
        return object
    }

    static func error(from response: HTTPResponse, action: String, secrets: [String]) -> AWSError {
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        var code =
            response.header("X-Amzn-ErrorType") ?? (object?["__type"] as? String) ?? (object?["code"] as? String)
            ?? (object?["error"] as? String).map(Self.exceptionName) ?? "HTTP\(response.status)"
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        var message =
            (object?["message"] as? String) ?? (object?["Message"] as? String)
            ?? (object?["error_description"] as? String)
            ?? (object == nil ? String(decoding: response.body.prefix(200), as: UTF8.self) : "")
        for secret in secrets where secret.count >= 4 {
            message = message.replacingOccurrences(of: secret, with: "…")
        }
        return .service(
            code: code, message: message.isEmpty ? "no details" : message, status: response.status, action: action)
    }

    /// OAuth's `invalid_grant` as the SDKs name it: `InvalidGrantException`.
    static func exceptionName(_ error: String) -> String {
        error.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Exception"
    }

    /// `role_name=…&account_id=…`: values percent-encoded as SigV4 encodes them.
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0)=\(SigV4Signer.encode($0.1))" }.joined(separator: "&")
    }

    /// The endpoint's URL with `path` after whatever path it has.
    static func url(_ endpoint: ServiceEndpoint, path: String, query: String? = nil) -> URL? {
        var base = endpoint.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path + (query.map { "?" + $0 } ?? ""))
    }
}
