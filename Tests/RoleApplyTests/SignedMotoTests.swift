import AWSClient
import Foundation
import RoleApply
import Testing

/// moto with signature checking on (INITIAL_NO_AUTH_ACTION_COUNT): our SigV4 against an
/// independent implementation, and AWS's errors as the user sees them.
@Suite("Signed requests against moto", .serialized, .enabled(if: MotoServer.available, "moto is installed by `make test`"))
struct SignedMotoTests {
    static func iam(_ moto: MotoServer, _ keys: AWSCredentials) -> IAMClient {
        IAMClient(client: ServiceClient(endpoint: try! EndpointResolver(region: "us-east-1", override: moto.url).endpoint(for: .iam),
                                        credentials: StaticCredentialProvider(keys), transport: CurlTransport(),
                                        retry: RetryPolicy(maxAttempts: 1)))
    }

    /// The three calls moto lets through unchecked: an admin user and its key.
    static func bootstrap(_ moto: MotoServer) throws -> AWSCredentials {
        let anyone = iam(moto, AWSCredentials(accessKeyId: "AKIABOOTSTRAP", secretAccessKey: "x", source: "test"))
        _ = try anyone.client.query("CreateUser", version: "2010-05-08", [("UserName", "admin")])
        let key = try anyone.client.query("CreateAccessKey", version: "2010-05-08", [("UserName", "admin")])
        _ = try anyone.client.query("PutUserPolicy", version: "2010-05-08", [("UserName", "admin"), ("PolicyName", "all"),
            ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)])
        return AWSCredentials(accessKeyId: key.find("AccessKeyId")!.text, secretAccessKey: key.find("SecretAccessKey")!.text, source: "test")
    }

    @Test func correctlySignedCallsPassAndAWrongSecretIsNamed() throws {
        let moto = try MotoServer(authenticatedAfter: 3)
        defer { moto.stop() }
        let admin = try Self.bootstrap(moto)
        #expect(try Self.iam(moto, admin).getRole("absent") == nil)
        var wrong = admin
        wrong.secretAccessKey = "not-the-secret"
        do {
            _ = try Self.iam(moto, wrong).getRole("absent")
            Issue.record("a wrong secret was accepted")
        } catch {
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(error.description.contains("AWS rejected the credentials"))
            #expect(!error.description.contains("not-the-secret"))
        }
    }

    @Test func accessDeniedNamesTheActionAndApplyLeavesNothing() throws {
        let moto = try MotoServer(authenticatedAfter: 3)
        defer { moto.stop() }
        let admin = Self.iam(moto, try Self.bootstrap(moto))
        _ = try admin.client.query("CreateUser", version: "2010-05-08", [("UserName", "reader")])
        let key = try admin.client.query("CreateAccessKey", version: "2010-05-08", [("UserName", "reader")])
        _ = try admin.client.query("PutUserPolicy", version: "2010-05-08", [("UserName", "reader"), ("PolicyName", "read"),
            ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:CreatePolicy","iam:DeletePolicy"],"Resource":"*"}]}"#)])
        let reader = Self.iam(moto, AWSCredentials(accessKeyId: key.find("AccessKeyId")!.text, secretAccessKey: key.find("SecretAccessKey")!.text, source: "test"))
        let plan = Fixture.plan(persona: "compute")
        let applier = RoleApplier(iam: reader)
        do throws(ApplyError) {
            _ = try applier.apply(plan, update: false)
            Issue.record("apply should have been denied")
        } catch {
            guard case .failed(let step, let awsError, let rollback) = error else { Issue.record("\(error)"); return }
            #expect(step.contains("created role"))
            #expect(awsError.description.contains("CreateRole was denied"))
            #expect(rollback.undone.contains { $0.contains("deleted policy") })
        }
        for policy in plan.policies { #expect(try admin.getPolicy(plan.arn(of: policy)!) == nil) }
    }

    @Test func anExpiredSessionTokenSaysWhatToDo() {
        let error = ServiceClientProbe.error(#"<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>"#, status: 403)
        #expect(error.description.contains("session token has expired"))
    }

    @Test func jsonErrorCodesAreCleanedOfNamespaces() {
        let error = ServiceClientProbe.error(#"{"__type": "com.amazonaws.sagemaker#ResourceInUse:http://internal", "Message": "exists"}"#, status: 400)
        #expect(error.code == "ResourceInUse")
    }
}

/// Error parsing through a transport that always answers the given body.
enum ServiceClientProbe {
    struct Canned: HTTPTransport {
        let body: String
        let status: Int
        func send(_ request: HTTPRequest, timeout: TimeInterval) throws(AWSError) -> HTTPResponse {
            HTTPResponse(status: status, body: Data(body.utf8))
        }
    }

    static func error(_ body: String, status: Int) -> AWSError {
        let client = ServiceClient(endpoint: try! EndpointResolver(region: "us-east-1").endpoint(for: .iam),
                                   credentials: StaticCredentialProvider(Fixture.keys), transport: Canned(body: body, status: status),
                                   retry: RetryPolicy(maxAttempts: 1))
        do {
            _ = try client.query("GetRole", version: "2010-05-08")
            return .configuration("no error")
        } catch {
            return error
        }
    }
}
