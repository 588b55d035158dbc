import Foundation
import RoleEngine
import Testing
@testable import WizardCore

@Suite("Screen layout")
struct ScreenLayoutTests {
    static func rows(_ frame: Frame) -> [String] { frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func theMoreMarkerNeverCoversTheLastRowsText() {
        var answers = Drive.dataScientist
        answers.parameters["s3-bucket-access"] = ["s3Buckets": "Bad_Bucket"]
        var state = Drive.wizard(answers)
        Drive.press(&state, .control("n"), .control("n"))
        for top in 0..<12 {
            state.scroll[.activities] = top
            let body = Self.rows(state.view()).dropLast(2)
            guard let last = body.last, last.hasSuffix("more ↓") else { continue }
            #expect(last.trimmingCharacters(in: .whitespaces) == "more ↓", "the hint shares its row: \(last)")
        }
    }

    @Test func pageDownInTheReviewShowsTheRowAfterTheLastOneShown() {
        var state = GoldenFrameTests.at(.review)
        let page = state.reviewViewportHeight
        Drive.press(&state, .pageDown)
        #expect(state.reviewScroll == page)
        Drive.press(&state, .pageDown)
        #expect(state.reviewScroll == 2 * page)
    }

    @Test func scrollingTheReviewStopsAtItsLastRow() {
        var state = GoldenFrameTests.at(.review)
        Drive.press(&state, .end)
        let bottom = state.reviewScroll
        #expect(bottom == state.reviewRowCount - state.reviewViewportHeight)
        Drive.press(&state, .pageUp)
        #expect(state.reviewScroll == bottom - state.reviewViewportHeight)
    }

    @Test(arguments: [FieldID.roleName, .account, .button(.next), .persona("mlops")])
    func theFooterAlwaysShowsHelpAndEscAt80Columns(field: FieldID) {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.focus(&state, field)
        let footer = Self.rows(state.view()).last ?? ""
        #expect(footer.contains("F1"), "\(footer)")
        #expect(footer.contains("Esc"), "\(footer)")
    }

    @Test func fieldsGrowWithTheTerminal() {
        var answers = Drive.dataScientist
        answers.boundary = "arn:aws:iam::111122223333:policy/boundaries/" + String(repeating: "b", count: 150)
        let state = Drive.wizard(answers, size: Size(width: 250, height: 60))
        #expect(state.view().text.contains(answers.boundary))
    }

    @Test func anUnfocusedFieldShowsTheStartOfItsValue() {
        var answers = Drive.dataScientist
        answers.volumeKeys = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, "
            + "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        var state = Drive.wizard(answers)
        Drive.focus(&state, .dataKeys)
        #expect(state.view().text.contains("[arn:aws:kms:us-east-1:111122223333:key/"))
    }

    @Test func theReviewNeverSplitsAKeyArnAt80Columns() {
        let text = GoldenFrameTests.at(.review).view().text
        #expect(text.contains("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
    }

    @Test func thePolicyJSONKeepsAQuotedArnOnOneRowWhenItFits() {
        let rows = JSONHighlighter.rows(#"      "Resource": "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute-Role""#,
                                        indent: 4, width: 80)
        #expect(rows.contains { $0.map(\.text).joined().contains("\"arn:aws:iam::111122223333:role/service-role/SageMaker-Compute-Role\"") })
    }

    @Test(arguments: WizardStep.allCases)
    func theHeaderKeepsItsPartsApartAt60By16(step: WizardStep) {
        let state = GoldenFrameTests.at(step, size: Size(width: 60, height: 16))
        let rows = Self.rows(state.view())
        #expect(rows[0].contains("Step \(step.rawValue + 1) of 4: \(step.title)"))
        #expect(!rows[0].contains("roleStep"))
        #expect(rows[1].contains("\(step.rawValue + 1) \(step.title)"))
        #expect(rows[1].contains(" 4"))
    }
}

@Suite("When problems show")
struct ProblemTimingTests {
    @Test func arrivingAtAStepShowsNoErrorsYet() {
        var answers = Drive.dataScientist
        answers.parameters = [:]
        var state = Drive.wizard(answers)
        Drive.press(&state, .control("n"))
        #expect(state.step == .activities)
        #expect(!state.view().text.contains("is required by"))
    }

    @Test func theStepsProblemCountStaysInTheStatusLine() {
        var answers = Drive.dataScientist
        answers.parameters = [:]
        var state = Drive.wizard(answers)
        Drive.press(&state, .control("n"))
        let status = state.view().text.split(separator: "\n").dropLast().last ?? ""
        #expect(status.contains("4 problems on this step"))
    }

    @Test func aFieldsProblemShowsOnceItIsLeft() {
        var answers = Drive.dataScientist
        answers.parameters = [:]
        var state = Drive.wizard(answers)
        Drive.press(&state, .control("n"))
        Drive.focus(&state, .parameter(activity: "manage-ml-jobs", key: "passRoles"))
        #expect(!state.view().text.contains("is required by Manage ML Jobs"))
        Drive.press(&state, .tab)
        #expect(state.view().text.contains("is required by Manage ML Jobs"))
    }

    @Test func nextShowsEveryProblemOfTheStep() {
        var answers = Drive.dataScientist
        answers.parameters = [:]
        var state = Drive.wizard(answers, size: Size(width: 120, height: 60))
        Drive.press(&state, .control("n"), .control("n"))
        #expect(state.step == .activities)
        #expect(state.view().text.contains("is required by Manage Models"))
    }

    @Test func prefilledValuesShowTheirProblemsAtOnce() {
        var answers = Drive.dataScientist
        answers.account = "12345"
        let state = Drive.wizard(answers)
        #expect(state.view().text.contains("'12345' is not an AWS account id"))
    }
}

@Suite("Screen wording")
struct ScreenWordingTests {
    @Test func aMissingListNamesTheLabelsNotTheAnswersFileKeys() {
        var answers = Drive.dataScientist
        answers.securityGroups = ""
        let message = Drive.wizard(answers).issues.messages(for: .securityGroups).first ?? ""
        #expect(message.contains("VPC subnets and Security groups"))
        #expect(!message.contains("securityGroups"))
    }

    @Test func theAccountMessageSaysNothingAboutYAML() {
        var answers = Drive.dataScientist
        answers.account = "12345"
        let message = Drive.wizard(answers).issues.messages(for: .account).first ?? ""
        #expect(message.contains("exactly 12 digits"))
        #expect(!message.contains("YAML"))
    }

    @Test func nextNamesTheFieldByItsLabel() {
        var answers = Drive.dataScientist
        answers.securityGroups = ""
        var state = Drive.wizard(answers)
        Drive.press(&state, .control("n"))
        #expect(state.status?.text.contains("Security groups:") == true)
    }
}

@Suite("Regions")
struct RegionTests {
    @Test func aRegionSmroleDoesNotKnowIsRefusedWithTheNearestOne() {
        var answers = Drive.dataScientist
        answers.region = "us-east-9"
        let message = Drive.wizard(answers).issues.messages(for: .region).first ?? ""
        #expect(message.contains("'us-east-9' is not an AWS region smrole knows (did you mean us-east-1?)"))
        #expect(message.contains("--allow-unknown-region"))
    }

    @Test func theOverrideAcceptsANewRegion() {
        var answers = Drive.dataScientist
        answers.region = "us-east-9"
        let state = WizardState(catalog: Drive.catalog, answers: answers, size: Drive.standard,
                                options: .init(allowUnknownRegion: true))
        #expect(state.issues.messages(for: .region).isEmpty)
    }

    @Test func theEnvironmentVariableTurnsTheOverrideOn() {
        #expect(KnownRegions.overridden(by: ["SMROLE_ALLOW_UNKNOWN_REGION": "1"]))
        #expect(!KnownRegions.overridden(by: ["SMROLE_ALLOW_UNKNOWN_REGION": "0"]))
        #expect(!KnownRegions.overridden(by: [:]))
    }
}

@Suite("Draft offer")
struct DraftOfferTests {
    static var offered: WizardState {
        var earlier = Drive.dataScientist
        earlier.roleName = "Earlier-Role"
        let offer = DraftOffer(draft: .init(answers: earlier, step: .policies), savedAt: "2026-01-31 09:15")
        return WizardState(offering: offer, catalog: Drive.catalog, size: Drive.standard)
    }

    @Test func anEarlierDraftIsOfferedWithItsTimeAndRoleName() {
        let text = Self.offered.view().text
        #expect(text.contains("Saved 2026-01-31 09:15, role Earlier-Role"))
    }

    @Test func typingBeforeChoosingNeverWritesTheDraft() {
        var state = Self.offered
        #expect(!Drive.type(&state, "xyz").contains(.saveDraft))
        #expect(!state.mayWriteDraft)
        #expect(state.answers.roleName.isEmpty)
    }

    @Test func resumingRestoresTheAnswersAndStep() {
        var state = Self.offered
        Drive.press(&state, .character("r"))
        #expect(state.answers.roleName == "Earlier-Role")
        #expect(state.step == .policies)
        #expect(state.mayWriteDraft)
    }

    @Test func startingAnewReplacesTheDraftOnlyOnTheFirstChange() {
        var state = Self.offered
        Drive.press(&state, .character("n"))
        #expect(state.modal == nil && state.answers.roleName.isEmpty)
        #expect(Drive.type(&state, "A").contains(.saveDraft))
    }
}

@Suite("Save folder")
struct SaveFolderTests {
    @Test func theDefaultFolderFollowsTheRoleNameHoweverItIsSet() {
        var state = Drive.wizard()
        state.setPlainText("Team-A", of: .roleName)
        #expect(state.saveDirectory == "smrole-out/Team-A")
    }

    @Test func aChosenFolderStaysWhenTheRoleIsRenamed() {
        var state = Drive.wizard()
        state.chosenSaveDirectory = "roles/a"
        state.setPlainText("Team-A", of: .roleName)
        #expect(state.saveDirectory == "roles/a")
    }
}
