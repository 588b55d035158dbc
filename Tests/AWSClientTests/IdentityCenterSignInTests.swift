import AWSClient
import Foundation
import Glibc
import Testing

/// IAM Identity Center profiles as the AWS CLI reads them: the sign-in `aws sso login`
/// cached, renewed through SSO-OIDC when it runs out, GetRoleCredentials for the profile's
/// role, and "sign in again" said before any call to AWS when nothing can be used. Against
/// loopback fakes of the portal, SSO-OIDC and STS (`SignInFixture`).
@Suite("IAM Identity Center sign-in")
struct IdentityCenterSignInTests {
    typealias Fixture = SignInFixture

    /// The AWSError `body` throws; nil (and a recorded issue) when it throws none or another error.
    func refusal(_ body: () throws -> Void) -> AWSError? {
        do {
            try body()
            Issue.record("nothing was refused")
        } catch let error as AWSError {
            return error
        } catch {
            Issue.record("not an AWSError: \(error)")
        }
        return nil
    }

    // MARK: - A cached sign-in

    @Test func aCachedSignInOfAnSSOSessionProfileGivesTheRolesKeysAndRequestsAreSignedWithThem() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 8 * 3600))
        // The path every command and the wizard's Create and Onboard take.
        let session = try AWSSession.resolve(
            profile: "dev", region: nil, endpointURL: nil, environment: fixture.environment,
            retry: RetryPolicy(maxAttempts: 1))
        let identity = try session.sts().getCallerIdentity()
        #expect(identity.arn.contains("AWSReservedSSO_AdministratorAccess"))
        let asked = try #require(fixture.portal.requests.first)
        #expect(asked.method == "GET" && asked.path == "/federation/credentials")
        #expect(asked.query == ["account_id": Fixture.account, "role_name": Fixture.role])
        #expect(asked.headers["x-amz-sso_bearer_token"] == Fixture.cachedToken)
        #expect(asked.headers["authorization"] == nil)
        #expect(fixture.oidc.requests.isEmpty)
    }

    @Test func aLegacyProfileFindsItsSignInUnderTheSHA1OfItsStartURL() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.legacyTokenFile, Fixture.legacyToken(expiringIn: 3600))
        let keys = try fixture.chain("legacy").resolve().credentials()
        #expect(keys.accessKeyId == Fixture.roleKey && keys.sessionToken == Fixture.roleSession)
        #expect(keys.source == "profile legacy (IAM Identity Center role AdministratorAccess in account 111122223333)")
    }

    @Test func anSSOSessionProfileFindsItsSignInUnderTheSHA1OfTheSessionName() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        // A file under the start URL's name is the legacy one, not this session's.
        try fixture.writeToken(Fixture.legacyTokenFile, Fixture.sessionToken(expiringIn: 3600))
        #expect(throws: AWSError.self) { _ = try fixture.chain("dev").resolve() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 3600))
        #expect(try fixture.chain("dev").resolve().credentials().accessKeyId == Fixture.roleKey)
    }

    @Test func theRolesKeysAreKeptInMemoryUntilTheyNearTheirExpiry() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 8 * 3600))
        let provider = try fixture.chain("dev").resolve()
        _ = try provider.credentials()
        _ = try provider.credentials()
        #expect(fixture.portal.requests.count == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.home.appendingPathComponent(".aws/cli").path))
    }

    @Test func theProfileIsFoundThroughAWSProfileToo() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 3600))
        var environment = fixture.environment
        environment["AWS_PROFILE"] = "dev"
        #expect(try fixture.chain(nil, environment: environment).resolve().credentials().accessKeyId == Fixture.roleKey)
    }

    // MARK: - Renewal

    @Test func anExpiredSignInIsRenewedWithCreateTokenAndWrittenBackAtomically() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let old = Fixture.sessionToken(expiringIn: -3600)
        try fixture.writeToken(Fixture.sessionTokenFile, old)
        let path = fixture.tokenPath(Fixture.sessionTokenFile)
        var before = stat()
        #expect(stat(path, &before) == 0)
        let started = Date()
        let keys = try fixture.chain("dev").resolve().credentials()
        #expect(keys.accessKeyId == Fixture.roleKey)
        let renewal = try #require(fixture.oidc.requests.first)
        #expect(renewal.method == "POST" && renewal.path == "/token")
        #expect(renewal.headers["content-type"] == "application/json")
        #expect(
            renewal.json == [
                "clientId": Fixture.clientId, "clientSecret": Fixture.clientSecret, "grantType": "refresh_token",
                "refreshToken": Fixture.refreshToken,
            ])
        #expect(fixture.portal.requests.first?.headers["x-amz-sso_bearer_token"] == Fixture.renewedToken)
        let written = try fixture.readToken(Fixture.sessionTokenFile)
        #expect(written["accessToken"] == Fixture.renewedToken)
        #expect(written["refreshToken"] == Fixture.rotatedRefreshToken)
        #expect(written["clientId"] == Fixture.clientId && written["clientSecret"] == Fixture.clientSecret)
        #expect(written["registrationExpiresAt"] == old["registrationExpiresAt"])
        #expect(written["startUrl"] == Fixture.startURL && written["region"] == "eu-west-1")
        let expiry = try #require(written["expiresAt"].flatMap(SSOTimestamp.parse))
        #expect(expiry >= started.addingTimeInterval(3600 - 1) && expiry <= Date().addingTimeInterval(3600))
        #expect(written["expiresAt"]?.hasSuffix("Z") == true)
        // Renamed into place: a new file (inode), readable by its owner only, nothing left beside it.
        var after = stat()
        #expect(stat(path, &after) == 0)
        #expect(after.st_ino != before.st_ino)
        #expect(after.st_mode & 0o777 == 0o600)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.cacheFolder.path) == [
                Fixture.sessionTokenFile + ".json"
            ])
    }

    @Test func aSignInWithLessThanFifteenMinutesLeftIsRenewedFirstAsBotocoreDoes() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 10 * 60))
        _ = try fixture.chain("dev").resolve().credentials()
        #expect(fixture.oidc.requests.count == 1)
        #expect(try fixture.readToken(Fixture.sessionTokenFile)["accessToken"] == Fixture.renewedToken)
    }

    @Test func aSignInWithMoreThanFifteenMinutesLeftIsNotRenewed() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 20 * 60))
        _ = try fixture.chain("dev").resolve().credentials()
        #expect(fixture.oidc.requests.isEmpty)
    }

    @Test func aRefusedRenewalOfAnExpiredSignInSaysToSignInAgainWithoutItsSecrets() throws {
        let fixture = try Fixture(oidc: { _ in
            .json(
                400,
                #"{"error": "invalid_grant", "error_description": "Invalid refresh token \#(Fixture.refreshToken)"}"#)
        })
        defer { fixture.stop() }
        let old = Fixture.sessionToken(expiringIn: -60)
        try fixture.writeToken(Fixture.sessionTokenFile, old)
        let provider = try fixture.chain("dev").resolve()
        #expect(
            throws: AWSError.signInRequired(
                source: "profile dev (IAM Identity Center)",
                reason: "its sign-in (\(fixture.tokenPath(Fixture.sessionTokenFile))) expired at \(old["expiresAt"]!) "
                    + "and IAM Identity Center refused to renew it (InvalidGrantException: Invalid refresh token …)",
                command: "aws sso login --sso-session corp")
        ) {
            _ = try provider.credentials()
        }
        #expect(fixture.portal.requests.isEmpty)
        #expect(try fixture.readToken(Fixture.sessionTokenFile) == old)
    }

    @Test func aRefusedRenewalOfAStillValidSignInUsesItAndWarns() throws {
        let fixture = try Fixture(oidc: { _ in
            .json(400, #"{"error": "invalid_grant", "error_description": "Invalid grant"}"#)
        })
        defer { fixture.stop() }
        let token = Fixture.sessionToken(expiringIn: 5 * 60)
        try fixture.writeToken(Fixture.sessionTokenFile, token)
        #expect(try fixture.chain("dev").resolve().credentials().accessKeyId == Fixture.roleKey)
        #expect(fixture.portal.requests.first?.headers["x-amz-sso_bearer_token"] == Fixture.cachedToken)
        #expect(
            fixture.warnings.all == [
                "renewing the IAM Identity Center sign-in of profile 'dev' failed: IAM Identity Center refused to "
                    + "renew it (InvalidGrantException: Invalid grant); using the current one, which expires at "
                    + token["expiresAt"]!
            ])
    }

    @Test func aSignInThatAnotherRunRenewedMeanwhileIsUsed() throws {
        // The first CreateToken with the old refresh token wins; by the time this run's is
        // refused, the other run has written its renewal.
        let home = Delivery<String>()
        let fixture = try Fixture(oidc: { _ in
            if let path = home.wait(timeout: 5) {
                let renewed = Fixture.sessionToken(expiringIn: 3600).merging(["accessToken": Fixture.renewedToken]) {
                    $1
                }
                try? JSONSerialization.data(withJSONObject: renewed).write(to: URL(fileURLWithPath: path))
            }
            return .json(400, #"{"error": "invalid_grant", "error_description": "Refresh token already used"}"#)
        })
        defer { fixture.stop() }
        home.deliver(fixture.tokenPath(Fixture.sessionTokenFile))
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: -60))
        #expect(try fixture.chain("dev").resolve().credentials().accessKeyId == Fixture.roleKey)
        #expect(fixture.portal.requests.first?.headers["x-amz-sso_bearer_token"] == Fixture.renewedToken)
    }

    // MARK: - Nothing to use: refused before any call

    @Test func anExpiredSignInWithoutWhatRenewsItIsRefusedBeforeAnyCallNamingTheLoginCommand() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        var token = Fixture.sessionToken(expiringIn: -60)
        token["refreshToken"] = nil
        try fixture.writeToken(Fixture.sessionTokenFile, token)
        #expect(
            throws: AWSError.signInRequired(
                source: "profile dev (IAM Identity Center)",
                reason:
                    "its sign-in (\(fixture.tokenPath(Fixture.sessionTokenFile))) expired at \(token["expiresAt"]!) "
                    + "and it holds no refreshToken to renew it with",
                command: "aws sso login --sso-session corp")
        ) {
            _ = try fixture.chain("dev").resolve()
        }
        #expect(fixture.portal.requests.isEmpty && fixture.oidc.requests.isEmpty)
    }

    @Test func anExpiredClientRegistrationIsRefusedBeforeAnyCall() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let token = Fixture.sessionToken(expiringIn: -60, registrationIn: -1)
        try fixture.writeToken(Fixture.sessionTokenFile, token)
        let error = try #require(refusal { _ = try fixture.chain("dev").resolve() })
        #expect(
            error.description.contains(
                "the client registration that renews it expired at " + token["registrationExpiresAt"]!))
        #expect(error.description.hasSuffix("Sign in again with: aws sso login --sso-session corp"))
        #expect(fixture.portal.requests.isEmpty && fixture.oidc.requests.isEmpty)
    }

    @Test func aLegacyProfilesExpiredSignInIsNeverRenewedAndNamesTheProfileToSignInWith() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        // Even with a refresh token in the file: botocore renews only sso-session sign-ins.
        var token = Fixture.sessionToken(expiringIn: -60)
        token["startUrl"] = Fixture.legacyStartURL
        try fixture.writeToken(Fixture.legacyTokenFile, token)
        let error = try #require(refusal { _ = try fixture.chain("legacy").resolve() })
        guard case .signInRequired(_, let reason, let command) = error else { throw error }
        #expect(command == "aws sso login --profile legacy")
        #expect(reason.contains("a legacy profile's sign-in (sso_start_url on the profile) is never renewed"))
        #expect(fixture.portal.requests.isEmpty && fixture.oidc.requests.isEmpty)
    }

    @Test func noCachedSignInIsRefusedBeforeAnyCallNamingTheFileLookedFor() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        #expect(
            throws: AWSError.signInRequired(
                source: "profile dev (IAM Identity Center)",
                reason: "there is no cached sign-in for it (no file \(fixture.tokenPath(Fixture.sessionTokenFile)))",
                command: "aws sso login --sso-session corp")
        ) {
            _ = try fixture.chain("dev").resolve()
        }
        #expect(fixture.portal.requests.isEmpty)
    }

    @Test func aTokenFileThatIsNotJSONIsNamed() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try Data("{\"accessToken\": \"cut sh".utf8).write(
            to: URL(fileURLWithPath: fixture.tokenPath(Fixture.sessionTokenFile)))
        #expect(
            throws: AWSError.signInRequired(
                source: "profile dev (IAM Identity Center)",
                reason: "its cached sign-in \(fixture.tokenPath(Fixture.sessionTokenFile)) is not JSON",
                command: "aws sso login --sso-session corp")
        ) {
            _ = try fixture.chain("dev").resolve()
        }
        #expect(fixture.portal.requests.isEmpty)
    }

    @Test(arguments: [
        (#"["a list"]"#, "is not a JSON object"),
        (#"{"expiresAt": "2099-01-01T00:00:00Z"}"#, "has no accessToken"),
        (#"{"accessToken": "t"}"#, "has no expiresAt"),
        (#"{"accessToken": 7, "expiresAt": "2099-01-01T00:00:00Z"}"#, "has a accessToken that is not a string"),
        (
            #"{"accessToken": "t", "expiresAt": "2099-01-01T00:00:00"}"#,
            "has an expiresAt that is not a time with a zone (such as 2026-12-01T12:00:00Z)"
        ),
    ])
    func aTokenFileWithoutWhatSignsInSaysWhatIsWrong(text: String, problem: String) throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.tokenPath(Fixture.sessionTokenFile)))
        let error = try #require(refusal { _ = try fixture.chain("dev").resolve() })
        guard case .signInRequired(_, let reason, _) = error else { throw error }
        #expect(reason == "its cached sign-in \(fixture.tokenPath(Fixture.sessionTokenFile)) \(problem)")
    }

    // MARK: - The portal's refusals

    @Test func aRoleTheUserIsNotAssignedIsRefusedNamingTheAccountTheRoleAndWhereTheyAreSet() throws {
        let fixture = try Fixture(
            config: Fixture.config.replacingOccurrences(
                of: "sso_role_name = \(Fixture.role)\nregion", with: "sso_role_name = ReadOnly\nregion"))
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 3600))
        let provider = try fixture.chain("dev").resolve()
        #expect(
            throws: AWSError.credentials(
                source: "profile dev (IAM Identity Center)",
                reason: "IAM Identity Center refused role ReadOnly in account 111122223333 (ForbiddenException: "
                    + "No access): the signed-in user is not assigned that role in that account; check "
                    + "sso_account_id and sso_role_name of profile 'dev' (\(fixture.home.path)/.aws/config, line 3), "
                    + "or ask your Identity Center administrator for the assignment")
        ) {
            _ = try provider.credentials()
        }
    }

    @Test func aSignInThePortalNoLongerAcceptsSaysToSignInAgain() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        var token = Fixture.sessionToken(expiringIn: 3600)
        token["accessToken"] = "revoked-token"
        try fixture.writeToken(Fixture.sessionTokenFile, token)
        let provider = try fixture.chain("dev").resolve()
        #expect(
            throws: AWSError.signInRequired(
                source: "profile dev (IAM Identity Center)",
                reason: "IAM Identity Center did not accept its sign-in (UnauthorizedException: Session token not "
                    + "found or invalid): it has expired or was revoked",
                command: "aws sso login --sso-session corp")
        ) {
            _ = try provider.credentials()
        }
    }

    @Test func theBearerTokenNeverAppearsInAnError() throws {
        let fixture = try Fixture(portal: { request in
            .json(
                401, #"{"message": "token \#(request.headers["x-amz-sso_bearer_token"] ?? "") is unknown"}"#,
                errorType: "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard/")
        })
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 3600))
        let provider = try fixture.chain("dev").resolve()
        do {
            _ = try provider.credentials()
            Issue.record("an unauthorized sign-in was accepted")
        } catch {
            #expect(error.description.contains("UnauthorizedException: token … is unknown"))
            #expect(!error.description.contains(Fixture.cachedToken))
        }
    }

    // MARK: - Where it sits in the chain

    @Test func anAssumedRoleOnTopOfAnSSOProfileIsSignedWithTheSSOKeys() throws {
        let config =
            Fixture.config + """
                [profile deploy]
                role_arn = arn:aws:iam::111122223333:role/Deployer
                source_profile = dev
                role_session_name = smrole

                """
        let fixture = try Fixture(config: config)
        defer { fixture.stop() }
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 3600))
        let session = try AWSSession.resolve(
            profile: "deploy", region: "eu-west-1", endpointURL: nil, environment: fixture.environment,
            retry: RetryPolicy(maxAttempts: 1))
        #expect(try session.sts().getCallerIdentity().arn == "arn:aws:sts::111122223333:assumed-role/Deployer/smrole")
        #expect(fixture.sts.requests.map { $0.form["Action"] } == ["AssumeRole", "GetCallerIdentity"])
        #expect(fixture.sts.requests.first?.signingKeyId == Fixture.roleKey)
    }

    @Test func anSSOProfilesRoleWinsOverKeysInTheCredentialsFileAsInBotocore() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        try "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n".write(
            to: fixture.home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: 3600))
        #expect(try fixture.chain("dev").resolve().credentials().accessKeyId == Fixture.roleKey)
    }

    @Test func aSourceProfileLoopThroughAnSSOProfileIsStillALoop() throws {
        let config = Fixture.config.replacingOccurrences(
            of: "region = eu-west-1\n\n[sso-session",
            with:
                "region = eu-west-1\nrole_arn = arn:aws:iam::111122223333:role/X\nsource_profile = dev\n\n[sso-session")
        let fixture = try Fixture(config: config)
        defer { fixture.stop() }
        #expect(throws: AWSError.configuration("profiles dev → dev form a loop of source_profile")) {
            _ = try fixture.chain("dev").resolve()
        }
    }

    // MARK: - Endpoints

    @Test func aServicesSectionOfTheConfigPointsBothSignInServicesAtTheirFakes() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let config =
            Fixture.config.replacingOccurrences(
                of: "region = eu-west-1\n\n[sso-session", with: "region = eu-west-1\nservices = local\n\n[sso-session")
            + "[services local]\nsso =\n  endpoint_url = \(fixture.portal.url)\n"
            + "sso_oidc =\n  endpoint_url = \(fixture.oidc.url)\n"
        try config.write(to: fixture.home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        try fixture.writeToken(Fixture.sessionTokenFile, Fixture.sessionToken(expiringIn: -60))
        var environment = fixture.environment
        environment["AWS_ENDPOINT_URL_SSO"] = nil
        environment["AWS_ENDPOINT_URL_SSO_OIDC"] = nil
        #expect(
            try fixture.chain("dev", environment: environment).resolve().credentials().accessKeyId == Fixture.roleKey)
        #expect(fixture.oidc.requests.count == 1 && fixture.portal.requests.count == 1)
    }

    @Test func withoutOverridesTheSignInServicesAreAWSsOwnInTheSSORegion() throws {
        let resolver = EndpointResolver(region: "us-east-1", override: "http://127.0.0.1:1").forSignIn(
            region: "eu-west-1")
        #expect(try resolver.endpoint(for: .sso).url.absoluteString == "https://portal.sso.eu-west-1.amazonaws.com")
        #expect(try resolver.endpoint(for: .ssoOIDC).url.absoluteString == "https://oidc.eu-west-1.amazonaws.com")
        #expect(
            try resolver.forSignIn(region: "cn-north-1").endpoint(for: .sso).url.absoluteString
                == "https://portal.sso.cn-north-1.amazonaws.com.cn")
    }

    @Test func theServiceVariableWinsOverTheGlobalOneWhichWinsOverTheConfigFile() throws {
        let configured = ConfiguredEndpoints(
            global: .init(url: "http://127.0.0.1:4", from: "endpoint_url"),
            services: ["sso_oidc": .init(url: "http://127.0.0.1:3", from: "services")])
        func port(_ environment: [String: String], _ service: AWSService = .ssoOIDC) throws -> Int? {
            try EndpointResolver(region: "eu-west-1", environment: environment, configured: configured)
                .endpoint(for: service).url.port
        }
        let both = ["AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:1", "AWS_ENDPOINT_URL": "http://127.0.0.1:2"]
        #expect(try port(both) == 1)
        #expect(try port(["AWS_ENDPOINT_URL": "http://127.0.0.1:2"]) == 2)
        #expect(try port(["AWS_ENDPOINT_URL_SSO_OIDC": ""]) == 3)
        #expect(try port([:], .sso) == 4)
        #expect(try port(both.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }) == nil)
    }

    @Test func aServicesSettingNamingNoSectionIsRefusedWithItsLine() throws {
        let files = ConfigFiles(
            credentialsFile: SharedConfigFile(path: "/home/ana/.aws/credentials", kind: .credentials),
            configFile: try SharedConfigFile.parse(
                Data("[profile dev]\nregion = eu-west-1\nservices = local\n".utf8), path: "/home/ana/.aws/config",
                kind: .config))
        #expect(
            throws: AWSError.configuration(
                "/home/ana/.aws/config, line 3: services of profile 'dev' names the section [services local], "
                    + "which is not in /home/ana/.aws/config")
        ) {
            _ = try ConfiguredEndpoints.read(profile: files.profile("dev"), files: files)
        }
    }
}
