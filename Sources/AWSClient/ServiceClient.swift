import Foundation

/// One AWS service: builds the protocol's requests, signs them, retries what may be
/// retried, and turns error answers into `AWSError` with AWS's code and message.
public final class ServiceClient: Sendable {
    public let endpoint: ServiceEndpoint
    let credentials: any CredentialProvider
    let transport: any HTTPTransport
    let retry: RetryPolicy
    private let counter = CallCounter()

    public init(
        endpoint: ServiceEndpoint, credentials: any CredentialProvider, transport: any HTTPTransport,
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
    }

    /// Requests sent so far (each retry counts), for `make bench` and tests.
    public var requestCount: Int { counter.value }

    /// A Query-protocol call (IAM, STS): form-encoded parameters in, XML out.
    public func query(
        _ action: String, version: String, _ parameters: [(String, String)] = []
    ) throws(AWSError) -> XMLTree {
        let body = ([("Action", action), ("Version", version)] + parameters)
            .map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(
            method: "POST", url: endpoint.url,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Data(body.utf8))
        let response = try send(request, action: action)
        guard let tree = XMLTree.parse(response.body) else {
            throw .malformedResponse(action: action, reason: "the answer is not XML")
        }
        return tree
    }

    /// A JSON 1.1 call (SageMaker): `X-Amz-Target: <prefix>.<action>`.
    public func json(_ action: String, targetPrefix: String, _ body: [String: Any]) throws(AWSError) -> [String: Any] {
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) } catch {
            throw .configuration("\(action): the request cannot be written as JSON")
        }
        let request = HTTPRequest(
            method: "POST", url: endpoint.url,
            headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "\(targetPrefix).\(action)")],
            body: data)
        let response = try send(request, action: action)
        // Calls without output answer with no body (KMS) or, from moto, `null`: botocore reads both as {}.
        let text = String(decoding: response.body.prefix(8), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || (text == "null" && response.body.count <= 8) { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw .malformedResponse(action: action, reason: "the answer is not a JSON object")
        }
        return object
    }

    /// Every attempt carries the call's cancellation mark, so a retry sent after Ctrl-C is
    /// cancelled too; a cancelled request is reported under its action's name.
    private func send(_ unsigned: HTTPRequest, action: String) throws(AWSError) -> HTTPResponse {
        do {
            return try retry.run(action: action) { attempt throws(AWSError) -> HTTPResponse in
                var request = unsigned
                request.cancellation = attempt.cancellation
                let keys = try credentials.credentials()
                SigV4Signer(service: endpoint.signingName, region: endpoint.signingRegion).sign(
                    &request, credentials: keys)
                counter.increment()
                let response = try transport.send(request, timeout: attempt.timeout)
                if (200..<300).contains(response.status) { return response }
                throw Self.error(from: response, action: action)
            }
        } catch {
            if case .cancelled = error { throw .cancelled(action: action) }
            throw error
        }
    }

    /// `application/x-www-form-urlencoded` as botocore writes it (spaces as `+`): servers
    /// that re-encode the parsed form before checking the signature (moto) get these bytes.
    static func formEncode(_ text: String) -> String {
        SigV4Signer.encode(text).replacingOccurrences(of: "%20", with: "+")
    }

    /// Both Query envelopes (`ErrorResponse/Error` and `ErrorResponse/Errors/Error`) and the
    /// JSON one (`__type` or `X-Amzn-ErrorType`, cleaned of namespace and URL).
    static func error(from response: HTTPResponse, action: String) -> AWSError {
        if let tree = XMLTree.parse(response.body), let error = tree.find("Error") {
            return .service(
                code: error.child("Code")?.text ?? "HTTP\(response.status)",
                message: error.child("Message")?.text ?? "",
                status: response.status, action: action)
        }
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            var code =
                response.header("X-Amzn-ErrorType") ?? (object["__type"] as? String) ?? (object["code"] as? String)
                ?? "HTTP\(response.status)"
            if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
            if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
            let message = (object["Message"] as? String) ?? (object["message"] as? String) ?? ""
            return .service(code: code, message: message, status: response.status, action: action)
        }
        let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
        return .service(
            code: "HTTP\(response.status)", message: snippet.isEmpty ? "no details" : snippet, status: response.status,
            action: action)
    }
}

final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
