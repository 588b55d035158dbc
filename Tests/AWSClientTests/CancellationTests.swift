import AWSClient
import Foundation
import Testing

/// Ctrl-C's interface: cancelling a group stops what is in flight in it, promptly, and
/// nothing that starts afterwards. Each test has its own group, so tests running side by
/// side cannot cancel each other's requests.
@Suite("Cancelling requests in flight")
struct CancellationTests {
    /// Sends on another thread; the result is delivered when the request ends.
    func sendInBackground(
        _ request: HTTPRequest, timeout: TimeInterval = 30
    ) -> Delivery<Result<HTTPResponse, AWSError>> {
        let delivery = Delivery<Result<HTTPResponse, AWSError>>()
        Thread.detachNewThread {
            delivery.deliver(
                Result { () throws(AWSError) -> HTTPResponse in
                    try CurlTransport(limits: TransportLimits(stallTimeout: 0)).send(request, timeout: timeout)
                })
        }
        return delivery
    }

    func identityClient(_ server: MisbehavingHTTPServer, retry: RetryPolicy) throws -> STSClient {
        let endpoint = try EndpointResolver(region: "us-east-1", override: server.url).endpoint(for: .sts)
        let keys = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", source: "test")
        return STSClient(
            client: ServiceClient(
                endpoint: endpoint, credentials: StaticCredentialProvider(keys),
                transport: CurlTransport(limits: TransportLimits(stallTimeout: 0)), retry: retry))
    }

    @Test func aRequestWaitingForAnAnswerEndsWithinASecondOfTheCancel() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let group = CancellationGroup()
        let result = sendInBackground(
            HTTPRequest(method: "GET", url: URL(string: server.url)!, cancellation: group.mark()))
        #expect(server.waitForRequests(1, timeout: 5))
        let cancelledAt = ContinuousClock.now
        group.cancelInFlight()
        let ended = try #require(result.wait(timeout: 5))
        #expect(ContinuousClock.now - cancelledAt < .milliseconds(1500))
        #expect(throws: AWSError.cancelled(action: "the request to \(server.url)")) { try ended.get() }
        #expect(server.waitUntilClientsHangUp(timeout: 5))
    }

    @Test func aRequestStartedAfterTheCancelRunsNormally() throws {
        let server = MisbehavingHTTPServer { _ in .answer(status: 200, body: "<ok/>") }
        defer { server.stop() }
        let group = CancellationGroup()
        group.cancelInFlight()
        let response = try CurlTransport().send(
            HTTPRequest(method: "GET", url: URL(string: server.url)!, cancellation: group.mark()),
            timeout: 5)
        #expect(response.status == 200 && response.body == Data("<ok/>".utf8))
    }

    @Test func aRequestOfACallThatStartedBeforeTheCancelIsNotSent() {
        let server = MisbehavingHTTPServer { _ in .answer(status: 200, body: "") }
        defer { server.stop() }
        let group = CancellationGroup()
        let markOfTheCall = group.mark()
        group.cancelInFlight()
        #expect(throws: AWSError.cancelled(action: "the request to \(server.url)")) {
            _ = try CurlTransport().send(
                HTTPRequest(method: "GET", url: URL(string: server.url)!, cancellation: markOfTheCall), timeout: 5)
        }
        #expect(server.connections == 0)
    }

    @Test func aCancelledCallIsNeitherRetriedNorFollowedByAPause() throws {
        let server = MisbehavingHTTPServer { _ in .neverAnswer }
        defer { server.stop() }
        let group = CancellationGroup()
        let pauses = Delivery<TimeInterval>()
        let sts = try identityClient(server, retry: RetryPolicy(cancellation: group, sleep: { pauses.deliver($0) }))
        let result = Delivery<Result<STSClient.Identity, AWSError>>()
        Thread.detachNewThread { result.deliver(Result { () throws(AWSError) in try sts.getCallerIdentity() }) }
        #expect(server.waitForRequests(1, timeout: 5))
        group.cancelInFlight()
        let ended = try #require(result.wait(timeout: 5))
        #expect(throws: AWSError.cancelled(action: "GetCallerIdentity")) { try ended.get() }
        #expect(server.connections == 1)
        #expect(pauses.wait(timeout: 0) == nil)
    }

    @Test func aCancelDuringTheBackoffPauseEndsTheCallWithoutAnotherAttempt() throws {
        let server = MisbehavingHTTPServer { _ in
            .answer(status: 503, body: "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>")
        }
        defer { server.stop() }
        let group = CancellationGroup()
        // After the first 503, a pause drawn from 0…1000 s (full jitter): the cancel must cut it short.
        let sts = try identityClient(
            server, retry: RetryPolicy(baseDelay: 1000, maxDelay: 1000, budget: 2000, cancellation: group))
        let result = Delivery<Result<STSClient.Identity, AWSError>>()
        Thread.detachNewThread { result.deliver(Result { () throws(AWSError) in try sts.getCallerIdentity() }) }
        #expect(server.waitForConnections(1, timeout: 5))
        #expect(server.waitUntilClientsHangUp(timeout: 5))
        let cancelledAt = ContinuousClock.now
        group.cancelInFlight()
        let ended = try #require(result.wait(timeout: 5))
        #expect(ContinuousClock.now - cancelledAt < .milliseconds(500))
        #expect(throws: AWSError.cancelled(action: "GetCallerIdentity")) { try ended.get() }
        #expect(server.connections == 1)
    }

    @Test func aPauseEndsEarlyWhenItsGroupIsCancelled() throws {
        let group = CancellationGroup()
        let mark = group.mark()
        let paused = Delivery<Duration>()
        Thread.detachNewThread {
            let start = ContinuousClock.now
            mark.pause(30)
            paused.deliver(ContinuousClock.now - start)
        }
        group.cancelInFlight()
        let pausedFor = try #require(paused.wait(timeout: 5))
        #expect(pausedFor < .milliseconds(500))
    }

    @Test func cancellingOneGroupLeavesAnotherGroupsRequestsAlone() {
        let server = MisbehavingHTTPServer { _ in .answer(status: 200, body: "") }
        defer { server.stop() }
        let mine = CancellationGroup(), theirs = CancellationGroup()
        let markOfTheirs = theirs.mark()
        mine.cancelInFlight()
        #expect(markOfTheirs.isCancelled == false)
        #expect(
            (try? CurlTransport().send(
                HTTPRequest(method: "GET", url: URL(string: server.url)!, cancellation: markOfTheirs),
                timeout: 5))?.status == 200)
    }
}
