import Foundation

/// An HTTP request as the signer and the transport see it: headers in order, body as bytes.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The cancellation mark of the call this request belongs to: it is cancelled once its
    /// group moves past it, even if it is a retry sent after the move. nil: the process's
    /// group as it is when the request is sent.
    public var cancellation: CancellationGroup.Mark?

    public init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data(),
        cancellation: CancellationGroup.Mark? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.cancellation = cancellation
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}
