import Foundation

/// Retries of throttling, server errors and lost connections: exponential backoff with full
/// jitter, bounded in attempts and in total time.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// No retry starts after this much time has passed since the first attempt.
    public var budget: TimeInterval
    public var sleep: @Sendable (TimeInterval) -> Void

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.1, maxDelay: TimeInterval = 5, budget: TimeInterval = 30,
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.budget = budget
        self.sleep = sleep
    }

    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
        "ServiceUnavailable", "InternalFailure", "ServiceFailure", "InternalError", "RequestTimeout", "RequestTimeoutException",
    ]

    public func isRetryable(_ error: AWSError) -> Bool {
        switch error {
        case .transport: return true
        case .service(let code, _, let status, _): return status >= 500 || status == 429 || Self.throttlingCodes.contains(code)
        default: return false
        }
    }

    /// Full jitter: a random delay between 0 and the exponential cap for this attempt.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let cap = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...cap)
    }

    public func run<T>(_ operation: () throws(AWSError) -> T) throws(AWSError) -> T {
        let start = Date()
        var attempt = 1
        while true {
            do {
                return try operation()
            } catch {
                guard isRetryable(error), attempt < maxAttempts, Date().timeIntervalSince(start) < budget else { throw error }
                sleep(delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }
}
