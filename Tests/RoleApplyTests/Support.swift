import AWSClient
import Foundation
import RoleApply
import RoleEngine

enum Fixture {
    static let catalog: Catalog = try! Catalog.builtIn()
    static let account = "123456789012"
    static let keys = AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing", source: "test")

    static func session(_ moto: MotoServer, transport: any HTTPTransport = CurlTransport(),
                        retry: RetryPolicy = RetryPolicy(sleep: { _ in })) -> AWSSession {
        AWSSession(region: "us-east-1", credentials: StaticCredentialProvider(keys),
                   endpoints: EndpointResolver(region: "us-east-1", override: moto.url), transport: transport, retry: retry)
    }

    static func plan(persona: String, tags: [RoleTag] = [RoleTag(key: "team", value: "ml")], activities: [String]? = nil,
                     managed: [String] = []) -> RolePlan {
        let ids = activities ?? catalog.persona(persona)!.activities
        let spec = RoleSpec(
            role: RoleSettings(name: "SageMaker-\(persona)", description: "apply test"), persona: persona, account: account, region: "us-east-1",
            activities: ids.map { id in
                ActivitySelection(id: id, parameters: Dictionary(uniqueKeysWithValues: catalog.activity(id)!.parameters.map { p in
                    (p.key, p.key == "passRoles" ? ["arn:aws:iam::123456789012:role/service-role/SageMaker-Compute"]
                     : p.key == "s3Buckets" ? ["sagemaker-us-east-1-123456789012"]
                     : p.key == "ecrRepositories" ? ["arn:aws:ecr:us-east-1:123456789012:repository/images"] : ["value"])
                }))
            },
            managedPolicies: managed, tags: tags)
        return try! RoleBuilder(catalog: catalog).build(spec)
    }
}

/// Passes requests through, and fails the chosen ones: to inject a failure at any call.
final class FaultyTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private(set) var writes: [String] = []
    private(set) var actions: [String] = []
    /// Fail the n-th write call (1-based) with this error answer.
    var failWrite: Int?
    /// Answer this many first calls with a throttling error.
    var throttleFirst = 0
    /// Send the n-th write to IAM, then lose its answer (the connection drops): IAM changed,
    /// the caller does not know, and retries.
    var loseReplyOfWrite: Int?
    /// Send the n-th write to IAM, then answer 200 with a body that is not XML.
    var garbleReplyOfWrite: Int?
    /// Called with each write's number and action before it is sent (or lost).
    var beforeWrite: ((Int, String) -> Void)?
    /// Called with each write's number and action after IAM has answered it.
    var afterWrite: ((Int, String) -> Void)?
    /// Every call fails from now on, as if the process had died: nothing more reaches IAM.
    var dead = false

    init(_ inner: any HTTPTransport) { self.inner = inner }

    static let readPrefixes = ["Get", "List", "Describe"]

    func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
        let body = String(decoding: request.body, as: UTF8.self)
        let action = body.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) } ?? "?"
        lock.lock()
        actions.append(action)
        if throttleFirst > 0 {
            throttleFirst -= 1
            lock.unlock()
            return HTTPResponse(status: 400, body: Data("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>".utf8))
        }
        if dead {
            lock.unlock()
            throw .transport(endpoint: "test", reason: "the process is gone")
        }
        let isWrite = !Self.readPrefixes.contains { action.hasPrefix($0) }
        if isWrite { writes.append(action) }
        let number = writes.count
        let fail = isWrite && failWrite == number
        let lose = isWrite && loseReplyOfWrite == number
        let garble = isWrite && garbleReplyOfWrite == number
        let before = isWrite ? beforeWrite : nil
        let after = isWrite ? afterWrite : nil
        lock.unlock()
        before?(number, action)
        if dead { throw .transport(endpoint: "test", reason: "the process is gone") }
        if fail {
            return HTTPResponse(status: 409, body: Data("<ErrorResponse><Error><Code>LimitExceeded</Code><Message>injected failure at \(action)</Message></Error></ErrorResponse>".utf8))
        }
        let response = try inner.send(request, timeout: timeout)
        after?(number, action)
        if lose { throw .transport(endpoint: "test", reason: "connection closed before the answer") }
        if garble { return HTTPResponse(status: 200, body: Data("<html>proxy error".utf8)) }
        return response
    }
}
