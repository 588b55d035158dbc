import AWSClient
import ArgumentParser
import Foundation
import RoleApply
import RoleEngine
import RoleFiles

struct OnboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onboard",
        abstract: "Create SageMaker Studio user profiles with the role as their execution role.",
        discussion: """
            Names and the domain are checked before anything is created. Profiles that exist are skipped, \
            so a re-run retries only the rows that failed. CSV: a header row with a 'user' column and an \
            optional 'sso_user' column (IAM Identity Center domains). \
            Exit codes: 0 every profile exists; 1 invalid input; 3 some profiles could not be created.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The Studio domain id (d-…), or its name (looked up with ListDomains).",
                                            valueName: "id|name"))
    var domainId: String

    @Option(name: .long, help: ArgumentHelp("A user profile name; repeat for several.", valueName: "name"))
    var user: [String] = []

    @Option(name: .long, help: ArgumentHelp("A CSV of users (columns: user, optional sso_user).", valueName: "file"))
    var fromCsv: String?

    @Option(name: .long, help: ArgumentHelp("The execution role ARN.", valueName: "arn"))
    var role: String?

    @Option(name: .long, help: ArgumentHelp("Use the role these answers describe (its ARN in the credentials' account).", valueName: "file"))
    var answers: String?

    @Option(name: .long, help: ArgumentHelp("The JupyterLab version, 1 or 3, or the image ARN (JupyterServerAppSettings.DefaultResourceSpec).", valueName: "version|arn"))
    var jupyterlab: String?

    @Option(name: .long, help: ArgumentHelp("How many profiles to create at once (1-32).", valueName: "n"))
    var concurrency: Int = 8

    @OptionGroup var aws: AWSOptions
    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if user.isEmpty == (fromCsv == nil) { throw ArgumentParser.ValidationError("give the users with --user NAME or --from-csv FILE (one of them)") }
        if (role == nil) == (answers == nil) { throw ArgumentParser.ValidationError("give the execution role with --role ARN or --answers FILE (one of them)") }
        if !(1...32).contains(concurrency) { throw ArgumentParser.ValidationError("--concurrency: \(concurrency) is out of range; allowed: 1 to 32") }
    }

    func run() throws {
        var rows = user.map { OnboardingRow(user: $0) }
        if let fromCsv {
            let data: Data
            // A class list is small; a bound keeps a wrong file (or /dev/zero) from eating memory.
            do { data = try InputFile.read(fromCsv, limit: 4 << 20, what: "user lists") } catch {
                Console.error("--from-csv \(error)")
                throw ExitCode(1)
            }
            do { rows = try OnboardingCSV.parse(String(decoding: data, as: UTF8.self), file: fromCsv) } catch {
                Console.error(error.problems.map(VisibleText.singleLine).joined(separator: "\n"))
                throw ExitCode(1)
            }
        }
        var plannedRegion: String?
        var roleArn = role ?? ""
        var plan: RolePlan?
        if let answers {
            let (built, _) = try engine.plan(answers: answers)
            plan = built
            plannedRegion = built.region
        }
        let session = try aws.session(fallbackRegion: plannedRegion, allowUnknownRegion: engine.allowsUnknownRegion)
        if let plan {
            let catalog = try engine.loadCatalog()
            do throws(AccountPlan.Failure) {
                roleArn = try AccountPlan.build(plan.normalizedSpec, catalog: catalog,
                                                options: engine.builderOptions, session: session).plan.roleArn ?? ""
            } catch {
                Console.error("smrole onboard: \(error)")
                throw ExitCode(error.exitCode)
            }
        }
        let onboarder: Onboarder
        do { onboarder = Onboarder(sageMaker: try session.sageMaker()) } catch {
            Console.error("smrole onboard: \(error)")
            throw ExitCode(1)
        }
        var jupyterlabImage: String?
        if let jupyterlab {
            do { jupyterlabImage = try JupyterLabImage.arn(jupyterlab, region: session.region) } catch {
                Console.error("--jupyterlab: \(error)")
                throw ExitCode(1)
            }
        }
        let domain: SageMakerClient.Domain
        do {
            let id = try onboarder.domainId(for: domainId, region: session.region)
            domain = try onboarder.validate(domainId: id, rows: rows, roleArn: roleArn, image: jupyterlabImage)
        } catch {
            let problems = error.problems.map { "  - \(VisibleText.singleLine($0))" }
            Console.error("smrole onboard: nothing was created:\n" + problems.joined(separator: "\n"))
            throw ExitCode(1)
        }
        Console.error("Onboarding \(rows.count) user\(rows.count == 1 ? "" : "s") into \(domain.id) (\(domain.name)) with \(roleArn)")
        let bar = ProgressBar(total: rows.count)
        let results: [Onboarder.Result]
        do {
            results = try onboarder.run(domain: domain, rows: rows, roleArn: roleArn, image: jupyterlabImage, concurrency: concurrency) { done, total, result in
                bar.update(done: done, result: result)
            }
        } catch {
            Console.error("smrole onboard: \(error)")
            throw ExitCode(3)
        }
        bar.finish()
        for result in results {
            let status: String
            switch result.status {
            case .created: status = "created"
            case .alreadyExists: status = "exists"
            case .failed(let reason): status = "FAILED: \(reason)"
            }
            Console.record([result.row.user, status])
        }
        let failed = results.filter { if case .failed = $0.status { return true }; return false }.count
        let created = results.filter { $0.status == .created }.count
        Console.error("\(created) created, \(results.count - created - failed) already there, \(failed) failed" + (failed > 0 ? "; run the same command again to retry the failed rows" : ""))
        if failed > 0 { throw ExitCode(3) }
    }
}

/// A one-line progress bar on stderr when it is a terminal; otherwise a line per failure.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let interactive = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()

    init(total: Int) { self.total = total }

    func update(done: Int, result: Onboarder.Result) {
        lock.lock()
        defer { lock.unlock() }
        if case .failed(let reason) = result.status, !interactive {
            Console.error("  ! \(result.row.user): \(VisibleText.singleLine(reason))")
        }
        guard interactive else { return }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let line = "\r  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
