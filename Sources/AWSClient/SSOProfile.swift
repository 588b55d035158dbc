import Crypto
import Foundation

/// A profile that signs in through IAM Identity Center, read as botocore's SSO provider reads
/// it. It is one when it sets `sso_account_id` or `sso_role_name`; then it needs both, and
/// `sso_start_url` and `sso_region`: on the `[sso-session NAME]` its `sso_session` names, or
/// on the profile itself (the legacy form, from before sso-session sections). A setting on
/// both the profile and its session must be the same on both, or the AWS CLI refuses the
/// profile, and so does smrole. Every problem names the file, the line and the setting.
public struct SSOProfile: Sendable, Equatable {
    public var profile: String
    public var accountId: String
    public var roleName: String
    public var startURL: String
    public var region: String
    /// nil for a legacy profile.
    public var sessionName: String?
    /// Where the account and role are set, for messages: "/home/ana/.aws/config, line 4".
    public var origin: String

    /// The token file's name in ~/.aws/sso/cache, as `aws sso login` names it: the SHA-1 (hex)
    /// of the session name, or of the start URL for a legacy profile.
    public var tokenCacheKey: String {
        Insecure.SHA1.hash(data: Data((sessionName ?? startURL).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The command that signs in again.
    public var loginCommand: String {
        sessionName.map { "aws sso login --sso-session \($0)" } ?? "aws sso login --profile \(profile)"
    }

    /// "profile dev (IAM Identity Center)", for messages.
    public var source: String { "profile \(profile) (IAM Identity Center)" }

    /// The settings botocore's SSO provider looks at; a profile with any of them but no account
    /// or role is not an SSO profile to botocore, and smrole says what it lacks.
    public static let settingNames = ["sso_account_id", "sso_role_name", "sso_start_url", "sso_region", "sso_session"]

    /// The profile's IAM Identity Center settings; nil when it sets neither `sso_account_id`
    /// nor `sso_role_name` (then botocore looks for other credentials in it).
    public static func read(_ settings: ProfileSettings, files: ConfigFiles) throws(AWSError) -> SSOProfile? {
        guard settings["sso_account_id"] != nil || settings["sso_role_name"] != nil else { return nil }
        let name = settings.name
        var session: ProfileSettings?
        if let sessionName = try settings.word("sso_session") {
            guard let found = files.ssoSession(sessionName) else {
                throw settings.problem(
                    "sso_session",
                    "names [sso-session \(sessionName)], which is not in \(files.configFile.path); add that "
                        + "section (aws configure sso-session writes it) or correct the name")
            }
            for key in found.entries.keys.sorted() {
                guard let own = settings.entries[key], let theirs = found.entries[key], own.value != theirs.value
                else { continue }
                throw settings.problem(
                    key,
                    "differs from the \(key) of \(found.label) (\(found.origin(of: key))); the AWS CLI refuses "
                        + "a profile that disagrees with its sso-session: remove it from the profile")
            }
            session = found
        }
        // The account and role are the profile's; the portal's URL and region, its session's.
        let portal = session ?? settings
        let ownMissing = ["sso_account_id", "sso_role_name"].filter { settings[$0] == nil }
        let portalMissing = ["sso_start_url", "sso_region"].filter { portal[$0] == nil }
        let fix = "; `aws configure sso --profile \(name)` writes them, or add them by hand"
        if let session, !portalMissing.isEmpty {
            throw settings.problem(
                "sso_session",
                "names \(session.label), which lacks \(Self.list(portalMissing))"
                    + (ownMissing.isEmpty ? "" : ", and the profile lacks \(Self.list(ownMissing))") + fix)
        }
        let missing = ownMissing + portalMissing
        if !missing.isEmpty {
            let anchor = settings["sso_account_id"] != nil ? "sso_account_id" : "sso_role_name"
            throw .configuration(
                "\(settings.origin(of: anchor)): \(settings.label) is set up for IAM Identity Center but lacks "
                    + Self.list(missing) + fix)
        }
        let accountId = try settings.word("sso_account_id")!
        guard accountId.count == 12, accountId.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw settings.problem("sso_account_id", "is not an AWS account ID (12 digits)")
        }
        let roleName = try settings.word("sso_role_name")!
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        guard (1...64).contains(roleName.count), roleName.allSatisfy(allowed.contains) else {
            throw settings.problem(
                "sso_role_name",
                "is not a role name (1 to 64 letters, digits and + = , . @ _ -, such as AdministratorAccess)")
        }
        let startURL = try portal.word("sso_start_url")!
        guard let url = URL(string: startURL), ["https", "http"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else {
            throw portal.problem(
                "sso_start_url",
                "is not the URL of an AWS access portal (such as https://my-sso-portal.awsapps.com/start)")
        }
        let region = try portal.word("sso_region")!
        guard EndpointResolver.isRegionName(region) else {
            throw portal.problem(
                "sso_region", "is not a region name (letters, digits and inner hyphens, such as eu-west-1)")
        }
        return SSOProfile(
            profile: name, accountId: accountId, roleName: roleName, startURL: startURL, region: region,
            sessionName: session?.name, origin: settings.origin(of: "sso_account_id"))
    }

    /// "sso_start_url", "sso_start_url and sso_region", "a, b and c".
    static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
