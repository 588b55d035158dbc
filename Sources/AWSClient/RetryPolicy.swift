import Foundation

/// Retries of throttling, server errors and lost connections: exponential backoff with full
/// jitter, bounded in attempts and in time. A call (every attempt and every pause) ends
/// within `budget`: each attempt gets the smaller of `attemptTimeout` and what is left, and
/// no retry starts with less than `minimumAttemptTime` left. Cancellation
/// (`CurlTransport.cancelInFlight()`) ends a call within about a second, without a retry or a pause.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// One attempt: connecting, sending and reading the answer.
    public var attemptTimeout: TimeInterval
    /// The whole call, from its first attempt to its last answer.
    public var budget: TimeInterval
    /// A retry needs at least this much of the budget left to start.
    public var minimumAttemptTime: TimeInterval
    /// No call runs past this instant (a bound on a whole run of calls); nil: none.
    public var deadline: ContinuousClock.Instant?
    /// What cancels the calls run under this policy.
    public var cancellation: CancellationGroup
    /// The pause between attempts (tests make it instant); the call checks for cancellation after it.
    public var sleep: (@Sendable (TimeInterval) -> Void)?

    public init(
        maxAttempts: Int = 5, baseDelay: TimeInterval = 0.1, maxDelay: TimeInterval = 5,
        attemptTimeout: TimeInterval = 10, budget: TimeInterval = 30, minimumAttemptTime: TimeInterval = 1,
        deadline: ContinuousClock.Instant? = nil, cancellation: CancellationGroup = .process,
        sleep: (@Sendable (TimeInterval) -> Void)? = nil
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.attemptTimeout = attemptTimeout
        self.budget = budget
        self.minimumAttemptTime = minimumAttemptTime
        self.deadline = deadline
        self.cancellation = cancellation
        self.sleep = sleep
    }

    /// What one attempt may use.
    public struct Attempt: Sendable {
        public var number: Int
        /// The attempt's time: `attemptTimeout`, or less when the budget is nearly spent.
        public var timeout: TimeInterval
        /// The cancellation mark of the call; its requests carry it.
        public var cancellation: CancellationGroup.Mark
    }

    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException",
        "ServiceUnavailable", "InternalFailure", "ServiceFailure", "InternalError", "RequestTimeout",
        "RequestTimeoutException",
    ]

    public func isRetryable(_ error: AWSError) -> Bool {
        switch error {
        case .transport: return true
        case .service(let code, _, let status, _):
            return status >= 500 || status == 429 || Self.throttlingCodes.contains(code)
        default: return false
        }
    }

    /// Full jitter: a random delay between 0 and the exponential cap for this attempt.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let cap = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...cap)
    }

    /// Runs `operation` until it succeeds, fails for good, or the call's time is spent.
    /// `action` names the call in the errors this policy throws itself.
    public func run<T>(
        action: String = "the request", _ operation: (Attempt) throws(AWSError) -> T
    ) throws(AWSError) -> T {
        let start = ContinuousClock.now
        let mark = cancellation.mark()
        let end = deadline.map { min($0, start + .seconds(budget)) } ?? start + .seconds(budget)
        func left() -> TimeInterval { (end - ContinuousClock.now).seconds }
        if let deadline, deadline <= start { throw .deadlinePassed(action: action) }
        var number = 1
        while true {
            do {
                return try operation(
                    Attempt(
                        number: number, timeout: min(attemptTimeout, max(0.001, left())),
                        cancellation: mark))
            } catch {
                guard isRetryable(error), number < maxAttempts, !mark.isCancelled else {
                    throw mark.isCancelled && isRetryable(error)
                        ? .cancelled(action: action)
                        : Self.annotated(error, attempts: number, since: start)
                }
                let pause = delay(afterAttempt: number)
                guard left() - pause >= minimumAttemptTime else {
                    throw Self.annotated(error, attempts: number, since: start)
                }
                if let sleep { sleep(pause) } else { mark.pause(pause) }
                if mark.isCancelled { throw .cancelled(action: action) }
                number += 1
            }
        }
    }

    /// A transport error that survived retries says how long smrole tried.
    static func annotated(_ error: AWSError, attempts: Int, since start: ContinuousClock.Instant) -> AWSError {
        guard case .transport(let endpoint, let reason) = error, attempts > 1 else { return error }
        let elapsed = (ContinuousClock.now - start).seconds
        return .transport(
            endpoint: endpoint,
            reason: "\(reason) (gave up after \(attempts) attempts in \(CurlTransport.seconds(elapsed.rounded())) s)")
    }
}
