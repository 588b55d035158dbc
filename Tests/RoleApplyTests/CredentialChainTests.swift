import AWSClient
import Foundation
import Testing

/// Every credential source, resolved as the AWS CLI does, against loopback fakes.
@Suite("Credential sources", .serialized)
struct CredentialChainTests {
    static let expiry = "2099-01-01T00:00:00Z"

    func chain(
        _ environment: [String: String], files: ConfigFiles = ConfigFiles(), profile: String? = nil,
        containerHost: String = "http://169.254.170.2"
    ) -> CredentialChain {
        CredentialChain(
            environment: environment.merging([
                "AWS_EC2_METADATA_DISABLED": environment["AWS_EC2_METADATA_DISABLED"] ?? "true"
            ]) { a, _ in a },
            files: files, profile: profile, transport: CurlTransport(), region: "us-east-1",
            containerHost: containerHost)
    }

    @Test func environmentKeysWithASessionToken() throws {
        let keys = try chain([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
        ]).resolve().credentials()
        #expect(keys.accessKeyId == "AKIAENV" && keys.sessionToken == "token" && keys.source == "environment")
    }

    @Test func aKeyWithoutItsSecretIsNamed() {
        #expect(
            throws: AWSError.credentials(
                source: "environment", reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        ) {
            _ = try chain(["AWS_ACCESS_KEY_ID": "AKIAENV"]).resolve()
        }
    }

    @Test func profilesComeFromTheSharedFilesWithTheCredentialsFileFirst() throws {
        let files = ConfigFiles(
            credentialsFile: try SharedConfigFile.parse(
                Data("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n".utf8),
                path: "credentials", kind: .credentials),
            configFile: try SharedConfigFile.parse(
                Data("[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIAOLD\n".utf8),
                path: "config", kind: .config))
        let keys = try chain(["AWS_PROFILE": "dev"], files: files).resolve().credentials()
        #expect(keys.accessKeyId == "AKIADEV")
        #expect(files.profile("dev")?["region"] == "eu-west-1")
    }

    @Test func anExplicitProfileWinsOverEnvironmentKeys() throws {
        let files = ConfigFiles(credentials: ["ci": ["aws_access_key_id": "AKIACI", "aws_secret_access_key": "s"]])
        let keys = try chain(
            ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "x"], files: files, profile: "ci"
        ).resolve().credentials()
        #expect(keys.accessKeyId == "AKIACI")
    }

    @Test func anUnknownProfileIsAnError() {
        #expect(throws: AWSError.self) { _ = try chain(["AWS_PROFILE": "nope"]).resolve() }
    }

    @Test func credentialProcessOutputIsUsed() throws {
        let command = #"printf '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "s", "#
            + #""SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}'"#
        let files = ConfigFiles(config: ["proc": ["credential_process": command]])
        let keys = try chain([:], files: files, profile: "proc").resolve().credentials()
        #expect(keys.accessKeyId == "AKIAPROC" && keys.sessionToken == "t")
    }

    @Test func aFailingCredentialProcessSaysSo() {
        let files = ConfigFiles(config: ["proc": ["credential_process": "exit 3"]])
        #expect(
            throws: AWSError.credentials(source: "profile proc credential_process", reason: "it exited with status 3")
        ) {
            _ = try chain([:], files: files, profile: "proc").resolve().credentials()
        }
    }

    /// The files as they would be on disk: parsed from text, so settings know their lines.
    func files(credentials: String = "", config: String = "") throws -> ConfigFiles {
        ConfigFiles(
            credentialsFile: try SharedConfigFile.parse(
                Data(credentials.utf8), path: "/home/ana/.aws/credentials", kind: .credentials),
            configFile: try SharedConfigFile.parse(Data(config.utf8), path: "/home/ana/.aws/config", kind: .config))
    }

    static let process = #"printf '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "s"}'"#

    @Test func keysInTheCredentialsFileWinOverACredentialProcessAsInTheCLI() throws {
        let files = try files(
            credentials: "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n",
            config: "[profile dev]\ncredential_process = \(Self.process)\n")
        #expect(try chain([:], files: files, profile: "dev").resolve().credentials().accessKeyId == "AKIAFILE")
    }

    @Test func aCredentialProcessWinsOverKeysInTheConfigFileAsInTheCLI() throws {
        let files = try files(
            config: "[profile dev]\ncredential_process = \(Self.process)\naws_access_key_id = AKIACONF\n"
                + "aws_secret_access_key = s\n")
        #expect(try chain([:], files: files, profile: "dev").resolve().credentials().accessKeyId == "AKIAPROC")
    }

    @Test func anEmptySecretIsRefusedWithItsFileLineAndProfile() throws {
        let files = try files(credentials: "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key =\n")
        #expect(
            throws: AWSError.configuration(
                "/home/ana/.aws/credentials, line 3: aws_secret_access_key of profile 'dev' is empty")
        ) {
            _ = try chain([:], files: files, profile: "dev").resolve()
        }
    }

    @Test func aHungCredentialProcessIsStoppedAtTheChainsTimeoutNamingTheProfile() throws {
        let files = try files(config: "[profile slow]\ncredential_process = sleep 1000\n")
        var slow = chain([:], files: files, profile: "slow")
        slow.credentialProcessTimeout = 0.5
        #expect(
            throws: AWSError.credentials(
                source: "profile slow credential_process",
                reason: "it did not finish within 0.5 s, so smrole stopped it; run it yourself to see where it waits")
        ) {
            _ = try slow.resolve().credentials()
        }
    }

    @Test func aProfileWithBothSourceProfileAndCredentialSourceIsRefusedAsInTheCLI() throws {
        let files = try files(
            config: "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/D\nsource_profile = base\n"
                + "credential_source = Environment\n")
        #expect(
            throws: AWSError.configuration(
                "/home/ana/.aws/config, line 4: profile 'deploy' has both source_profile and "
                    + "credential_source; the AWS CLI allows only one")
        ) {
            _ = try chain([:], files: files, profile: "deploy").resolve()
        }
    }

    @Test func containerCredentialsFromTheFullURIWithAuthorization() throws {
        let server = LoopbackHTTPServer { request in
            request.headers["authorization"] == "Bearer xyz"
                ? (200, #"{"AccessKeyId": "AKIACONT", "SecretAccessKey": "s", "Token": "t", "#
                    + #""Expiration": "\#(Self.expiry)"}"#)
                : (401, "{}")
        }
        defer { server.stop() }
        let keys = try chain([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer xyz",
        ]).resolve().credentials()
        #expect(keys.accessKeyId == "AKIACONT" && keys.sessionToken == "t")
    }

    @Test func containerCredentialsFromTheRelativeURIAsInStudio() throws {
        let server = LoopbackHTTPServer { request in
            request.path == "/v2/credentials/abc"
                ? (200, #"{"AccessKeyId": "AKIAREL", "SecretAccessKey": "s", "Token": "t"}"#) : (404, "{}")
        }
        defer { server.stop() }
        let keys = try chain(
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], containerHost: server.url
        ).resolve().credentials()
        #expect(keys.accessKeyId == "AKIAREL")
    }

    @Test func instanceMetadataUsesAnIMDSv2Token() throws {
        let server = LoopbackHTTPServer { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] != nil ? (200, "TOKEN") : (400, "")
            case (_, _) where request.headers["x-aws-ec2-metadata-token"] != "TOKEN":
                return (401, "")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return (200, "InstanceRole")
            case ("GET", "/latest/meta-data/iam/security-credentials/InstanceRole"):
                return (200, #"{"Code": "Success", "AccessKeyId": "AKIAIMDS", "SecretAccessKey": "s", "Token": "t", "#
                    + #""Expiration": "\#(Self.expiry)"}"#)
            default:
                return (404, "")
            }
        }
        defer { server.stop() }
        let keys = try chain(["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url])
            .resolve().credentials()
        #expect(keys.accessKeyId == "AKIAIMDS")
        #expect(server.requests.first?.method == "PUT")
    }

    @Test func nothingFoundListsWhatWasTried() {
        #expect(
            throws: AWSError.noCredentials(tried: ["environment", "profile default", "container", "instance metadata"])
        ) {
            _ = try chain([:]).resolve()
        }
    }

    @Test(.enabled(if: MotoServer.available, "needs moto"))
    func anAssumeRoleProfileCallsSTSWithItsSourceProfile() throws {
        // A server of its own: the apply suite resets the shared one between its tests, which
        // would wipe STS's state under this test when the suites run side by side.
        let moto = try MotoServer()
        let files = ConfigFiles(
            credentials: ["base": ["aws_access_key_id": "testing", "aws_secret_access_key": "testing"]],
            config: [
                "deploy": [
                    "role_arn": "arn:aws:iam::123456789012:role/Deployer", "source_profile": "base",
                    "role_session_name": "smrole-test",
                ]
            ])
        let keys = try chain(["AWS_ENDPOINT_URL": moto.url], files: files, profile: "deploy").resolve().credentials()
        #expect(keys.accessKeyId != "testing")
        #expect(keys.sessionToken != nil)
        #expect(keys.source.contains("assumed role arn:aws:iam::123456789012:role/Deployer"))
    }

    @Test func aSourceProfileLoopIsAnError() {
        let files = ConfigFiles(config: [
            "a": ["role_arn": "arn:aws:iam::1:role/x", "source_profile": "b"],
            "b": ["role_arn": "arn:aws:iam::1:role/y", "source_profile": "a"],
        ])
        #expect(throws: AWSError.self) { _ = try chain([:], files: files, profile: "a").resolve() }
    }

    @Test func endpointsFollowTheOverrideOrder() throws {
        let env = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_IAM": "http://127.0.0.1:2"]
        #expect(try EndpointResolver(region: "eu-west-1", environment: env).endpoint(for: .iam).url.port == 2)
        #expect(try EndpointResolver(region: "eu-west-1", environment: env).endpoint(for: .sts).url.port == 1)
        #expect(
            try EndpointResolver(region: "eu-west-1", override: "http://127.0.0.1:3", environment: env).endpoint(
                for: .iam
            ).url.port == 3)
        let aws = try EndpointResolver(region: "eu-west-1").endpoint(for: .sagemaker)
        #expect(
            aws.url.absoluteString == "https://api.sagemaker.eu-west-1.amazonaws.com"
                && aws.signingRegion == "eu-west-1")
        #expect(try EndpointResolver(region: "eu-west-1").endpoint(for: .iam).signingRegion == "us-east-1")
    }
}
