import RoleEngine
import Testing
@testable import WizardCore

@Suite("Wizard navigation and focus")
struct NavigationTests {
    @Test func tabAndShiftTabMoveBetweenFields() {
        var state = Drive.wizard()
        #expect(state.focusedField == .roleName)
        Drive.press(&state, .tab)
        #expect(state.focusedField == .description)
        Drive.press(&state, .backTab)
        #expect(state.focusedField == .roleName)
    }

    @Test func arrowsMoveLikeTab() {
        var state = Drive.wizard()
        Drive.press(&state, .down, .down)
        #expect(state.focusedField == .persona("data-scientist"))
        Drive.press(&state, .up)
        #expect(state.focusedField == .description)
    }

    @Test func enterInATextFieldMovesOn() {
        var state = Drive.wizard()
        Drive.type(&state, "SageMaker-A")
        Drive.press(&state, .enter)
        #expect(state.answers.roleName == "SageMaker-A")
        #expect(state.focusedField == .description)
    }

    @Test func nextIsBlockedWhileTheStepHasErrorsAndFocusGoesToTheFirst() {
        var state = Drive.wizard()
        Drive.focus(&state, .account)
        Drive.press(&state, .control("n"))
        #expect(state.step == .role)
        #expect(state.focusedField == .roleName)
        #expect(state.status?.kind == .error)
        #expect(state.view().text.contains("problem"))
    }

    @Test func backIsNeverBlocked() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"))
        #expect(state.step == .activities)
        Drive.focus(&state, .parameter(activity: "manage-ml-jobs", key: "passRoles"))
        Drive.press(&state, .control("u"))
        #expect(!state.issues.messages(for: .parameter(activity: "manage-ml-jobs", key: "passRoles")).isEmpty)
        Drive.press(&state, .control("p"))
        #expect(state.step == .role)
    }

    @Test func aValidRoleWalksToTheReviewAndBuildsThePlan() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"), .control("n"), .control("n"))
        #expect(state.step == .review)
        #expect(state.plan?.policies.count == 6)
        #expect(state.capabilities.contains { $0.action == "sagemaker:CreateTrainingJob" && $0.allowed })
        #expect(state.capabilities.contains { $0.action == "iam:CreateRole" && !$0.allowed })
    }

    @Test func functionKeysJumpBackToAnyStepFromTheReview() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        #expect(state.step == .review)
        Drive.press(&state, .function(2))
        #expect(state.step == .role)
    }

    @Test func jumpingForwardStopsAtTheFirstStepWithProblems() {
        var answers = Drive.dataScientist
        answers.parameters["manage-ml-jobs"] = [:]
        var state = Drive.wizard(answers)
        Drive.press(&state, .function(5))
        #expect(state.step == .activities)
        #expect(state.focusedField == .parameter(activity: "manage-ml-jobs", key: "passRoles"))
    }

    @Test func focusStaysVisibleWhenMovingDownALongStep() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"))
        for _ in 0..<25 { Drive.press(&state, .tab) }
        let frame = state.view()
        let cursor = try! #require(frame.cursor)
        #expect(cursor.row >= 2 && cursor.row < frame.size.height - 2)
    }

    @Test func resizeKeepsTheFocusOnScreen() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.focus(&state, .region)
        _ = state.update(.resize(Size(width: 60, height: 16)))
        let frame = state.view()
        #expect(frame.cursor != nil)
        #expect(frame.rows.count == 16)
    }

    @Test func pageDownInTheReviewScrollsThePolicies() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        let before = state.view().text
        Drive.press(&state, .pageDown)
        #expect(state.reviewScroll > 0)
        #expect(state.view().text != before)
        Drive.press(&state, .home)
        #expect(state.reviewScroll == 0)
    }
}

@Suite("Wizard answers and inline validation")
struct AnswerTests {
    @Test func choosingAPersonaPreselectsItsActivities() {
        var state = Drive.wizard()
        Drive.focus(&state, .persona("mlops"))
        Drive.press(&state, .character(" "))
        #expect(state.answers.persona == "mlops")
        #expect(state.answers.activities == Drive.catalog.persona("mlops")!.activities)
    }

    @Test func anInvalidRoleNameIsShownUnderTheFieldOnceItIsLeft() {
        var state = Drive.wizard()
        Drive.type(&state, "bad name!")
        #expect(state.issues.messages(for: .roleName).first?.contains("characters IAM does not allow") == true)
        #expect(!state.view().text.contains("has characters IAM does not allow"))
        Drive.press(&state, .tab)
        #expect(state.view().text.contains("! 'bad name!' has characters IAM does not allow"))
    }

    @Test func editingKeysWorkInTextFields() {
        var state = Drive.wizard()
        Drive.type(&state, "SageMakr")
        Drive.press(&state, .left)
        Drive.type(&state, "e")
        #expect(state.answers.roleName == "SageMaker")
        Drive.press(&state, .home, .delete)
        #expect(state.answers.roleName == "ageMaker")
        Drive.press(&state, .end, .backspace)
        #expect(state.answers.roleName == "ageMake")
        Drive.press(&state, .control("u"))
        #expect(state.answers.roleName.isEmpty)
    }

    @Test func spaceAndQuestionMarkAreTextInTextFields() {
        var state = Drive.wizard()
        Drive.focus(&state, .description)
        Drive.type(&state, "why? team a")
        #expect(state.answers.description == "why? team a")
        #expect(state.modal == nil)
    }

    @Test func aPasteNeverSubmitsAndLosesItsControlCharacters() {
        var state = Drive.wizard()
        Drive.focus(&state, .description)
        Drive.press(&state, .paste("line one\nline two\u{7}\r\n"))
        #expect(state.answers.description == "line one line two  ")
        #expect(state.focusedField == .description)
        #expect(state.step == .role)
    }

    @Test func pastedLinesBecomeSeparatedValuesInListFields() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.focus(&state, .subnets)
        Drive.press(&state, .control("u"), .paste("subnet-0a1b2c3d\nsubnet-1a1b2c3d\n"))
        #expect(WizardAnswers.list(state.answers.subnets) == ["subnet-0a1b2c3d", "subnet-1a1b2c3d"])
    }

    @Test func vpcListsMustBeGivenTogether() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.focus(&state, .securityGroups)
        Drive.press(&state, .control("u"))
        #expect(state.issues.messages(for: .securityGroups).first?.contains("Security groups") == true)
        #expect(state.issues.messages(for: .subnets).isEmpty)
    }

    @Test func selectingAnActivityOpensItsParameterFields() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"))
        #expect(!state.fields(of: .activities).contains(.parameter(activity: "access-aws-services", key: "s3Buckets")))
        Drive.focus(&state, .activity("access-aws-services"))
        Drive.press(&state, .character(" "))
        #expect(state.fields(of: .activities).contains(.parameter(activity: "access-aws-services", key: "s3Buckets")))
        #expect(!state.issues.messages(for: .parameter(activity: "access-aws-services", key: "s3Buckets")).isEmpty)
    }

    @Test func ctrlRReusesAValueTypedForAnotherActivity() {
        var answers = Drive.dataScientist
        answers.parameters["manage-models"] = [:]
        var state = Drive.wizard(answers)
        Drive.press(&state, .control("n"))
        Drive.focus(&state, .parameter(activity: "manage-models", key: "passRoles"))
        Drive.press(&state, .control("r"))
        #expect(state.answers.parameters["manage-models"]?["passRoles"] == "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute")
    }

    @Test func managedPoliciesAreSearchableAndToggle() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"), .control("n"))
        Drive.type(&state, "canvasfull")
        #expect(state.visibleManagedPolicies.map(\.name) == ["AmazonSageMakerCanvasFullAccess"])
        Drive.press(&state, .tab, .character(" "))
        #expect(state.answers.managedPolicies == ["arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess"])
    }

    @Test func anyPolicyArnCanBeTypedInAndABadOneIsRefused() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"), .control("n"))
        Drive.focus(&state, .customPolicyArn)
        Drive.type(&state, "arn:aws:iam::111122223333:policy/team/Extra")
        Drive.press(&state, .enter)
        #expect(state.answers.managedPolicies.contains("arn:aws:iam::111122223333:policy/team/Extra"))
        Drive.type(&state, "not-an-arn")
        Drive.press(&state, .enter)
        #expect(state.status?.kind == .error)
        #expect(state.answers.managedPolicies.count == 1)
    }

    @Test func tagsAreAddedEditedAndDeletedWithTheCountLeft() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"), .control("n"))
        Drive.focus(&state, .button(.addTag))
        Drive.press(&state, .enter)
        #expect(state.focusedField == .tagKey(1))
        Drive.type(&state, "owner")
        Drive.press(&state, .tab)
        Drive.type(&state, "ana")
        #expect(state.answers.tags.last == .init(key: "owner", value: "ana"))
        #expect(state.view(Size(width: 80, height: 60)).text.contains("Tags (48 of 50 left)"))
        Drive.press(&state, .control("d"))
        #expect(state.answers.tags.count == 1)
    }

    @Test func tagRulesAreCheckedInline() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"), .control("n"))
        Drive.focus(&state, .button(.addTag))
        Drive.press(&state, .enter)
        Drive.type(&state, "aws:reserved")
        #expect(state.issues.messages(for: .tagKey(1)).first?.contains("aws:") == true)
        Drive.press(&state, .control("u"))
        Drive.type(&state, "TEAM")
        #expect(state.issues.messages(for: .tagKey(1)).first?.contains("case-insensitive") == true)
    }

    @Test func escWithAnswersAsksBeforeQuitting() {
        var state = Drive.wizard()
        Drive.type(&state, "x")
        #expect(Drive.press(&state, .escape).isEmpty)
        #expect(state.modal == .confirmQuit)
        #expect(Drive.press(&state, .character("n")).isEmpty)
        #expect(state.modal == nil)
        Drive.press(&state, .escape)
        #expect(Drive.press(&state, .character("y")) == [.quit(.cancelled)])
    }

    @Test func escOnAnUntouchedWizardQuitsAtOnce() {
        var state = Drive.wizard()
        #expect(Drive.press(&state, .escape) == [.quit(.cancelled)])
    }

    @Test func everyAnswerChangeAsksForADraft() {
        var state = Drive.wizard()
        #expect(Drive.press(&state, .character("a")) == [.saveDraft])
        #expect(Drive.press(&state, .tab).isEmpty)
    }

    @Test func savingAsksTheDriverForTheChosenFormats() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        Drive.focus(&state, .button(.save))
        Drive.press(&state, .enter)
        #expect(state.modal == .save)
        Drive.press(&state, .tab, .tab, .character(" "), .tab, .tab, .character(" "))
        // Past the stackset box, to the confirm button.
        let effects = Drive.press(&state, .tab, .tab, .enter)
        #expect(effects == [.save(directory: "smrole-out/SageMaker-DataScientist", formats: ["json", "cloudformation", "cli"])])
        _ = state.update(.saveFinished(.success(SaveReport(directory: "smrole-out/SageMaker-DataScientist", files: ["role.json"]))))
        #expect(state.modal == nil)
        #expect(Drive.press(&state, .escape) == [.quit(.saved("smrole-out/SageMaker-DataScientist"))])
    }

    @Test func aFailedSaveKeepsTheDialogWithTheReason() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        Drive.focus(&state, .button(.save))
        Drive.press(&state, .enter)
        _ = state.update(.saveFinished(.failure(SaveFailure("the folder is not an earlier smrole output"))))
        #expect(state.modal == .save)
        #expect(state.view().text.contains("Not saved: the folder is not an earlier smrole output"))
    }

    @Test func helpIsGeneratedFromTheKeyMap() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.focus(&state, .persona("mlops"))
        Drive.press(&state, .character("?"))
        #expect(state.modal == .help)
        let text = state.view(Size(width: 100, height: 80)).text
        for binding in KeyMap.bindings(.global) + KeyMap.bindings(.parameter) {
            #expect(text.contains(binding.help), "\(binding.help)")
        }
        Drive.press(&state, .character("x"))
        #expect(state.modal == nil)
    }

    @Test func theFooterShowsTheFocusedFieldsKeys() {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"))
        Drive.focus(&state, .parameter(activity: "manage-ml-jobs", key: "passRoles"))
        #expect(state.view().rows.last.map { $0.map(\.text).joined() }?.contains("Ctrl-R reuse") == true)
    }
}

@Suite("Wizard drafts")
struct DraftTests {
    @Test func aDraftRestoresAnswersAsTypedIncludingInvalidText() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.focus(&state, .account)
        Drive.type(&state, "x")
        Drive.press(&state, .control("n"))
        let restored = try WizardDraft.decode(WizardDraft.encode(state))
        #expect(restored.answers == state.answers)
        #expect(restored.answers.account == "111122223333x")
    }

    @Test func resumingReturnsToTheStepReached() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .control("n"), .control("n"))
        let restored = WizardState(restoring: try WizardDraft.decode(WizardDraft.encode(state)), catalog: Drive.catalog, size: Drive.standard)
        #expect(restored.step == .policies)
    }

    @Test func aDamagedDraftIsAnErrorNotACrash() {
        #expect(throws: WizardDraft.DraftError.self) { try WizardDraft.decode("{\"version\": 1, ") }
        #expect(throws: WizardDraft.DraftError.self) { try WizardDraft.decode("{\"version\": 7}") }
    }

    @Test func answersFromAFileFillEveryStep() {
        let spec = RoleSpec(role: RoleSettings(name: "SageMaker-X", path: RoleSpec.defaultPath, maxSessionDuration: 7200), persona: "custom",
                            network: NetworkSettings(subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"]),
                            activities: [ActivitySelection(id: "s3-bucket-access", parameters: ["s3Buckets": ["b-one", "b-two"]])],
                            managedPolicies: ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"], tags: [RoleTag(key: "k", value: "v")])
        let answers = WizardAnswers(spec: spec, catalog: Drive.catalog)
        #expect(answers.parameters["s3-bucket-access"]?["s3Buckets"] == "b-one, b-two")
        #expect(answers.maxSession == "7200")
        #expect(answers.spec().spec == spec)
    }
}

@Suite("Wizard: create in AWS and onboard")
struct CreateAndOnboardTests {
    static func review() -> WizardState {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(5))
        Drive.focus(&state, .button(.create))
        return state
    }

    @Test func createAsksTheDriverAndIgnoresKeysWhileBusy() {
        var state = Self.review()
        #expect(Drive.press(&state, .enter) == [.createRole])
        #expect(state.busy)
        #expect(Drive.press(&state, .enter).isEmpty)
    }

    @Test func aCreatedRoleOpensTheOnboardingDialog() {
        var state = Self.review()
        Drive.press(&state, .enter)
        _ = state.update(.progress("created policy x"))
        #expect(state.status?.text == "created policy x")
        _ = state.update(.createFinished(.success("arn:aws:iam::123456789012:role/service-role/SageMaker-DataScientist")))
        #expect(state.modal == .onboard)
        Drive.type(&state, "d-workshop1")
        Drive.press(&state, .tab)
        Drive.press(&state, .paste("ana\nbo\n"))
        Drive.press(&state, .tab, .tab)
        #expect(Drive.press(&state, .enter) == [.onboard(domainId: "d-workshop1", users: ["ana", "bo"], image: nil)])
        _ = state.update(.onboardFinished(.success([.init(name: "ana", status: .created), .init(name: "bo", status: .created)])))
        guard case .report(let report)? = state.modal else { Issue.record("no report: \(String(describing: state.modal))"); return }
        #expect(report.succeeded)
        Drive.press(&state, .escape)
        #expect(state.modal == nil)
        #expect(Drive.press(&state, .escape) == [.quit(.created("arn:aws:iam::123456789012:role/service-role/SageMaker-DataScientist"))])
    }

    @Test func aFailedCreateSaysWhyAndStaysOnTheReview() {
        var state = Self.review()
        Drive.press(&state, .enter)
        _ = state.update(.createFinished(.failure(Drive.failure("CreateRole was denied"))))
        #expect(!state.busy && state.step == .review)
        #expect(state.view().text.contains("Not created: CreateRole was denied"))
    }

    @Test func onboardingNeedsADomainAndUsers() {
        var state = Self.review()
        Drive.press(&state, .enter)
        _ = state.update(.createFinished(.success("arn:aws:iam::1:role/x")))
        Drive.press(&state, .tab, .tab, .tab)
        #expect(Drive.press(&state, .enter).isEmpty)
        #expect(state.status?.kind == .error)
    }
}
