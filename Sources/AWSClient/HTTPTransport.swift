import CCurl
import Foundation

/// Sends one HTTP request and returns the answer; a protocol so tests can stand in for AWS.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse
}

/// libcurl, loaded at the first request (see CCurl): synchronous, because the CLI has nothing
/// else to do while it waits, and thread-safe, for the onboarding's worker threads.
public struct CurlTransport: HTTPTransport {
    public init() {}

    public func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
        let endpoint = "\(request.url.scheme ?? "https")://\(request.url.host ?? "")\(request.url.port.map { ":\($0)" } ?? "")"
        let lines = request.headers.filter { $0.name.lowercased() != "host" }.map { "\($0.name): \($0.value)" }
        var response = smrole_http_response()
        let status: Int32 = withCStrings(lines) { pointers in
            request.body.withUnsafeBytes { body in
                smrole_http_perform(request.method, request.url.absoluteString, pointers, pointers.count,
                                    body.baseAddress, body.count, Int(timeout * 1000), &response)
            }
        }
        defer { smrole_http_free(&response) }
        guard status == 0 else {
            let reason = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw .transport(endpoint: endpoint, reason: reason)
        }
        let body = response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
        var headers: [String: String] = [:]
        if let raw = response.headers {
            for line in String(decoding: Data(bytes: raw, count: response.headers_length), as: UTF8.self).split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
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
