import AWSClient
import ArgumentParser
import Foundation
import RoleApply
import RoleEngine
import RoleFiles

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the role and its policies in your AWS account (IAM), undoing everything if a call fails.",
        discussion: """
            Re-running with the same answers changes nothing and says so. If the role exists and differs, \
            the differences are shown and nothing changes unless --update is given. \
            Exit codes: 0 done or nothing to do; 1 invalid input or refused; 3 an AWS call failed (after rollback).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Flag(name: .long, help: "Show the plan and the differences from the account, and stop.")
    var dryRun = false

    @Flag(name: .long, help: "Bring an existing role to the plan: settings, trust, tags, policies and attachments.")
    var update = false

    @OptionGroup var aws: AWSOptions
    @OptionGroup var engine: EngineOptions

    func run() throws {
        let (draft, _) = try engine.plan(answers: answers)
        let session = try aws.session(fallbackRegion: draft.region)
        let catalog = try engine.loadCatalog()
        let plan: RolePlan
        let identity: STSClient.Identity
        do throws(AccountPlan.Failure) {
            (plan, identity) = try AccountPlan.build(draft.normalizedSpec, catalog: catalog,
                                                     maxManagedPolicies: engine.maxManagedPolicies, session: session)
        } catch {
            Console.error("smrole apply: \(error)")
            throw ExitCode(error.exitCode)
        }
        Console.error("Account \(identity.account) as \(identity.arn)")
        Console.error(PlanSummary.text(plan, directory: nil))
        let iam: IAMClient
        do { iam = try session.iam() } catch {
            Console.error("smrole apply: \(error)")
            throw ExitCode(1)
        }
        let applier = RoleApplier(iam: iam) { Console.error("  ✓ \($0)") }
        if dryRun {
            do {
                let differences = try applier.differences(plan)
                Console.out(differences.isEmpty ? "Dry run: the role is up to date; apply would change nothing."
                            : "Dry run: apply would change:\n" + differences.map { "  ~ \($0)" }.joined(separator: "\n"))
                return
            } catch {
                Console.error("smrole apply: \(error)")
                throw ExitCode(3)
            }
        }
        let result: Result<RoleApplier.Report, ApplyError>
        do throws(ApplyError) {
            result = .success(try applier.apply(plan, update: update))
        } catch {
            result = .failure(error)
        }
        let calls = iam.client.requestCount + 1   // + STS GetCallerIdentity
        switch result {
        case .success(let report):
            switch report.outcome {
            case .unchanged: Console.error("The role \(plan.roleName) is already as planned; nothing to do (\(calls) API calls).")
            case .created: Console.error("Created \(report.roleArn) (\(report.changes.count) changes, \(calls) API calls).")
            case .updated: Console.error("Updated \(report.roleArn) (\(report.changes.count) changes, \(calls) API calls).")
            }
            Console.out(report.roleArn)
        case .failure(let error):
            Console.error("smrole apply: \(error)")
            if case .failed = error { throw ExitCode(3) }
            throw ExitCode(1)
        }
    }
}
