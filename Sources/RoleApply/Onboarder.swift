import AWSClient
import Foundation
import RoleEngine

/// Creates Studio user profiles with the role as their execution role: validates every
/// name and the domain before creating anything, skips profiles that exist (so a re-run
/// retries only what failed), and works through the rows with bounded concurrency.
public struct Onboarder: Sendable {
    public let sageMaker: SageMakerClient

    public init(sageMaker: SageMakerClient) { self.sageMaker = sageMaker }

    public enum Status: Equatable, Sendable {
        case created
        case alreadyExists
        case failed(String)
    }

    public struct Result: Equatable, Sendable {
        public var row: OnboardingRow
        public var status: Status
    }

    /// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`: letters and digits, hyphens inside, up to 63.
    public static func nameProblem(_ name: String) -> String? { SageMakerNames.userProfileProblem(name) }

    /// How messages name the inputs: the command's flags, or the wizard's field labels.
    public struct InputNames: Sendable {
        public var domain: String
        public var image: String
        public init(domain: String, image: String) {
            self.domain = domain
            self.image = image
        }
        public static let commandLine = InputNames(domain: "--domain-id", image: "--jupyterlab")
    }

    /// The id of the domain typed: an id as it is, or a domain's name, as the console lists
    /// domains (ListDomains; the one domain of that name, ignoring case only if that leaves one).
    public func domainId(for typed: String, region: String, names: InputNames = .commandLine)
        throws(OnboardingInputError) -> String
    {
        if SageMakerNames.isDomainId(typed) { return typed }
        let domains: [SageMakerClient.Domain]
        do { domains = try sageMaker.listDomains() } catch {
            throw OnboardingInputError(problems: ["\(names.domain): the domains could not be listed to find "
                                                  + "\(VisibleText.quoted(typed)): \(error)"])
        }
        var matches = domains.filter { $0.name == typed }
        if matches.isEmpty { matches = domains.filter { $0.name.lowercased() == typed.lowercased() } }
        switch matches.count {
        case 1: return matches[0].id
        case 0:
            let there = domains.isEmpty ? "there is none"
                : "there are " + domains.map { "\(VisibleText.quoted($0.name)) (\($0.id))" }.joined(separator: ", ")
            throw OnboardingInputError(problems: ["\(names.domain): no Studio domain in \(region) is named "
                                                  + "\(VisibleText.quoted(typed)); \(there)"])
        default:
            throw OnboardingInputError(problems: ["\(names.domain): \(matches.count) domains are named "
                                                  + "\(VisibleText.quoted(typed)) (\(matches.map(\.id).joined(separator: ", "))); give the id"])
        }
    }

    /// Every problem with the input and the domain, before any profile is created.
    public func validate(domainId: String, rows: [OnboardingRow], roleArn: String, image: String?,
                         names: InputNames = .commandLine) throws(OnboardingInputError) -> SageMakerClient.Domain {
        var problems: [String] = []
        if rows.isEmpty { problems.append("no users to onboard") }
        var seen: [String: Int] = [:]
        for row in rows {
            let place = row.line > 0 ? "line \(row.line): " : ""
            if let problem = Self.nameProblem(row.user) { problems.append(place + problem) }
            if let first = seen[row.user.lowercased()] {
                let also = first > 0 ? " (also line \(first))" : ""
                problems.append(place + "'\(row.user)' is listed twice\(also); profile names are case-insensitive")
            } else {
                seen[row.user.lowercased()] = row.line
            }
        }
        if let problem = IAMRules.roleArn(roleArn) { problems.append("execution role: \(problem)") }
        if let image, !SageMakerNames.isImageArn(image) {
            problems.append("\(names.image): '\(image)' is not a SageMaker image ARN (arn:aws:sagemaker:<region>:<account>:image/<name>)")
        }
        if !SageMakerNames.isDomainId(domainId) {
            problems.append("\(names.domain): '\(domainId)' is not a Studio domain id (d- followed by lowercase letters and digits)")
        }
        guard problems.isEmpty else { throw OnboardingInputError(problems: problems) }
        let domain: SageMakerClient.Domain
        do throws(AWSError) {
            domain = try sageMaker.describeDomain(domainId)
        } catch {
            if error.code == "ResourceNotFound" || error.code == "ValidationException" {
                throw OnboardingInputError(problems: ["\(names.domain): no Studio domain \(domainId) in this account and region"])
            }
            throw OnboardingInputError(problems: ["\(names.domain): \(error)"])
        }
        if domain.status != "InService" {
            problems.append("the domain \(domainId) is \(domain.status), not InService")
        }
        let sso = domain.authMode == "SSO"
        for row in rows {
            let place = row.line > 0 ? "line \(row.line): " : ""
            if sso && row.ssoUser == nil { problems.append(place + "'\(row.user)' needs an sso_user: the domain uses IAM Identity Center") }
            if !sso && row.ssoUser != nil { problems.append(place + "'\(row.user)' has an sso_user, but the domain uses IAM authentication") }
        }
        guard problems.isEmpty else { throw OnboardingInputError(problems: problems) }
        return domain
    }

    /// Creates the missing profiles, `concurrency` at a time; `progress` sees each result.
    /// What a row left by a stop says.
    public static let notAttempted = "not attempted: onboarding was stopped"

    /// `stopped` is asked before each row: once it says yes (Ctrl-C in the wizard), rows not
    /// yet started are left, reported as not attempted, so a re-run creates only them.
    public func run(domain: SageMakerClient.Domain, rows: [OnboardingRow], roleArn: String, image: String?, concurrency: Int,
                    stopped: @escaping @Sendable () -> Bool = { false },
                    progress: @escaping @Sendable (Int, Int, Result) -> Void) throws(AWSError) -> [Result] {
        let existing = Set(try sageMaker.listUserProfiles(domainId: domain.id).map { $0.lowercased() })
        final class Shared: @unchecked Sendable {
            let lock = NSLock()
            var done = 0
            var results: [Result?]
            init(count: Int) { results = Array(repeating: nil, count: count) }
        }
        let shared = Shared(count: rows.count)
        let sageMaker = self.sageMaker
        WorkerThreads.forEach(rows.count, width: concurrency) { index in
            let row = rows[index]
            let status: Status
            if existing.contains(row.user.lowercased()) {
                status = .alreadyExists
            } else if stopped() {
                status = .failed(Self.notAttempted)
            } else {
                do throws(AWSError) {
                    _ = try sageMaker.createUserProfile(domainId: domain.id, name: row.user, executionRole: roleArn,
                                                        jupyterLabImage: image, ssoUser: row.ssoUser)
                    status = .created
                } catch {
                    status = error.code == "ResourceInUse" ? .alreadyExists : .failed(error.description)
                }
            }
            let result = Result(row: row, status: status)
            shared.lock.lock()
            shared.results[index] = result
            shared.done += 1
            let done = shared.done
            shared.lock.unlock()
            progress(done, rows.count, result)
        }
        return shared.results.map { $0! }
    }
}
