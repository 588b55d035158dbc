import AWSClient
import Foundation
import Testing

/// What a hung or hostile endpoint can cost: bounded memory (answers are capped) and bounded
/// time (attempts, calls and runs), with small injected limits so each test takes about a second.
@Suite("Transport limits")
struct TransportLimitsTests {
    static let keys = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", source: "test")

    func url(_ server: MisbehavingHTTPServer) -> URL { URL(string: server.url)! }

    func sts(
        _ server: MisbehavingHTTPServer, retry: RetryPolicy, transport: any HTTPTransport = CurlTransport()
    ) throws -> STSClient {
        let endpoint = try EndpointResolver(region: "us-east-1", override: server.url).endpoint(for: .sts)
        return STSClient(
            client: ServiceClient(
                endpoint: endpoint, credentials: StaticCredentialProvider(Self.keys),
                transport: transport, retry: retry))
    }

    // MARK: - Size

    @Test func anEndlessAnswerStopsAtTheCapWithAnErrorSayingItWasTooLarge() {
        let server = MisbehavingHTTPServer { _ in .endlessBody }
        defer { server.stop() }
        let transport = CurlTransport(limits: TransportLimits(maxResponseBytes: 1 << 20))
        let start = ContinuousClock.now
        #expect(throws: AWSError.responseTooLarge(endpoint: server.url, part: "body", limit: 1 << 20)) {
            _ = try transport.send(HTTPRequest(method: "GET", url: url(server)), timeout: 30)
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(server.waitUntilClientsHangUp(timeout: 5))
        #expect(
            AWSError.responseTooLarge(endpoint: server.url, part: "body", limit: 1 << 20).description
                .contains("was too large: its body passed 1 MiB"))
    }

    @Test func aDeclaredLengthPastTheCapIsRefusedBeforeTheBodyIsRead() {
        let server = MisbehavingHTTPServer { _ in .declaredLength(1 << 30) }
        defer { server.stop() }
        #expect(throws: AWSError.responseTooLarge(endpoint: server.url, part: "body", limit: 16 << 20)) {
            _ = try CurlTransport().send(HTTPRequest(method: "GET", url: url(server)), timeout: 30)
        }
        #expect(server.waitUntilClientsHangUp(timeout: 5))
        #expect(server.bytesSent < 16 << 20)
    }

    @Test func anAnswerOfExactlyTheCapIsRead() throws {
        let server = MisbehavingHTTPServer { _ in .declaredLength(256 << 10) }
        defer { server.stop() }
        let response = try CurlTransport(limits: TransportLimits(maxResponseBytes: 256 << 10))
            .send(HTTPRequest(method: "GET", url: url(server)), timeout: 30)
        #expect(response.body.count == 256 << 10)
    }

    @Test func headersPastTheirCapAreRefused() {
        let server = MisbehavingHTTPServer { _ in .headerLines(2_000) }
        defer { server.stop() }
        #expect(throws: AWSError.responseTooLarge(endpoint: server.url, part: "headers", limit: 64 << 10)) {
            _ = try CurlTransport().send(HTTPRequest(method: "GET", url: url(server)), timeout: 30)
        }
    }

    @Test func aTooLargeAnswerIsNotRetried() throws {
        let server = MisbehavingHTTPServer { _ in .endlessBody }
        defer { server.stop() }
        let client = try sts(
            server, retry: RetryPolicy(sleep: { _ in }),
            transport: CurlTransport(limits: TransportLimits(maxResponseBytes: 1 << 20)))
        #expect(throws: AWSError.responseTooLarge(endpoint: server.url, part: "body", limit: 1 << 20)) {
            _ = try client.getCallerIdentity()
        }
        #expect(server.connections == 1)
    }

    // MARK: - Time

    @Test func aHungEndpointGivesUpWithinTheCallsBudget() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let retry = RetryPolicy(baseDelay: 0.05, attemptTimeout: 0.5, budget: 1.5, minimumAttemptTime: 0.2)
        let client = try sts(server, retry: retry, transport: CurlTransport(limits: TransportLimits(stallTimeout: 0)))
        let start = ContinuousClock.now
        do {
            _ = try client.getCallerIdentity()
            Issue.record("a hung endpoint answered")
        } catch {
            guard case .transport(let endpoint, let reason) = error else {
                Issue.record("not a transport error: \(error)"); return
            }
            #expect(endpoint == server.url)
            #expect(reason.hasPrefix("no answer within") && reason.contains("gave up after"))
        }
        let took = ContinuousClock.now - start
        #expect(took >= .milliseconds(1200) && took < .milliseconds(2500))
        #expect(server.connections >= 2)
    }

    // These hold however slowly the machine runs: timeouts are cut at the start of each attempt.

    @Test func anAttemptGetsOnlyWhatIsLeftOfTheBudget() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let recorder = TimeoutRecorder(CurlTransport(limits: TransportLimits(stallTimeout: 0)))
        let retry = RetryPolicy(attemptTimeout: 10, budget: 0.5, minimumAttemptTime: 0.2, sleep: { _ in })
        #expect(throws: AWSError.self) { _ = try sts(server, retry: retry, transport: recorder).getCallerIdentity() }
        #expect(recorder.timeouts.count == 1)
        #expect(recorder.timeouts.allSatisfy { $0 > 0.4 && $0 <= 0.5 })
    }

    @Test func theAttemptsOfACallNeverAddUpToMoreThanItsBudget() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let recorder = TimeoutRecorder(CurlTransport(limits: TransportLimits(stallTimeout: 0)))
        let retry = RetryPolicy(attemptTimeout: 0.4, budget: 1, minimumAttemptTime: 0.01, sleep: { _ in })
        #expect(throws: AWSError.self) { _ = try sts(server, retry: retry, transport: recorder).getCallerIdentity() }
        let timeouts = recorder.timeouts
        #expect(timeouts.first == 0.4)
        #expect(timeouts.allSatisfy { $0 <= 0.4 })
        #expect(timeouts.reduce(0, +) <= 1.001)
    }

    @Test func noRetryStartsWithLessThanTheMinimumLeft() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let recorder = TimeoutRecorder(CurlTransport(limits: TransportLimits(stallTimeout: 0)))
        let retry = RetryPolicy(attemptTimeout: 0.4, budget: 1, minimumAttemptTime: 0.3, sleep: { _ in })
        #expect(throws: AWSError.self) { _ = try sts(server, retry: retry, transport: recorder).getCallerIdentity() }
        #expect((1...2).contains(recorder.timeouts.count))
        #expect(recorder.timeouts.allSatisfy { $0 >= 0.299 })
    }

    @Test func aTransferThatStallsIsGivenUpBeforeItsTimeout() {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let transport = CurlTransport(limits: TransportLimits(stallTimeout: 1))
        let start = ContinuousClock.now
        #expect(
            throws: AWSError.transport(endpoint: server.url, reason: "the connection stalled: nothing moved for 1 s")
        ) {
            _ = try transport.send(HTTPRequest(method: "GET", url: url(server)), timeout: 20)
        }
        #expect(ContinuousClock.now - start < .milliseconds(2500))
    }

    @Test func aSlowAnswerThatKeepsMovingIsNotAStall() throws {
        let server = MisbehavingHTTPServer { _ in .trickleBody(bytes: 30, interval: 0.05) }
        defer { server.stop() }
        let response = try CurlTransport(limits: TransportLimits(stallTimeout: 1))
            .send(HTTPRequest(method: "GET", url: url(server)), timeout: 20)
        #expect(response.body.count == 30)
    }

    @Test func theRunsDeadlineCutsACallShort() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let retry = RetryPolicy(
            attemptTimeout: 10, budget: 30, minimumAttemptTime: 0.2,
            deadline: ContinuousClock.now + .milliseconds(600))
        let start = ContinuousClock.now
        #expect(throws: AWSError.self) {
            _ = try sts(server, retry: retry, transport: CurlTransport(limits: TransportLimits(stallTimeout: 0)))
                .getCallerIdentity()
        }
        #expect(ContinuousClock.now - start < .milliseconds(1000))
    }

    @Test func aCallAfterTheRunsDeadlineIsNotSent() throws {
        let server = MisbehavingHTTPServer { _ in .answer(status: 200, body: "") }
        defer { server.stop() }
        let retry = RetryPolicy(deadline: ContinuousClock.now - .seconds(1))
        #expect(throws: AWSError.deadlinePassed(action: "GetCallerIdentity")) {
            _ = try sts(server, retry: retry).getCallerIdentity()
        }
        #expect(server.connections == 0)
    }
}

/// Passes requests on and records the timeout each attempt was given.
final class TimeoutRecorder: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var given: [TimeInterval] = []

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var timeouts: [TimeInterval] { lock.lock(); defer { lock.unlock() }; return given }

    func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
        lock.lock()
        given.append(timeout)
        lock.unlock()
        return try inner.send(request, timeout: timeout)
    }
}
