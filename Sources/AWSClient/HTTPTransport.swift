import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one HTTP request and returns the answer; a protocol so tests can stand in for AWS.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse
}

/// URLSession, used synchronously: the CLI has nothing else to do while it waits, and the
/// onboarding's concurrency is bounded by its own worker threads.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for header in request.headers where header.name.lowercased() != "host" {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }
        final class Box: @unchecked Sendable {
            var result: Result<HTTPResponse, AWSError>?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let endpoint = "\(request.url.scheme ?? "https")://\(request.url.host ?? "")\(request.url.port.map { ":\($0)" } ?? "")"
        session.dataTask(with: urlRequest) { data, response, error in
            if let error {
                box.result = .failure(.transport(endpoint: endpoint, reason: error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
                box.result = .success(HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
            } else {
                box.result = .failure(.transport(endpoint: endpoint, reason: "no HTTP response"))
            }
            done.signal()
        }.resume()
        done.wait()
        switch box.result! {
        case .success(let response): return response
        case .failure(let error): throw error
        }
    }
}
