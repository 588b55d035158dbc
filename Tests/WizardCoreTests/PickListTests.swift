import RoleEngine
import Testing
@testable import WizardCore

/// Pick lists: Ctrl-L asks the driver for a lookup, rows arrive as events, typing filters,
/// Space marks, Enter writes the field; a failed lookup leaves the field to typing.
@Suite("Pick lists")
struct PickListTests {
    static let subnetRows = [
        PickItem(value: "subnet-0aaa", title: "subnet-0aaa",
                 detail: "ml-private-a · vpc-01 · us-east-1a · 10.0.1.0/24"),
        PickItem(value: "subnet-0bbb", title: "subnet-0bbb",
                 detail: "ml-private-b · vpc-01 · us-east-1b · 10.0.2.0/24"),
        PickItem(value: "subnet-0ccc", title: "subnet-0ccc", detail: "public-a · vpc-02 · us-east-1a · 10.1.1.0/24"),
    ]

    /// Step 1 with the network section open and focus on VPC subnets (nothing typed in it yet).
    static func onSubnets(_ typed: String = "") -> WizardState {
        var answers = Drive.dataScientist
        answers.subnets = typed
        var state = Drive.wizard(answers)
        Drive.focus(&state, .subnets)
        return state
    }

    /// The lookup a key press asked for.
    static func lookup(_ effects: [WizardEffect]) -> LookupRequest? {
        for case .lookup(let request) in effects { return request }
        return nil
    }

    @Test func ctrlLOnSubnetsAsksForALookupInTheAnswersRegion() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        #expect(request.kind == .subnets)
        #expect(request.region == "us-east-1")
        #expect(state.modal == .pickList)
        #expect(state.view().text.contains("Reading the list"))
    }

    @Test func markedRowsBecomeTheFieldsCommaSeparatedValues() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .character(" "), .down, .character(" "), .enter)
        #expect(state.modal == nil)
        #expect(state.answers.subnets == "subnet-0aaa, subnet-0bbb")
    }

    @Test func enterWithNothingMarkedTakesTheHighlightedRow() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        Drive.press(&state, .down, .down, .enter)
        #expect(state.answers.subnets == "subnet-0ccc")
    }

    @Test func typingFiltersByEveryWordOfTheRow() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        Drive.type(&state, "private")
        #expect(state.pickList?.visible.map(\.value) == ["subnet-0aaa", "subnet-0bbb"])
        let screen = state.view().text
        #expect(screen.contains("3 subnets, 2 match"))
        #expect(!screen.contains("public-a"))
        Drive.press(&state, .enter)
        #expect(state.answers.subnets == "subnet-0aaa")
    }

    @Test func valuesTypedEarlierThatTheListLacksAreKept() throws {
        var state = Self.onSubnets("subnet-0typed, subnet-0bbb")
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        // subnet-0bbb shows marked; unmark it and mark subnet-0aaa.
        #expect(state.view().text.contains("[x] subnet-0bbb"))
        Drive.press(&state, .character(" "), .down, .character(" "), .enter)
        #expect(state.answers.subnets == "subnet-0typed, subnet-0aaa")
    }

    @Test func escapeChangesNothingAndStopsTheLookupStillRunning() throws {
        var state = Self.onSubnets("subnet-0typed")
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        Drive.press(&state, .character(" "))
        let effects = Drive.press(&state, .escape)
        #expect(effects == [.cancelLookup(serial: request.serial)])
        #expect(state.modal == nil)
        #expect(state.answers.subnets == "subnet-0typed")
    }

    @Test func aFailedLookupClosesTheListAndSaysWhyInOneLine() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        let refused = LookupFailure("ec2:DescribeSubnets was refused (UnauthorizedOperation)")
        _ = state.update(.lookupFinished(serial: request.serial, failure: refused))
        #expect(state.modal == nil)
        #expect(state.status?.kind == .error)
        #expect(state.status?.text
                == "No pick list: ec2:DescribeSubnets was refused (UnauthorizedOperation). Type the value instead.")
        Drive.type(&state, "subnet-0typed")
        #expect(state.answers.subnets == "subnet-0typed")
    }

    @Test func anAnswerToAListAlreadyClosedIsDropped() throws {
        var state = Self.onSubnets()
        let first = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        Drive.press(&state, .escape)
        Drive.focus(&state, .securityGroups)
        let second = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: first.serial, items: Self.subnetRows))
        #expect(second.kind == .securityGroups)
        #expect(state.pickList?.items.isEmpty == true)
    }

    @Test func aListReadWholeIsReusedAndCtrlRReadsItAgain() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .escape)
        #expect(Self.lookup(Drive.press(&state, .control("l"))) == nil)
        #expect(state.pickList?.items.count == 3)
        let again = try #require(Self.lookup(Drive.press(&state, .control("r"))))
        #expect(again.serial > request.serial)
        #expect(state.pickList?.items.isEmpty == true)
    }

    @Test func anotherRegionIsAnotherList() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .escape)
        state.setPlainText("eu-west-1", of: .region)
        #expect(Self.lookup(Drive.press(&state, .control("l")))?.region == "eu-west-1")
    }

    @Test func ctrlCWhileReadingStopsAndKeepsTheRowsThatArrived() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Array(Self.subnetRows.prefix(1))))
        #expect(state.isWaiting)
        #expect(state.update(.interrupt) == [.cancelLookup(serial: request.serial)])
        #expect(!state.isWaiting)
        #expect(state.modal == .pickList)
        #expect(state.pickList?.items.count == 1)
    }

    @Test func pageDownMovesAPageAndThePagesAreNumberedAsTheConsoleDoes() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(4))
        Drive.focus(&state, .policyFilter)
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        #expect(request.kind == .policies)
        let rows = (1...150).map {
            PickItem(value: "arn:aws:iam::aws:policy/P\($0)", title: "P\($0)", detail: "AWS managed")
        }
        _ = state.update(.lookupItems(serial: request.serial, items: rows))
        let page = state.pickListPageSize
        Drive.press(&state, .pageDown, .pageDown)
        #expect(state.pickList?.highlight == 2 * page)
        let pages = (150 + page - 1) / page
        #expect(state.view().text.contains("Page 3 of \(pages):  1 2 [3] 4 … \(pages)"))
        Drive.press(&state, .end)
        #expect(state.pickList?.highlighted?.title == "P150")
        Drive.press(&state, .home)
        #expect(state.pickList?.highlighted?.title == "P1")
    }

    @Test func pageStripShowsTheEndsAndTheNeighbours() {
        #expect(WizardState.pageStrip(current: 0, count: 1, ellipsis: "…") == "[1]")
        #expect(WizardState.pageStrip(current: 0, count: 8, ellipsis: "…") == "[1] 2 … 8")
        #expect(WizardState.pageStrip(current: 4, count: 8, ellipsis: "…") == "1 … 4 [5] 6 … 8")
        #expect(WizardState.pageStrip(current: 7, count: 8, ellipsis: "...") == "1 ... 7 [8]")
    }

    @Test func accountPoliciesPickedInStep3AreAttachedAndNamedByTheList() throws {
        var state = Drive.wizard(Drive.dataScientist, size: Size(width: 120, height: 60))
        Drive.press(&state, .function(4))
        Drive.focus(&state, .policyFilter)
        let before = state.answers.managedPolicies
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        let team = PickItem(value: "arn:aws:iam::111122223333:policy/team/TeamData", title: "TeamData",
                            detail: "customer managed, path /team/ · attached 2 times")
        _ = state.update(.lookupItems(serial: request.serial, items: [team]))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .character(" "), .enter)
        #expect(state.answers.managedPolicies == before + [team.value])
        #expect(state.status?.text == "Managed policies: 1 added, 0 removed; \(before.count + 1) in all.")
        #expect(state.view().text.contains("from the account: customer managed"))
    }

    @Test func aBarePolicyNameResolvesAgainstTheAccountsPoliciesOnceRead() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(4))
        Drive.focus(&state, .customPolicyArn)
        Drive.type(&state, "TeamData")
        Drive.press(&state, .enter)
        #expect(state.status?.text.contains("pick it from the account with Ctrl-L") == true)
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        let team = PickItem(value: "arn:aws:iam::111122223333:policy/team/TeamData", title: "TeamData", detail: "")
        _ = state.update(.lookupItems(serial: request.serial, items: [team]))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .escape)
        Drive.press(&state, .enter)
        #expect(state.answers.managedPolicies.contains(team.value))
        Drive.type(&state, "teamdata")
        Drive.press(&state, .enter)
        #expect(state.status?.text == "TeamData is added already.")
    }

    @Test func aRoleArnParameterPicksRolesAndABucketParameterHasNoList() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(3))
        Drive.focus(&state, .parameter(activity: "manage-ml-jobs", key: "passRoles"))
        #expect(state.view().text.contains("Ctrl-L pick from AWS   Ctrl-R reuse a value"))
        #expect(Self.lookup(Drive.press(&state, .control("l")))?.kind == .passRoles)
        Drive.press(&state, .escape)
        Drive.focus(&state, .parameter(activity: "s3-bucket-access", key: "s3Buckets"))
        #expect(!state.view().text.contains("Ctrl-L"))
        #expect(Drive.press(&state, .control("l")).isEmpty)
        #expect(state.modal == nil)
    }

    @Test func theDomainPicksByNameIntoTheOnboardingDialog() throws {
        var state = OnboardingDialogTests.dialog()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        #expect(request.kind == .domains)
        _ = state.update(.lookupItems(serial: request.serial, items: [
            PickItem(value: "d-abc123", title: "ml-lab", detail: "d-abc123 · InService · IAM sign-in"),
            PickItem(value: "d-def456", title: "prod", detail: "d-def456 · InService · SSO sign-in"),
        ]))
        Drive.type(&state, "lab")
        Drive.press(&state, .enter)
        #expect(state.modal == .onboard)
        #expect(state.focusedField == .onboardDomain)
        #expect(state.onboardDomain == "d-abc123")
    }

    @Test func jupyterLabVersionsAreKnownWithoutALookup() {
        var state = OnboardingDialogTests.dialog()
        Drive.press(&state, .tab, .tab)
        #expect(state.focusedField == .onboardImage)
        #expect(Drive.press(&state, .control("l")).isEmpty)
        #expect(state.pickList?.items.map(\.value) == ["3", "1"])
        Drive.press(&state, .character(" "))
        #expect(state.onboardImage == "3")
        #expect(state.modal == .onboard)
    }

    @Test func aDomainNameIsAcceptedAsTyped() {
        #expect(OnboardingInput.domainProblem("ml-lab") == nil)
        #expect(OnboardingInput.domainProblem("d-abc123") == nil)
        #expect(OnboardingInput.domainProblem("ml lab")?.contains("neither a Studio domain id") == true)
    }

    @Test func untrustedRowTextIsShownEscaped() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: [
            PickItem(value: "subnet-0evil", title: "subnet-0evil", detail: "name\u{1b}[31mred"),
        ]))
        let screen = state.view().text
        #expect(!screen.contains("\u{1b}"))
        #expect(screen.contains("name\\u001b[31mred"))
    }

    @Test func helpListsThePickListKeys() {
        var state = Drive.wizard()
        Drive.press(&state, .function(1))
        let help = (0..<20).map { _ -> String in
            let text = state.view().text
            Drive.press(&state, .pageDown)
            return text
        }.joined(separator: "\n")
        #expect(help.contains("Fields with a pick list"))
        #expect(help.contains("read the list from the account again"))
    }

    @Test func spaceTypesIntoAFilterOnceItHasTextAndTabMarks() throws {
        var state = Self.onSubnets()
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        Drive.type(&state, "ml priv")
        #expect(state.pickList?.filter == "ml priv")
        #expect(state.pickList?.marked.isEmpty == true)
        #expect(state.pickList?.visible.count == 2)
        Drive.press(&state, .tab, .down, .tab, .enter)
        #expect(state.answers.subnets == "subnet-0aaa, subnet-0bbb")
    }

    @Test func ctrlCInAListAlreadyReadClosesItChangingNothing() throws {
        var state = Self.onSubnets("subnet-0typed")
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: Self.subnetRows))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .character(" "))
        #expect(state.update(.interrupt).isEmpty)
        #expect(state.modal == nil)
        #expect(state.answers.subnets == "subnet-0typed")
    }

    @Test func aNameTwoPoliciesShareAsksForTheARN() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(4))
        Drive.focus(&state, .customPolicyArn)
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        let rows = ["/", "/other/"].map {
            PickItem(value: "arn:aws:iam::111122223333:policy\($0)team-data", title: "team-data", detail: "")
        }
        _ = state.update(.lookupItems(serial: request.serial, items: rows))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        Drive.press(&state, .escape)
        let before = state.answers.managedPolicies
        Drive.type(&state, "team-data")
        Drive.press(&state, .enter)
        #expect(state.answers.managedPolicies == before)
        #expect(state.status?.text == "Not added: 2 policies are named 'team-data': arn:aws:iam::111122223333:policy/team-data, "
                + "arn:aws:iam::111122223333:policy/other/team-data; give the ARN of the one you mean")
    }

    @Test func whatWasTypedInTheSearchStartsTheFilter() throws {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(4))
        Drive.focus(&state, .policyFilter)
        Drive.type(&state, "canvas")
        _ = Drive.press(&state, .control("l"))
        #expect(state.pickList?.filter == "canvas")
    }

    @Test func ctrlLOnAFieldWithoutAListSaysSo() {
        var state = Drive.wizard(Drive.dataScientist)
        #expect(Drive.press(&state, .control("l")).isEmpty)
        #expect(state.modal == nil)
        #expect(state.status?.text == "Role name has no pick list; type its value.")
    }

    @Test func aRegionTheRegionFieldRefusesIsNotAskedForItsSubnets() {
        var state = Self.onSubnets()
        state.setPlainText("eu-west-9", of: .region)
        #expect(Drive.press(&state, .control("l")).isEmpty)
        #expect(state.modal == nil)
        #expect(state.status?.text.hasPrefix("No pick list: the Region ") == true)
    }

    @Test func aSingleValueListSaysWhenTheFieldsValueIsNotInIt() throws {
        var answers = Drive.dataScientist
        answers.boundary = "Boundary-ML"
        var state = Drive.wizard(answers, size: Size(width: 120, height: 30))
        Drive.focus(&state, .boundary)
        let request = try #require(Self.lookup(Drive.press(&state, .control("l"))))
        _ = state.update(.lookupItems(serial: request.serial, items: [
            PickItem(value: "arn:aws:iam::111122223333:policy/Boundary", title: "Boundary", detail: ""),
        ]))
        _ = state.update(.lookupFinished(serial: request.serial, failure: nil))
        #expect(state.view().text.contains("(the field's 'Boundary-ML' is not in this list; Esc keeps it)"))
    }
}
