import Foundation
import Glibc
import Testing

/// Signing in as admins do: `smrole apply` and the wizard's Create in AWS with an IAM Identity
/// Center profile, as `aws configure sso` and `aws sso login` leave it, against loopback fakes
/// of the portal and SSO-OIDC and (where the call must be signed right) moto with signature
/// checking on. HOME and AWS_CONFIG_FILE point at a folder of the test's own.
@Suite("smrole with IAM Identity Center profiles", .serialized, .namesTheBinaryUnderTest)
struct IdentityCenterCommandTests {
    static let account = "123456789012"
    static let startURL = "https://my-sso-portal.awsapps.com/start"
    static let legacyStartURL = "https://d-1234567890.awsapps.com/start"
    /// `hashlib.sha1(b"corp").hexdigest()` and `hashlib.sha1(legacyStartURL.encode()).hexdigest()`.
    static let sessionTokenFile = "ee0bfd2552fbd840c02cc48b6e823320543c450f"
    static let legacyTokenFile = "7487b5b67d5fa1132cf33fa93ae51ef38cc37752"

    static let config = """
        [profile dev]
        sso_session = corp
        sso_account_id = \(account)
        sso_role_name = AWSReservedSSO_Admin
        region = us-east-1

        [sso-session corp]
        sso_start_url = \(startURL)
        sso_region = eu-west-1

        [profile legacy]
        sso_start_url = \(legacyStartURL)
        sso_region = us-east-1
        sso_account_id = \(account)
        sso_role_name = AWSReservedSSO_Admin

        [profile deploy]
        role_arn = arn:aws:iam::\(account):role/Deployer
        source_profile = dev
        role_session_name = smrole-deploy

        """

    /// A home folder with the config, a token cache and the answers file.
    struct Home {
        let url: URL

        init() throws {
            url = try CLI.scratch()
            try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
            try IdentityCenterCommandTests.config.write(
                to: url.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
            try AWSCommandTests.answers.write(
                to: url.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        }

        var cache: URL { url.appendingPathComponent(".aws/sso/cache") }

        func tokenPath(_ key: String) -> String { cache.appendingPathComponent(key + ".json").path }

        func writeToken(_ key: String, _ fields: [String: String]) throws {
            try JSONSerialization.data(withJSONObject: fields).write(to: URL(fileURLWithPath: tokenPath(key)))
        }

        func readToken(_ key: String) throws -> [String: String] {
            let data = try Data(contentsOf: URL(fileURLWithPath: tokenPath(key)))
            return try JSONSerialization.jsonObject(with: data) as? [String: String] ?? [:]
        }

        /// This home, the fakes as AWS_ENDPOINT_URL_SSO and _SSO_OIDC, and AWS (moto) for the rest.
        func environment(portal: FakeAWSEndpoint, oidc: FakeAWSEndpoint, aws: String) -> [String: String?] {
            [
                "HOME": url.path, "AWS_CONFIG_FILE": url.appendingPathComponent(".aws/config").path,
                "AWS_SHARED_CREDENTIALS_FILE": url.appendingPathComponent(".aws/credentials").path,
                "AWS_ENDPOINT_URL_SSO": portal.url, "AWS_ENDPOINT_URL_SSO_OIDC": oidc.url, "AWS_ENDPOINT_URL": aws,
                "XDG_STATE_HOME": nil, "AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil,
                "AWS_SESSION_TOKEN": nil, "AWS_REGION": nil, "AWS_DEFAULT_REGION": nil,
            ]
        }
    }

    static func time(_ seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(
            from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + seconds).rounded(.down)))
    }

    static func sessionToken(expiringIn seconds: TimeInterval) -> [String: String] {
        [
            "startUrl": startURL, "region": "eu-west-1", "accessToken": "cached-access-token",
            "expiresAt": time(seconds),
            "clientId": "client-id-1", "clientSecret": "client-secret-1", "registrationExpiresAt": time(90 * 86400),
            "refreshToken": "refresh-token-1",
        ]
    }

    /// Role keys the portal hands out: real ones from moto's STS, or made up where nothing checks them.
    struct RoleKeys: Sendable {
        var accessKeyId = "ASIAFAKEPORTALKEY", secretAccessKey = "fake-secret", sessionToken = "fake-session"
    }

    /// The portal: the keys for the signed-in user's role `AWSReservedSSO_Admin`, 403 for any other.
    static func portal(_ keys: RoleKeys, tokens: Set<String>) throws -> FakeAWSEndpoint {
        try FakeAWSEndpoint.answering({ request in
            guard request.path == "/federation/credentials", let token = request.headers["x-amz-sso_bearer_token"],
                tokens.contains(token)
            else {
                return .init(
                    status: 401, contentType: "application/json",
                    body: #"{"message": "Session token not found or invalid"}"#)
            }
            guard request.query.contains("role_name=AWSReservedSSO_Admin"),
                request.query.contains("account_id=\(account)")
            else {
                return .init(
                    status: 403, contentType: "application/json", body: #"{"message": "No access"}"#,
                    headers: [("x-amzn-ErrorType", "ForbiddenException")])
            }
            let expiration = Int64((Date().timeIntervalSince1970 + 3600) * 1000)
            return .init(
                status: 200, contentType: "application/json",
                body: #"{"roleCredentials": {"accessKeyId": "\#(keys.accessKeyId)", "secretAccessKey": "#
                    + #""\#(keys.secretAccessKey)", "sessionToken": "\#(keys.sessionToken)", "#
                    + #""expiration": \#(expiration)}}"#)
        })
    }

    static func oidc() throws -> FakeAWSEndpoint {
        try FakeAWSEndpoint.answering({ request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body.utf8))) as? [String: String]
            guard request.path == "/token", body?["refreshToken"] == "refresh-token-1" else {
                return .init(
                    status: 400, contentType: "application/json",
                    body: #"{"error": "invalid_grant", "error_description": "Invalid refresh token"}"#)
            }
            return .init(
                status: 200, contentType: "application/json",
                body:
                    #"{"accessToken": "renewed-access-token", "expiresIn": 28800, "refreshToken": "refresh-token-2", "#
                    + #""tokenType": "Bearer"}"#)
        })
    }

    /// In moto (which checks signatures after the first three requests): an admin user, the
    /// roles `names` (allowed everything, trusting anyone), and temporary keys of the
    /// first role, the ones IAM Identity Center would hand out for it.
    static func bootstrap(_ moto: AWSCommandTests.Server, roles names: [String]) throws -> RoleKeys {
        let script = #"""
            import boto3, json, sys
            url, roles = sys.argv[1], sys.argv[2:]
            def client(service, key="bootstrap", secret="bootstrap"):
                return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                                    aws_access_key_id=key, aws_secret_access_key=secret)
            iam = client("iam")
            iam.create_user(UserName="admin")
            key = iam.create_access_key(UserName="admin")["AccessKey"]
            allow = json.dumps({"Version": "2012-10-17",
                                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
            iam.put_user_policy(UserName="admin", PolicyName="all", PolicyDocument=allow)
            iam = client("iam", key["AccessKeyId"], key["SecretAccessKey"])
            # moto matches trust principals literally: any principal, as the account's root would allow.
            trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                "Principal": {"AWS": "*"}}]})
            for role in roles:
                iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
                iam.put_role_policy(RoleName=role, PolicyName="all", PolicyDocument=allow)
            sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
            keys = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/" + roles[0], RoleSessionName="ana")
            print(json.dumps({k: keys["Credentials"][k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")}))
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Moto.executable).deletingLastPathComponent()
            .appendingPathComponent("python")
        process.arguments = ["-c", script, moto.url] + names
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_CONFIG_FILE"] = "/nonexistent"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        return RoleKeys(
            accessKeyId: try #require(keys["AccessKeyId"]), secretAccessKey: try #require(keys["SecretAccessKey"]),
            sessionToken: try #require(keys["SessionToken"]))
    }

    // MARK: - Signed in

    @Test(.enabled(if: Moto.available, "moto is installed by `make test`"))
    func applySignsItsCallsWithTheRoleKeysOfTheCachedSignIn() throws {
        let moto = try AWSCommandTests.Server(authenticatedAfter: 3)
        let keys = try Self.bootstrap(moto, roles: ["AWSReservedSSO_Admin"])
        let portal = try Self.portal(keys, tokens: ["cached-access-token"])
        let oidc = try Self.oidc()
        defer {
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try home.writeToken(Self.sessionTokenFile, Self.sessionToken(expiringIn: 3600))
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "dev", "--dry-run"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: moto.url))
        #expect(run.status == 0, "\(run.stderr)")
        // moto checked the signature: only the portal's role keys give this identity.
        #expect(
            run.stderr.contains(
                "Account 123456789012 as arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/ana"))
        #expect(run.stdout.contains("Dry run"))
        #expect(portal.requests.count == 1 && oidc.requests.isEmpty)
    }

    @Test(.enabled(if: Moto.available, "moto is installed by `make test`"))
    func applyRenewsAnExpiredSignInWritesItBackAndSignsWithTheRoleKeys() throws {
        let moto = try AWSCommandTests.Server(authenticatedAfter: 3)
        let keys = try Self.bootstrap(moto, roles: ["AWSReservedSSO_Admin"])
        let portal = try Self.portal(keys, tokens: ["renewed-access-token"])
        let oidc = try Self.oidc()
        defer {
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try home.writeToken(Self.sessionTokenFile, Self.sessionToken(expiringIn: -600))
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "dev", "--dry-run"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: moto.url))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("assumed-role/AWSReservedSSO_Admin/ana"))
        let renewal = try #require(oidc.requests.first)
        #expect(
            (try JSONSerialization.jsonObject(with: Data(renewal.body.utf8)) as? [String: String]) == [
                "clientId": "client-id-1", "clientSecret": "client-secret-1", "grantType": "refresh_token",
                "refreshToken": "refresh-token-1",
            ])
        let written = try home.readToken(Self.sessionTokenFile)
        #expect(written["accessToken"] == "renewed-access-token" && written["refreshToken"] == "refresh-token-2")
        let expiry = try #require(written["expiresAt"].flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(expiry > Date().addingTimeInterval(7 * 3600))
        var info = stat()
        #expect(stat(home.tokenPath(Self.sessionTokenFile), &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: home.cache.path) == [Self.sessionTokenFile + ".json"])
    }

    @Test(.enabled(if: Moto.available, "moto is installed by `make test`"))
    func aSourceProfileOfIAMIdentityCenterAssumesItsRoleWithTheSignInsKeys() throws {
        let moto = try AWSCommandTests.Server(authenticatedAfter: 3)
        let keys = try Self.bootstrap(moto, roles: ["AWSReservedSSO_Admin", "Deployer"])
        let portal = try Self.portal(keys, tokens: ["cached-access-token"])
        let oidc = try Self.oidc()
        defer {
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try home.writeToken(Self.sessionTokenFile, Self.sessionToken(expiringIn: 3600))
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "deploy", "--dry-run"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: moto.url))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("as arn:aws:sts::123456789012:assumed-role/Deployer/smrole-deploy"))
    }

    @Test(.enabled(if: Moto.available, "moto is installed by `make test`"))
    func theWizardsCreateInAWSSignsInThroughTheSameChain() throws {
        let moto = try AWSCommandTests.Server(authenticatedAfter: 3)
        let keys = try Self.bootstrap(moto, roles: ["AWSReservedSSO_Admin"])
        let portal = try Self.portal(keys, tokens: ["cached-access-token"])
        let oidc = try Self.oidc()
        defer {
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try home.writeToken(Self.sessionTokenFile, Self.sessionToken(expiringIn: 3600))
        let run = try PlainConversation.run(
            ["wizard", "--plain", "--answers", "a.yaml", "--profile", "dev", "--out", "out"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: moto.url),
            reply: { $0.contains("Create the role in AWS now?") ? "y" : "" })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr.contains("Created arn:aws:iam::123456789012:role/service-role/SageMaker-CLI"), "\(run.stderr)")
        #expect(portal.requests.count == 1)
    }

    // MARK: - Nothing to sign in with: exit 1 before any call

    @Test func anExpiredSignInWithoutWhatRenewsItExits1WithTheLoginCommandBeforeAnyCall() throws {
        let aws = try FakeAWSEndpoint { _ in .xml(500, "") }
        let portal = try Self.portal(RoleKeys(), tokens: [])
        let oidc = try Self.oidc()
        defer {
            aws.stop()
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        var token = Self.sessionToken(expiringIn: -600)
        token["refreshToken"] = nil
        try home.writeToken(Self.sessionTokenFile, token)
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "dev", "--dry-run"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: aws.url))
        #expect(run.status == 1)
        #expect(run.stderr.contains("profile dev (IAM Identity Center)"))
        #expect(run.stderr.contains("expired at \(token["expiresAt"]!)"))
        #expect(run.stderr.hasSuffix("Sign in again with: aws sso login --sso-session corp\n"), "\(run.stderr)")
        #expect(aws.requests.isEmpty && portal.requests.isEmpty && oidc.requests.isEmpty)
    }

    @Test func aLegacyProfilesExpiredSignInNamesTheProfileToSignInWith() throws {
        let aws = try FakeAWSEndpoint { _ in .xml(500, "") }
        let portal = try Self.portal(RoleKeys(), tokens: [])
        let oidc = try Self.oidc()
        defer {
            aws.stop()
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try home.writeToken(
            Self.legacyTokenFile,
            ["startUrl": Self.legacyStartURL, "region": "us-east-1", "accessToken": "old", "expiresAt": Self.time(-60)])
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "legacy"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: aws.url))
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("Sign in again with: aws sso login --profile legacy\n"), "\(run.stderr)")
        #expect(aws.requests.isEmpty && portal.requests.isEmpty)
    }

    @Test func aTokenFileThatIsNotJSONIsNamedAndExits1() throws {
        let aws = try FakeAWSEndpoint { _ in .xml(500, "") }
        let portal = try Self.portal(RoleKeys(), tokens: [])
        let oidc = try Self.oidc()
        defer {
            aws.stop()
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try Data("<html>".utf8).write(to: URL(fileURLWithPath: home.tokenPath(Self.sessionTokenFile)))
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "dev", "--dry-run"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: aws.url))
        #expect(run.status == 1)
        #expect(run.stderr.contains("its cached sign-in \(home.tokenPath(Self.sessionTokenFile)) is not JSON"))
        #expect(aws.requests.isEmpty && portal.requests.isEmpty)
    }

    @Test func aRoleTheUserIsNotAssignedIsNamedWithItsAccount() throws {
        let aws = try FakeAWSEndpoint { _ in .xml(500, "") }
        let portal = try Self.portal(RoleKeys(), tokens: ["cached-access-token"])
        let oidc = try Self.oidc()
        defer {
            aws.stop()
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        try Self.config.replacingOccurrences(
            of: "sso_role_name = AWSReservedSSO_Admin\nregion", with: "sso_role_name = ReadOnly\nregion"
        )
        .write(to: home.url.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        try home.writeToken(Self.sessionTokenFile, Self.sessionToken(expiringIn: 3600))
        let run = try CLI.run(
            ["apply", "--answers", "a.yaml", "--profile", "dev", "--dry-run"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: aws.url))
        #expect(run.status == 3)
        #expect(
            run.stderr.contains(
                "IAM Identity Center refused role ReadOnly in account 123456789012 (ForbiddenException: No access)"),
            "\(run.stderr)")
        #expect(run.stderr.contains("check sso_account_id and sso_role_name of profile 'dev'"))
        #expect(!run.stderr.contains("cached-access-token"))
        #expect(aws.requests.isEmpty)
    }

    @Test func theWizardsCreateSaysToSignInAgainWhenTheSignInHasExpired() throws {
        let aws = try FakeAWSEndpoint { _ in .xml(500, "") }
        let portal = try Self.portal(RoleKeys(), tokens: [])
        let oidc = try Self.oidc()
        defer {
            aws.stop()
            portal.stop()
            oidc.stop()
        }
        let home = try Home()
        var token = Self.sessionToken(expiringIn: -600)
        token["refreshToken"] = nil
        try home.writeToken(Self.sessionTokenFile, token)
        let run = try PlainConversation.run(
            ["wizard", "--plain", "--answers", "a.yaml", "--profile", "dev", "--out", "out"], in: home.url,
            environment: home.environment(portal: portal, oidc: oidc, aws: aws.url),
            reply: { $0.contains("Create the role in AWS now?") ? "y" : "" })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("! The role was not created"), "\(run.stderr)")
        #expect(run.stderr.contains("credentials from profile dev (IAM Identity Center) could not be used"))
        #expect(run.stderr.contains("Sign in again with: aws sso login --sso-session corp"))
        #expect(aws.requests.isEmpty && portal.requests.isEmpty)
    }
}
