import Foundation

/// `credential_process`: a command that prints the credentials as JSON (`"Version": 1`), as
/// the AWS CLI runs it, except that it cannot hang smrole: it is given `timeout` (60 s by
/// default), its stdout and stderr are read together, and on timeout or Ctrl-C its whole
/// process group is killed. Credentials that have already expired are used (AWS will refuse
/// them with ExpiredToken) but warned about, naming the profile.
public struct ProcessCredentials: Sendable {
    public var command: String
    public var profile: String
    public var timeout: TimeInterval
    public var cancellation: CancellationGroup
    public var warn: @Sendable (String) -> Void

    public static let defaultTimeout: TimeInterval = 60

    public init(
        command: String, profile: String, timeout: TimeInterval = Self.defaultTimeout,
        cancellation: CancellationGroup = .process, warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.command = command
        self.profile = profile
        self.timeout = timeout
        self.cancellation = cancellation
        self.warn = warn
    }

    var source: String { "profile \(profile) credential_process" }

    public func fetch() throws(AWSError) -> AWSCredentials {
        let finished: ChildProcess.Finished
        do {
            finished = try ChildProcess(command: command, timeout: timeout, cancellation: cancellation.mark()).run()
        } catch {
            switch error {
            case .cannotStart(let reason): throw .credentials(source: source, reason: "cannot start it: \(reason)")
            case .timedOut:
                throw .credentials(
                    source: source,
                    reason: "it did not finish within \(CurlTransport.seconds(timeout)) s, so smrole "
                        + "stopped it; run it yourself to see where it waits")
            case .cancelled: throw .cancelled(action: source)
            case .stoppedForTerminal:
                throw .credentials(
                    source: source,
                    reason: "it tried to read from the terminal, which it cannot do under smrole; "
                        + "use a command that does not prompt")
            case .outputTooLarge:
                throw .credentials(source: source, reason: "it printed more than 1 MiB, which is not credentials")
            }
        }
        if let signal = finished.signal {
            throw .credentials(source: source, reason: "it was ended by signal \(signal)" + Self.said(finished.errors))
        }
        if let status = finished.status, status != 0 {
            throw .credentials(source: source, reason: "it exited with status \(status)" + Self.said(finished.errors))
        }
        let object = try? JSONSerialization.jsonObject(with: finished.output) as? [String: Any]
        switch object?["Version"] {
        case let version as Int where version == 1: break
        case nil where object != nil:
            throw .credentials(source: source, reason: "its output has no \"Version\": 1 (the AWS CLI requires it)")
        case let version? where object != nil:
            throw .credentials(
                source: source, reason: "its output has Version \(version); only Version 1 is supported")
        default: break  // not a JSON object: CredentialJSON says so
        }
        if let expiration = object?["Expiration"] as? String, ISO8601DateFormatter.parse(expiration) == nil {
            throw .credentials(source: source, reason: "its Expiration '\(expiration)' is not an ISO 8601 time")
        }
        let credentials = try CredentialJSON.parse(finished.output, source: source)
        if let expiration = credentials.expiration, expiration <= Date() {
            warn(
                "the credentials from \(source) expired at \(ISO8601DateFormatter().string(from: expiration)); "
                    + "AWS will refuse them until the command returns fresh ones")
        }
        return credentials
    }

    /// ": <the end of what it wrote to stderr>", on one line, or nothing.
    static func said(_ errors: Data) -> String {
        let text = String(decoding: errors, as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty else { return "" }
        return ": " + (text.count > 500 ? "…" + text.suffix(500) : text)
    }
}
