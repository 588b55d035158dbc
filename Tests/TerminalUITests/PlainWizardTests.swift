import Foundation
import RoleEngine
import Testing
@testable import TerminalUI
import WizardCore

/// Plain mode answered by question: each rule answers the first prompt that contains its
/// words (once), every other prompt gets Enter, as a user keeping the defaults would.
final class PlainSession: @unchecked Sendable {
    private let lock = NSLock()
    private var written = ""
    var rules: [(question: String, answer: String)]
    var reads = 0
    private var readUpTo = 0
    var saved: [(directory: String, formats: [String])] = []
    var onboardRequests: [OnboardRequest] = []

    init(_ rules: [(String, String)]) { self.rules = rules.map { (question: $0.0, answer: $0.1) } }

    var output: String { lock.lock(); defer { lock.unlock() }; return written }

    func write(_ text: String) { lock.lock(); written += text; lock.unlock() }

    func readLine() -> String? {
        reads += 1
        if reads > 400 { return nil }
        // The prompt: what was written since the last answer (prompts end without a newline).
        let all = output
        let prompt = String(all.dropFirst(readUpTo).split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
        readUpTo = all.count
        if let i = rules.firstIndex(where: { prompt.contains($0.question) }) { return rules.remove(at: i).answer }
        return ""
    }

    /// What `?` lists: subnets; every other list fails as it does without credentials.
    var lookup: @Sendable (LookupRequest, EffectCancellation, @escaping @Sendable ([PickItem]) -> Void) -> LookupFailure? = {
        request, _, deliver in
        guard request.kind == .subnets else { return LookupFailure("not signed in to AWS: no credentials") }
        deliver([PickItem(value: "subnet-0aaa1111", title: "subnet-0aaa1111", detail: "ml-private-a"),
                 PickItem(value: "subnet-0bbb2222", title: "subnet-0bbb2222", detail: "ml-private-b"),
                 PickItem(value: "subnet-0ccc3333", title: "subnet-0ccc3333", detail: "public-a")])
        return nil
    }

    var services: WizardServices {
        WizardServices(
            save: { _, directory, formats in
                self.lock.lock(); self.saved.append((directory, formats)); self.lock.unlock()
                return .success(SaveReport(directory: directory, files: ["role.json"]))
            },
            saveDraft: { _ in },
            createRole: { _, _, _ in .success("arn:aws:iam::111122223333:role/service-role/Team-A") },
            onboard: { _, request, _, _ in
                self.lock.lock(); self.onboardRequests.append(request); self.lock.unlock()
                if request.domainId == "d-nothere1" {
                    return .failure(ActionReport(title: "Nobody was onboarded", summary: "Not onboarded",
                                                 sections: [.init("Why", ["Domain: no Studio domain d-nothere1"])], succeeded: false))
                }
                return .success(request.users.map { OnboardingOutcome(name: $0, status: .created) })
            },
            lookup: lookup)
    }

    /// Runs plain mode on a valid Data Scientist role named `Team-A`.
    @discardableResult
    func run(_ answers: WizardAnswers = PlainSession.teamA) throws -> (stdout: String, state: WizardState) {
        let catalog = try Catalog.builtIn()
        var wizard = PlainWizard(state: WizardState(catalog: catalog, answers: answers, size: Size(width: 80, height: 24)),
                                 readLine: { self.readLine() }, write: { self.write($0) })
        let out = try wizard.run(services)
        return (out, wizard.state)
    }

    static var teamA: WizardAnswers {
        let catalog = try! Catalog.builtIn()
        var answers = WizardAnswers()
        answers.roleName = "Team-A"
        answers.choosePersona("data-scientist", catalog: catalog)
        for id in ["manage-ml-jobs", "manage-models", "manage-pipelines"] {
            answers.parameters[id] = ["passRoles": "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"]
        }
        answers.parameters["s3-bucket-access"] = ["s3Buckets": "team-a-data"]
        return answers
    }
}

@Suite("Plain mode")
struct PlainWizardTests {
    @Test func aQuestionMarkListsTheAccountsChoicesAndNumbersPickThem() throws {
        let session = PlainSession([("Network and encryption", "y"), ("VPC subnets", "?private"), ("VPC subnets", "2, 1"),
                                    ("Security groups", "sg-0a1b2c3d4e5f67890")])
        let state = try session.run().state
        #expect(session.output.contains("  1. subnet-0aaa1111  ml-private-a\n  2. subnet-0bbb2222  ml-private-b\n"))
        #expect(!session.output.contains("public-a"))
        #expect(state.answers.subnets == "subnet-0bbb2222, subnet-0aaa1111")
    }

    @Test func aListThatCannotBeReadSaysWhyAndTheValueIsTyped() throws {
        let arn = "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"
        let session = PlainSession([("Extra managed policy", "?"), ("Extra managed policy", arn)])
        let state = try session.run().state
        #expect(session.output.contains("! no list: not signed in to AWS: no credentials; type the value instead"))
        #expect(state.answers.managedPolicies == [arn])
    }

    @Test func aNumberOutsideTheListIsAskedAgain() throws {
        let session = PlainSession([("Network and encryption", "y"), ("VPC subnets", "?"), ("VPC subnets", "7"),
                                    ("VPC subnets", "3"), ("Security groups", "sg-0a1b2c3d4e5f67890")])
        let state = try session.run().state
        #expect(session.output.contains("! answer numbers from 1 to 3, or type the value"))
        #expect(state.answers.subnets == "subnet-0ccc3333")
    }

    @Test func numbersAndValuesMixAndNumbersHoldUntilAnotherListIsShown() throws {
        let session = PlainSession([("Network and encryption", "y"), ("VPC subnets", "?"), ("VPC subnets", "9"),
                                    ("VPC subnets", "3, subnet-0ddd4444"), ("Security groups", "sg-0a1b2c3d4e5f67890")])
        let state = try session.run().state
        #expect(state.answers.subnets == "subnet-0ccc3333, subnet-0ddd4444")
    }

    @Test func aRefusedAnswerIsAskedAgainWithTheValueItHad() throws {
        var answers = PlainSession.teamA
        answers.securityGroups = "sg-0a1b2c3d4e5f67890"
        answers.subnets = "subnet-0a1b2c3d4e5f67890"
        let session = PlainSession([("Network and encryption", "y"), ("Security groups", "99")])
        let state = try session.run(answers).state
        #expect(session.output.contains("Security groups (sg-…, comma-separated) (? lists security groups from the account) "
                                        + "[sg-0a1b2c3d4e5f67890]: ! "))
        #expect(state.answers.securityGroups == "sg-0a1b2c3d4e5f67890")
    }

    @Test func theDefaultFolderIsNamedAfterTheRole() throws {
        let session = PlainSession([])
        try session.run()
        #expect(session.saved.first?.directory == "smrole-out/Team-A")
    }

    @Test func theDefaultFolderFollowsARoleNameTypedInPlainMode() throws {
        let session = PlainSession([("Role name", "Team-B")])
        try session.run()
        #expect(session.saved.first?.directory == "smrole-out/Team-B")
    }

    @Test func anUnknownFormatIsAskedAgainNotDropped() throws {
        let session = PlainSession([("Formats", "json, terrafrom"), ("Formats", "terraform")])
        try session.run()
        #expect(session.output.contains("'terrafrom' is not a format"))
        #expect(session.saved.first?.formats == ["json", "terraform"])
    }

    @Test func allMeansEveryFormat() throws {
        let session = PlainSession([("Formats", "all")])
        try session.run()
        #expect(session.saved.first?.formats == ["json", "cloudformation", "terraform", "cli", "stackset"])
    }

    @Test func anActivityListWithABadNumberChangesNothing() throws {
        let session = PlainSession([("Numbers to select", "1, 99")])
        let (_, state) = try session.run()
        #expect(session.output.contains("'99' is not a number from 1 to"))
        #expect(session.output.contains("nothing was changed"))
        #expect(!state.answers.activities.contains("access-aws-services"))
    }

    @Test func theAdvancedSectionAsksPathSessionLengthAndBoundary() throws {
        let session = PlainSession([("Advanced", "y"), ("Maximum session duration", "7200"),
                                    ("Permissions boundary", "arn:aws:iam::aws:policy/PowerUserAccess")])
        let (_, state) = try session.run()
        #expect(session.output.contains("Path (default /service-role/)"))
        #expect(state.answers.maxSession == "7200")
        #expect(state.answers.boundary == "arn:aws:iam::aws:policy/PowerUserAccess")
    }

    @Test func aBadSessionLengthIsAskedAgainWithTheEnginesMessage() throws {
        let session = PlainSession([("Advanced", "y"), ("Maximum session duration", "60"), ("Maximum session duration", "3600")])
        let (_, state) = try session.run()
        #expect(session.output.contains("60 is out of range; allowed: 3600 to 43200 seconds"))
        #expect(state.answers.maxSession == "3600")
    }

    @Test func aDomainAWSDoesNotKnowIsAskedAgain() throws {
        let session = PlainSession([("Create the role in AWS", "y"), ("Domain id", "d-nothere1"), ("User profile names", "ana"),
                                    ("Domain id", "d-workshop1"), ("User profile names", "ana, bo")])
        let (stdout, _) = try session.run()
        #expect(session.output.contains("Domain: no Studio domain d-nothere1"))
        #expect(session.onboardRequests.map(\.domainId) == ["d-nothere1", "d-workshop1"])
        #expect(session.output.contains("ana: created"))
        #expect(stdout.hasSuffix("arn:aws:iam::111122223333:role/service-role/Team-A"))
    }

    @Test func aNameWithASpaceIsRefusedBeforeAnythingIsCreated() throws {
        let session = PlainSession([("Create the role in AWS", "y"), ("Domain id", "d-workshop1"),
                                    ("User profile names", "Ana Smith"), ("User profile names", "ana-smith")])
        try session.run()
        #expect(session.output.contains("'Ana Smith' is not a user profile name"))
        #expect(session.onboardRequests.map(\.users) == [["ana-smith"]])
    }

    @Test func anEarlierDraftIsResumedOnlyWhenTheUserSaysSo() throws {
        let catalog = try Catalog.builtIn()
        var earlier = PlainSession.teamA
        earlier.roleName = "Earlier"
        let offer = DraftOffer(draft: .init(answers: earlier, step: .review), savedAt: "2026-01-31 09:15")
        let session = PlainSession([("Resume the draft", "n")])
        var wizard = PlainWizard(state: WizardState(offering: offer, catalog: catalog, size: Size(width: 80, height: 24)),
                                 readLine: { session.readLine() }, write: { session.write($0) })
        #expect(throws: PlainWizard.PlainError.self) { _ = try wizard.run(session.services) }
        #expect(session.output.contains("Resume the draft saved 2026-01-31 09:15 (role Earlier)?"))
        #expect(wizard.state.answers.roleName.isEmpty)
    }
}
