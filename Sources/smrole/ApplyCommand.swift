import AWSClient
import ArgumentParser
import Foundation
import RoleApply
import RoleEngine
import RoleFiles
import RoleImport

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the role and its policies in your AWS account (IAM), undoing everything if a call fails.",
        discussion: """
            Re-running with the same answers changes nothing and says so. If the role exists and differs, \
            the differences are shown and nothing changes unless --update is given. Every change is journaled \
            before its call: after Ctrl-C, SIGTERM or a kill, the next apply of the role completes the plan, \
            or with --rollback undoes what the unfinished run did. \
            Exit codes: 0 done or nothing to do; 1 invalid input or refused; 3 an AWS call failed (after rollback); \
            130/143/129 interrupted by Ctrl-C/SIGTERM/SIGHUP (after rollback).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The answers file (YAML or JSON).", valueName: "file"))
    var answers: String

    @Flag(name: .long, help: "Show the plan and the differences from the account, and stop.")
    var dryRun = false

    @Flag(name: .long, help: "Bring an existing role to the plan: settings, trust, tags, policies and attachments.")
    var update = false

    @Flag(name: .long, help: "Undo what an unfinished (interrupted or killed) apply of this role changed, and stop.")
    var rollback = false

    @OptionGroup var aws: AWSOptions
    @OptionGroup var engine: EngineOptions

    func run() throws {
        let (draft, _) = try engine.plan(answers: answers)
        let session = try aws.session(fallbackRegion: draft.region, allowUnknownRegion: engine.allowsUnknownRegion)
        let catalog = try engine.loadCatalog()
        let plan: RolePlan
        let identity: STSClient.Identity
        do throws(AccountPlan.Failure) {
            (plan, identity) = try AccountPlan.build(draft.normalizedSpec, catalog: catalog,
                                                     options: engine.builderOptions, session: session)
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
        if dryRun && rollback { throw ValidationError("--dry-run and --rollback cannot be used together") }
        let interruption = ApplyInterruption { count in
            // Calls in flight are aborted at once: the first signal for the rollback's sake,
            // the second to give the rollback up.
            if count <= 2 { CurlTransport.cancelInFlight() }
        }
        // Role Manager's policies on the role are replaced by the plan's (`import` then `apply --update`).
        let roleManagers = PolicyNameRecognizer(catalog: catalog)
        let roleName = plan.roleName
        let applier = RoleApplier(iam: iam, journals: { FileJournalStore(account: $0, role: $1) },
                                  interruption: interruption,
                                  retiring: { roleManagers.origin(of: $0, roleName: roleName).isRoleManagers }) {
            Console.error("  ✓ \($0)")
        }
        if rollback { return try rollBack(applier, plan) }
        if dryRun {
            do {
                if let unfinished = try applier.unfinishedRun(plan) {
                    Console.out("An apply of this role started \(unfinished.started) did not finish; "
                                + "apply will complete it (or undo it with --rollback).")
                }
                let differences = try applier.differences(plan)
                Console.out(differences.isEmpty ? "Dry run: the role is up to date; apply would change nothing."
                            : "Dry run: apply would change:\n" + differences.map { "  ~ \($0)" }.joined(separator: "\n"))
                return
            } catch {
                Console.error("smrole apply: \(error)")
                throw ExitCode(3)
            }
        }
        let trap = InterruptTrap(interruption) { signal, count in
            Console.error(count == 1 ? "\nInterrupted: stopping and rolling back what this run changed "
                          + "(interrupt again to give up the rollback)…"
                          : "\nInterrupted again: giving up the rollback; what is left stays in the journal.")
        }
        let result: Result<RoleApplier.Report, ApplyError>
        do throws(ApplyError) {
            result = .success(try applier.apply(plan, update: update))
        } catch {
            result = .failure(error)
        }
        trap.release()
        let calls = iam.client.requestCount + 1   // + STS GetCallerIdentity
        switch result {
        case .success(let report):
            switch report.outcome {
            case .unchanged where report.completedUnfinishedRunFrom != nil:
                Console.error("The role \(plan.roleName) is as planned; the unfinished run had reached it (\(calls) API calls).")
            case .unchanged: Console.error("The role \(plan.roleName) is already as planned; nothing to do (\(calls) API calls).")
            case .created: Console.error("Created \(report.roleArn) (\(report.changes.count) changes, \(calls) API calls).")
            case .updated: Console.error("Updated \(report.roleArn) (\(report.changes.count) changes, \(calls) API calls).")
            }
            Console.out(report.roleArn)
        case .failure(let error):
            Console.error("smrole apply: \(error)")
            throw ExitCode(error.exitCode)
        }
    }

    /// `--rollback`: undo an unfinished run of this role, or say there is none.
    private func rollBack(_ applier: RoleApplier, _ plan: RolePlan) throws {
        let trap = InterruptTrap(applier.interruption!) { _, _ in
            Console.error("\nInterrupted: giving up the rollback; what is left stays in the journal.")
        }
        defer { trap.release() }
        let found: (started: String, rollback: Rollback)?
        do throws(ApplyError) {
            found = try applier.rollBackUnfinished(plan)
        } catch {
            Console.error("smrole apply: \(error)")
            throw ExitCode(error.exitCode)
        }
        guard let (started, rollback) = found else {
            Console.error("No unfinished apply of \(plan.roleName) in account \(plan.account ?? "?"); nothing to roll back.")
            return
        }
        Console.error("Rolled back the apply of \(plan.roleName) started \(started):")
        Console.error(rollback.lines.map { "  " + $0 }.joined(separator: "\n"))
        if !rollback.isComplete { throw ExitCode(3) }
    }
}
