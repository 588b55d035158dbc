/// What went wrong talking to AWS, in words for the person at the keyboard. Never holds a
/// secret: messages name access key ids at most.
public enum AWSError: Error, Equatable, CustomStringConvertible {
    /// AWS answered with an error: its code and message, and the action that was refused.
    case service(code: String, message: String, status: Int, action: String)
    /// The request never got an answer (connection refused, timeout, DNS).
    case transport(endpoint: String, reason: String)
    case noCredentials(tried: [String])
    case credentials(source: String, reason: String)
    /// IAM Identity Center has no usable sign-in (none cached, expired past renewal, revoked):
    /// the person must sign in again, with `command`. Found before any call to AWS where it can be.
    case signInRequired(source: String, reason: String, command: String)
    case configuration(String)
    case malformedResponse(action: String, reason: String)
    /// The answer passed its cap (`TransportLimits`); reading stopped there. Never retried.
    case responseTooLarge(endpoint: String, part: String, limit: Int)
    /// `CurlTransport.cancelInFlight()` stopped it before an answer arrived (Ctrl-C). Never retried.
    case cancelled(action: String)
    /// The run's deadline (`RetryPolicy.deadline`) had passed, so it was not sent. Never retried.
    case deadlinePassed(action: String)

    /// AWS's message on one line: its line breaks and tabs as `\u000a`-style escapes, so an
    /// error is one line of stderr and one cell of a report (smrole's own lines keep theirs).
    static func oneLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return message }
        var out = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\n": out += "\\u000a"
            case "\r": out += "\\u000d"
            case "\t": out += "\\u0009"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public var description: String {
        switch self {
        case .service(let code, let raw, let status, let action):
            let message = Self.oneLine(raw)
            if code == "AccessDenied" || code == "AccessDeniedException" || code == "UnauthorizedOperation" {
                return "\(action) was denied (\(code), HTTP \(status)): \(message). "
                    + "The credentials need permission for \(action)."
            }
            if code == "ExpiredToken" || code == "ExpiredTokenException" {
                return "\(action): the session token has expired (\(code)); "
                    + "get fresh credentials (e.g. aws sso login) and run again."
            }
            if code == "SignatureDoesNotMatch" || code == "InvalidClientTokenId" {
                return "\(action): AWS rejected the credentials (\(code)): \(message). "
                    + "Check the secret access key and the profile."
            }
            return "\(action) failed: \(code) (HTTP \(status)): \(message)"
        case .transport(let endpoint, let reason):
            return "no answer from \(endpoint): \(reason)"
        case .noCredentials(let tried):
            return "no AWS credentials found; tried \(tried.joined(separator: ", ")). "
                + "Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile."
        case .credentials(let source, let reason):
            return "credentials from \(source) could not be used: \(reason)"
        case .signInRequired(let source, let reason, let command):
            return "credentials from \(source) could not be used: \(reason). Sign in again with: \(command)"
        case .configuration(let reason):
            return reason
        case .malformedResponse(let action, let reason):
            return "\(action): AWS answered something smrole cannot read: \(reason)"
        case .responseTooLarge(let endpoint, let part, let limit):
            return "the answer from \(endpoint) was too large: its \(part) passed \(Self.size(limit)), "
                + "more than any IAM, STS or SageMaker answer; smrole stopped reading it. "
                + "Check --endpoint-url and AWS_ENDPOINT_URL."
        case .cancelled(let action):
            return "\(action) was cancelled before an answer arrived"
        case .deadlinePassed(let action):
            return "\(action) was not sent: the run's time limit had passed"
        }
    }

    /// "16 MiB", "64 KiB", "100 bytes".
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// The AWS error code, when AWS answered.
    public var code: String? {
        if case .service(let code, _, _, _) = self { return code }
        return nil
    }
}
