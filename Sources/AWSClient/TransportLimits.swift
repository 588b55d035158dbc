import Foundation

/// What one HTTP request may take, whatever the endpoint does: IAM, STS and SageMaker
/// answers are a few kilobytes, so a huge or endless answer is refused rather than read.
/// The time of a request is given per request (`RetryPolicy.attemptTimeout`, cut to what is
/// left of the call's budget); these bound its parts.
public struct TransportLimits: Sendable, Equatable {
    /// The largest body read; past it the request stops with `AWSError.responseTooLarge`.
    public var maxResponseBytes: Int
    /// The largest header block of an answer.
    public var maxHeaderBytes: Int
    /// Connecting (TCP, TLS and proxy handshakes).
    public var connectTimeout: TimeInterval
    /// A request that moves no byte either way for this long is given up (a retryable transport error).
    public var stallTimeout: TimeInterval

    public init(
        maxResponseBytes: Int = 16 << 20, maxHeaderBytes: Int = 64 << 10, connectTimeout: TimeInterval = 5,
        stallTimeout: TimeInterval = 5
    ) {
        self.maxResponseBytes = maxResponseBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
    }
}
