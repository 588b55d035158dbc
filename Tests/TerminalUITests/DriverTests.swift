import Foundation
import RoleEngine
import Testing
@testable import TerminalUI
@testable import WizardCore

/// The driver on a terminal in memory: key decoding, paste, resize, effects off the loop,
/// Ctrl-C during Create, and restore, without tmux.
@Suite("Wizard driver")
struct DriverTests {
    static let catalog = try! Catalog.builtIn()
    static let arn = "arn:aws:iam::111122223333:role/service-role/Team-A"

    /// A Create that answers only when the test lets it, and records what reached it.
    final class FakeAWS: @unchecked Sendable {
        let release = DispatchSemaphore(value: 0)
        let lock = NSLock()
        var cancellations = 0
        var drafts = 0
        var services: WizardServices {
            WizardServices(
                save: { _, directory, _ in .success(SaveReport(directory: directory, files: ["role.json"])) },
                saveDraft: { _ in self.lock.lock(); self.drafts += 1; self.lock.unlock() },
                createRole: { _, cancellation, progress in
                    progress("Creating role Team-A…")
                    // Waits for the test, or for Ctrl-C (then "rolls back").
                    while self.release.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
                        if cancellation.cancellations > 0 {
                            self.lock.lock(); self.cancellations = cancellation.cancellations; self.lock.unlock()
                            return .failure(ActionReport(title: "Create stopped with Ctrl-C", summary: "Create stopped; what it did was undone",
                                                         sections: [.init("Undone", ["deleted role Team-A"])], succeeded: false))
                        }
                    }
                    return .success(DriverTests.arn)
                },
                onboard: { _, request, _, _ in .success(request.users.map { OnboardingOutcome(name: $0, status: .created) }) },
                lookup: { _, cancellation, deliver in
                    // A first page at once; the rest when the test lets it, or nothing once cancelled.
                    deliver([PickItem(value: "subnet-0aaa", title: "subnet-0aaa", detail: "ml-private-a")])
                    while self.release.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
                        if cancellation.cancellations > 0 {
                            self.lock.lock(); self.lookupCancellations += 1; self.lock.unlock()
                            return LookupFailure("stopped")
                        }
                    }
                    deliver([PickItem(value: "subnet-0bbb", title: "subnet-0bbb", detail: "ml-private-b"),
                             PickItem(value: "subnet-0ccc", title: "subnet-0ccc", detail: "public-a")])
                    return nil
                })
        }
        var lookupCancellations = 0
    }

    /// Step 1 with its network section open and the subnets field focused, empty.
    static var onSubnets: WizardState {
        var answers = PlainSession.teamA
        answers.region = "us-east-1"
        answers.subnets = ""
        var state = WizardState(catalog: catalog, answers: answers, size: Size(width: 80, height: 24))
        state.openSections.insert(.networkSection)
        state.focus[.role] = .subnets
        return state
    }

    static let ctrlL = MemoryBackend.Step.input([.scalar(12)])

    @Test func aLookupRunsOffTheLoopWhileTheFilterIsTypedAndItsRowsArriveAsEvents() {
        let aws = FakeAWS()
        let backend = MemoryBackend([
            .waitFor("VPC subnets"), Self.ctrlL, .waitFor("Reading the list"),
            MemoryBackend.typing("private"), .waitFor("1 subnets, 1 match"),   // typed while the lookup still runs
            .run { aws.release.signal() }, .waitFor("3 subnets, 2 match"),
            .input([.scalar(13)]), .waitFor("[subnet-0aaa"),
        ])
        _ = WizardDriver().run(Self.onSubnets, services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
    }

    @Test func escDuringALookupStopsItsRequestsAndLeavesTheFieldAsItWas() {
        let aws = FakeAWS()
        let backend = MemoryBackend([
            .waitFor("VPC subnets"), Self.ctrlL, .waitFor("Reading the list"),
            .input([.scalar(27)]), .waitFor("Ctrl-L pick from AWS"),
        ])
        _ = WizardDriver().run(Self.onSubnets, services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil, "\(backend.screen.joined(separator: "\n"))")
        // The lookup's thread saw the cancellation (within its 10 ms poll) before the test ends.
        for _ in 0..<500 where aws.lookupCancellations == 0 { Thread.sleep(forTimeInterval: 0.01) }
        #expect(aws.lookupCancellations == 1)
        #expect(!backend.screen.joined().contains("subnet-0aaa"))
    }

    @Test func anEscRightBeforeAResizeActsAndTheResizeToo() {
        let aws = FakeAWS()
        let backend = MemoryBackend([
            .waitFor("VPC subnets"), Self.ctrlL, .waitFor("Reading the list"),
            .input([.scalar(27)]), .resize(Size(width: 100, height: 30)), .waitFor("Ctrl-L pick from AWS"),
            .waitFor("Volume KMS keys"),   // below the fold at 24 rows: the resize took effect
        ])
        _ = WizardDriver().run(Self.onSubnets, services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
        #expect(backend.screen.count == 30)
        #expect(backend.screen[0].count >= 90)
    }

    @Test func ctrlCDuringALookupStopsItInsteadOfLeaving() {
        let aws = FakeAWS()
        let backend = MemoryBackend([
            .waitFor("VPC subnets"), Self.ctrlL, .waitFor("Reading the list"),
            .signal(SIGINT), .waitFor("Stopped reading the list"),
        ])
        let outcome = WizardDriver().run(Self.onSubnets, services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
        #expect(outcome == .interrupted(signal: SIGHUP))
    }

    /// A valid role on its review, the Create button focused.
    static var review: WizardState {
        var answers = PlainSession.teamA
        answers.account = "111122223333"
        var state = WizardState(catalog: catalog, answers: answers, size: Size(width: 80, height: 24))
        _ = state.update(.key(.function(5)))
        state.focus[.review] = .button(.create)
        return state
    }

    @Test func keysActWhileCreateRunsAndItsResultArrivesAsAnEvent() {
        let aws = FakeAWS()
        let backend = MemoryBackend([
            .input([.scalar(13)]), .waitFor("Creating role Team-A"),
            MemoryBackend.typing("?"), .waitFor("Everywhere"),      // help opens while Create still runs
            .input([.scalar(27)]), .waitFor("Creating role Team-A"),
            .run { aws.release.signal() }, .waitFor("Onboard Studio users"),
        ])
        let outcome = WizardDriver().run(Self.review, services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
        #expect(outcome == .interrupted(signal: SIGHUP))
        #expect(backend.closed)
    }

    @Test func ctrlCDuringCreateStopsItAndShowsWhatWasUndone() {
        let aws = FakeAWS()
        let backend = MemoryBackend([
            .input([.scalar(13)]), .waitFor("Creating role Team-A"),
            .signal(SIGINT), .waitFor("Create stopped with Ctrl-C"),
        ])
        let outcome = WizardDriver().run(Self.review, services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
        #expect(aws.cancellations == 1)
        #expect(backend.screen.joined(separator: "\n").contains("deleted role Team-A"))
        // The wizard stayed: only the script's end (a hang-up) ended it.
        #expect(outcome == .interrupted(signal: SIGHUP))
    }

    @Test func ctrlCWithNothingRunningLeavesWith130AndRestoresTheTerminal() {
        let aws = FakeAWS()
        let backend = MemoryBackend([.waitFor("Role name"), .signal(SIGINT)])
        let outcome = WizardDriver().run(WizardState(catalog: Self.catalog, size: Size(width: 80, height: 24)),
                                         services: aws.services, on: backend)
        #expect(outcome == .interrupted(signal: SIGINT))
        #expect(backend.closed)
    }

    @Test func aLoneEscIsEscButEscFollowedByAKeyIsAlt() {
        let aws = FakeAWS()
        let backend = MemoryBackend([.waitFor("Role name"), .input([.scalar(27), .scalar(120)]), MemoryBackend.typing("Z"),
                                     .waitFor("[Z "), .input([.scalar(27)]), .waitFor("Leave the wizard without saving")])
        let outcome = WizardDriver().run(WizardState(catalog: Self.catalog, size: Size(width: 80, height: 24)),
                                         services: aws.services, on: backend)
        // Alt-x neither typed x nor quit; the lone Esc asked before leaving.
        #expect(backend.timedOutWaitingFor == nil)
        #expect(outcome == .interrupted(signal: SIGHUP))
    }

    @Test func aBracketedPasteArrivesWholeAndNeverSubmits() {
        let aws = FakeAWS()
        let paste: [InputCode] = [.key(.pasteStart)] + "Team\rA".unicodeScalars.map { .scalar($0.value) } + [.key(.pasteEnd)]
        let backend = MemoryBackend([.waitFor("Role name"), .input(paste), .waitFor("Team A")])
        _ = WizardDriver().run(WizardState(catalog: Self.catalog, size: Size(width: 80, height: 24)),
                               services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
        #expect(backend.cursor?.row == 4)
    }

    @Test func aResizeRedrawsAtTheNewSize() {
        let aws = FakeAWS()
        let backend = MemoryBackend([.waitFor("Role name"), .resize(Size(width: 40, height: 10)), .waitFor("Terminal too small"),
                                     .resize(Size(width: 100, height: 30)), .waitFor("Role name")])
        _ = WizardDriver().run(WizardState(catalog: Self.catalog, size: Size(width: 80, height: 24)),
                               services: aws.services, on: backend)
        #expect(backend.timedOutWaitingFor == nil)
        #expect(backend.screen.count == 30)
    }

    @Test func everyAnswerIsInTheDraftBeforeTheNextFrame() {
        let aws = FakeAWS()
        let backend = MemoryBackend([.waitFor("Role name"), MemoryBackend.typing("abc"), .waitFor("[abc")])
        _ = WizardDriver().run(WizardState(catalog: Self.catalog, size: Size(width: 80, height: 24)),
                               services: aws.services, on: backend)
        #expect(aws.drafts >= 3)
    }

    @Test func theFirstFrameWithItsCursorMatchesItsGolden() {
        let aws = FakeAWS()
        let backend = MemoryBackend([.waitFor("Role name"), MemoryBackend.typing("Team-A"), .waitFor("[Team-A")])
        _ = WizardDriver().run(WizardState(catalog: Self.catalog, size: Size(width: 80, height: 24)),
                               services: aws.services, on: backend)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Frames/typed-role-name.txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try? backend.screenWithCursor.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(backend.screenWithCursor == (try? String(contentsOf: url, encoding: .utf8)))
    }
}
