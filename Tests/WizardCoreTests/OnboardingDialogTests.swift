import RoleEngine
import Testing
@testable import WizardCore

@Suite("Onboarding dialog")
struct OnboardingDialogTests {
    static let arn = "arn:aws:iam::123456789012:role/service-role/SageMaker-DataScientist"

    /// The dialog as it opens after a successful Create.
    static func dialog() -> WizardState {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        Drive.focus(&state, .button(.create))
        Drive.press(&state, .enter)
        _ = state.update(.createFinished(.success(arn)))
        return state
    }

    @Test func namesAreSeparatedByCommasAndNewLinesNotSpaces() {
        #expect(OnboardingInput.names("Ana Smith, bo\ncy") == ["Ana Smith", "bo", "cy"])
    }

    @Test func aNameWithASpaceIsAnErrorShownInlineAndNothingIsCreated() {
        var state = Self.dialog()
        Drive.type(&state, "d-workshop1")
        Drive.press(&state, .tab)
        Drive.type(&state, "Ana Smith")
        Drive.press(&state, .tab)
        #expect(state.view().text.contains("'Ana Smith' is not a user profile name"))
        Drive.press(&state, .tab)
        #expect(Drive.press(&state, .enter).isEmpty)
        #expect(state.modal == .onboard)
        #expect(state.focusedField == .onboardUsers)
        #expect(state.status?.text.contains("Nothing was created") == true)
    }

    @Test func aRepeatedNameSaysWhichNamesRepeatNotLineZero() {
        let problems = OnboardingInput.nameProblems("ana, bo, Ana")
        #expect(problems == ["'Ana' is listed twice (names 1 and 3); profile names ignore case"])
    }

    @Test func pressingOnboardWithEmptyFieldsShowsEveryProblem() {
        var state = Self.dialog()
        Drive.press(&state, .tab, .tab, .tab)
        #expect(Drive.press(&state, .enter).isEmpty)
        let text = state.view().text
        #expect(text.contains("give the Studio domain's id"))
        #expect(text.contains("give at least one user profile name"))
    }

    @Test func ctrlUClearsADialogFieldSoTypingReplacesIt() {
        var state = Self.dialog()
        Drive.type(&state, "d-old")
        Drive.press(&state, .control("u"))
        Drive.type(&state, "d-new")
        #expect(state.onboardDomain == "d-new")
    }

    @Test func afterOnboardingEachNameIsListedWithWhatHappened() {
        var state = Self.dialog()
        Drive.type(&state, "d-workshop1")
        Drive.press(&state, .tab)
        Drive.type(&state, "ana, bo, cy")
        Drive.press(&state, .tab, .tab)
        #expect(Drive.press(&state, .enter) == [.onboard(domainId: "d-workshop1", users: ["ana", "bo", "cy"], image: nil)])
        _ = state.update(.onboardFinished(.success([
            .init(name: "ana", status: .created), .init(name: "bo", status: .alreadyThere),
            .init(name: "cy", status: .failed("ResourceLimitExceeded: too many profiles")),
        ])))
        let text = state.view().text
        #expect(text.contains("ana: created"))
        #expect(text.contains("bo: already there"))
        #expect(text.contains("cy: failed: ResourceLimitExceeded: too many profiles"))
    }

    @Test func reopeningTheDialogKeepsOnlyTheNamesLeftToRetryWithTheCursorAtTheEnd() {
        var state = Self.dialog()
        Drive.type(&state, "d-workshop1")
        Drive.press(&state, .tab)
        Drive.type(&state, "ana, bo")
        Drive.press(&state, .tab, .tab, .enter)
        _ = state.update(.onboardFinished(.success([.init(name: "ana", status: .created),
                                                    .init(name: "bo", status: .failed("throttled"))])))
        Drive.press(&state, .escape)
        Drive.focus(&state, .button(.create))
        Drive.press(&state, .enter)
        #expect(state.modal == .onboard)
        Drive.press(&state, .tab)
        Drive.type(&state, ", cy")
        #expect(state.onboardUsers == "bo, cy")
    }

    @Test func aDomainThatCannotBeUsedShowsTheReportThenReturnsToTheDialog() {
        var state = Self.dialog()
        Drive.type(&state, "d-nothere1")
        Drive.press(&state, .tab)
        Drive.type(&state, "ana")
        Drive.press(&state, .tab, .tab, .enter)
        _ = state.update(.onboardFinished(.failure(ActionReport(
            title: "Nobody was onboarded", summary: "Not onboarded: Domain: no Studio domain d-nothere1",
            sections: [.init("Why", ["Domain: no Studio domain d-nothere1 in this account and region"])], succeeded: false))))
        #expect(state.view().text.contains("Domain: no Studio domain d-nothere1 in this account and region"))
        Drive.press(&state, .escape)
        #expect(state.modal == .onboard)
        #expect(state.onboardDomain == "d-nothere1")
    }
}

@Suite("Create reports")
struct CreateReportTests {
    static var failed: ActionReport {
        ActionReport(title: "The role SageMaker-DataScientist was not created",
                     summary: "Not created: failed at attached arn:aws:iam::111122223333:policy/team/MyExtraPolicy",
                     sections: [.init("What failed", ["attached arn:aws:iam::111122223333:policy/team/MyExtraPolicy"]),
                                .init("AWS said", ["NoSuchEntity: Policy arn:aws:iam::111122223333:policy/team/MyExtraPolicy does not exist"]),
                                .init("Undone", ["deleted policy SageMaker-DataScientist-jobs", "deleted role SageMaker-DataScientist"])],
                     succeeded: false)
    }

    @Test func aFailedCreateShowsWhatFailedAWSsMessageAndWhatWasUndone() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        Drive.focus(&state, .button(.create))
        Drive.press(&state, .enter)
        _ = state.update(.createFinished(.failure(Self.failed)))
        let text = state.view().text
        #expect(text.contains("What failed"))
        #expect(text.contains("NoSuchEntity: Policy arn:aws:iam::111122223333:policy/team/MyExtraPolicy\n    does not exist"))
        #expect(text.contains("deleted role SageMaker-DataScientist"))
    }

    @Test func aLongReportScrollsAndStopsAtItsEnd() {
        var report = Self.failed
        report.sections.append(.init("Could NOT be undone", (1...40).map { "policy P\($0)" }))
        var state = Drive.wizard(Drive.dataScientist)
        _ = state.update(.createFinished(.failure(report)))
        Drive.press(&state, .end)
        #expect(state.view().text.contains("policy P40"))
        let bottom = state.modalScroll
        Drive.press(&state, .down)
        #expect(state.modalScroll == bottom)
    }
}
