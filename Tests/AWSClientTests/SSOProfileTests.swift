import AWSClient
import Foundation
import Testing

/// What makes a profile an IAM Identity Center one, and what botocore refuses in it, refused
/// here naming the file, the line, the profile (or sso-session) and the setting.
@Suite("IAM Identity Center profiles")
struct SSOProfileTests {
    static let path = "/home/ana/.aws/config"

    func files(_ config: String) throws -> ConfigFiles {
        ConfigFiles(
            credentialsFile: SharedConfigFile(path: "/home/ana/.aws/credentials", kind: .credentials),
            configFile: try SharedConfigFile.parse(Data(config.utf8), path: Self.path, kind: .config))
    }

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

    func read(_ config: String, _ profile: String = "dev") throws -> SSOProfile? {
        let files = try files(config)
        return try SSOProfile.read(try #require(files.profile(profile)), files: files)
    }

    static let session =
        "[sso-session corp]\nsso_start_url = https://my-sso-portal.awsapps.com/start\nsso_region = eu-west-1\n"

    @Test func anSSOSessionProfileTakesThePortalFromItsSession() throws {
        let profile = try #require(
            try read(
                "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n"
                    + Self.session))
        #expect(profile.startURL == "https://my-sso-portal.awsapps.com/start" && profile.region == "eu-west-1")
        #expect(profile.sessionName == "corp")
        #expect(profile.tokenCacheKey == "ee0bfd2552fbd840c02cc48b6e823320543c450f")
        #expect(profile.loginCommand == "aws sso login --sso-session corp")
        #expect(profile.origin == "\(Self.path), line 3")
    }

    @Test func aLegacyProfileIsSignedInToByItsProfileName() throws {
        let profile = try #require(
            try read(
                "[profile dev]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n"
                    + "sso_account_id = 111122223333\nsso_role_name = Admin\n"))
        #expect(profile.sessionName == nil)
        #expect(profile.tokenCacheKey == "7487b5b67d5fa1132cf33fa93ae51ef38cc37752")
        #expect(profile.loginCommand == "aws sso login --profile dev")
    }

    @Test func aProfileWithoutAccountOrRoleIsNoSSOProfileAsInBotocore() throws {
        #expect(try read("[profile dev]\nsso_session = corp\n" + Self.session) == nil)
    }

    @Test func aProfileWithOnlyAnSSOSessionSaysItNamesNoRole() throws {
        let files = try files("[profile dev]\nsso_session = corp\n" + Self.session)
        let chain = CredentialChain(
            environment: ["AWS_EC2_METADATA_DISABLED": "true"], files: files, profile: "dev",
            transport: CurlTransport(),
            region: "eu-west-1")
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 2: profile 'dev' has sso_session but neither sso_account_id nor sso_role_name, "
                    + "so it names no role to sign in to; add both (aws configure sso writes them)")
        ) {
            _ = try chain.resolve()
        }
    }

    @Test func aLegacyProfileLackingSettingsNamesThemAll() {
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 2: profile 'dev' is set up for IAM Identity Center but lacks sso_role_name, "
                    + "sso_start_url and sso_region; `aws configure sso --profile dev` writes them, or add them by hand"
            )
        ) {
            _ = try read("[profile dev]\nsso_account_id = 111122223333\n")
        }
    }

    @Test func anSSOSessionNamingNoSectionIsRefused() {
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 2: sso_session of profile 'dev' names [sso-session work], which is not in "
                    + "\(Self.path); add that section (aws configure sso-session writes it) or correct the name")
        ) {
            _ = try read(
                "[profile dev]\nsso_session = work\nsso_account_id = 111122223333\nsso_role_name = A\n" + Self.session)
        }
    }

    @Test func aSessionLackingItsRegionIsRefusedThroughTheProfileThatNamesIt() {
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 2: sso_session of profile 'dev' names sso-session 'corp', which lacks sso_region; "
                    + "`aws configure sso --profile dev` writes them, or add them by hand")
        ) {
            _ = try read(
                "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = A\n"
                    + "[sso-session corp]\nsso_start_url = https://my-sso-portal.awsapps.com/start\n")
        }
    }

    @Test func aStartURLThatDisagreesWithTheSessionIsRefusedAsBotocoreRefusesIt() {
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 5: sso_start_url of profile 'dev' differs from the sso_start_url of "
                    + "sso-session 'corp' (\(Self.path), line 7); the AWS CLI refuses a profile that disagrees with "
                    + "its sso-session: remove it from the profile")
        ) {
            _ = try read(
                "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = A\n"
                    + "sso_start_url = https://other.awsapps.com/start\n" + Self.session)
        }
    }

    @Test func aRegionThatDisagreesWithTheSessionIsRefusedToo() throws {
        let error = try #require(
            refusal {
                _ = try read(
                    "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = A\n"
                        + "sso_region = us-east-1\n" + Self.session)
            })
        #expect(error.description.hasPrefix("\(Self.path), line 5: sso_region of profile 'dev' differs from"))
    }

    @Test func theSameValueOnTheProfileAndItsSessionIsAccepted() throws {
        let profile = try read(
            "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = A\n"
                + "sso_region = eu-west-1\n" + Self.session)
        #expect(profile?.region == "eu-west-1")
    }

    @Test(arguments: [
        (
            "sso_account_id = 1111-2222-3333",
            "line 3: sso_account_id of profile 'dev' is not an AWS account ID (12 digits)"
        ),
        (
            "sso_role_name = Admin/Role",
            "line 4: sso_role_name of profile 'dev' is not a role name (1 to 64 letters, "
                + "digits and + = , . @ _ -, such as AdministratorAccess)"
        ),
        ("sso_role_name = Admin # full", "line 4: sso_role_name of profile 'dev' has a comment after its value"),
    ])
    func anInvalidAccountOrRoleIsRefusedNamingTheSetting(line: String, problem: String) throws {
        let key = String(line.prefix { $0 != " " })
        var lines = ["sso_account_id = 111122223333", "sso_role_name = Admin"]
        lines[key == "sso_account_id" ? 0 : 1] = line
        let error = try #require(
            refusal {
                _ = try read(
                    "[profile dev]\nsso_session = corp\n" + lines.joined(separator: "\n") + "\n" + Self.session)
            })
        #expect(error.description.hasPrefix("\(Self.path), \(problem)"), "\(error)")
    }

    @Test func anInvalidRegionOrStartURLOfTheSessionIsRefusedNamingTheSession() throws {
        let profile = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = A\n"
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 7: sso_region of sso-session 'corp' is not a region name (letters, digits and "
                    + "inner hyphens, such as eu-west-1)")
        ) {
            _ = try read(profile + Self.session.replacingOccurrences(of: "eu-west-1", with: "eu_west_1"))
        }
        #expect(
            throws: AWSError.configuration(
                "\(Self.path), line 6: sso_start_url of sso-session 'corp' is not the URL of an AWS access portal "
                    + "(such as https://my-sso-portal.awsapps.com/start)")
        ) {
            _ = try read(profile + Self.session.replacingOccurrences(of: "https://", with: ""))
        }
    }
}
