import RoleEngine
import Testing
@testable import WizardCore

/// Every step as the user sees it, pinned as text with style marks. Review a change with
/// `UPDATE_GOLDEN=1 swift test` and `git diff Tests/WizardCoreTests/Frames`.
@Suite("Golden frames")
struct GoldenFrameTests {
    static let large = Size(width: 120, height: 40)

    static func at(_ step: WizardStep, _ answers: WizardAnswers = Drive.dataScientist, size: Size = Drive.standard,
                   ascii: Bool = false, focus: FieldID? = nil) -> WizardState {
        var state = Drive.wizard(answers, size: size, ascii: ascii)
        if step != .role { _ = state.update(.key(.function(2 + step.rawValue))) }
        if let focus { Drive.focus(&state, focus) }
        return state
    }

    /// CJK and emoji where IAM allows them (tags) and where it does not (descriptions are
    /// Latin-1, so the role step shows the error beside the wide text).
    static var cjkAnswers: WizardAnswers {
        var answers = Drive.dataScientist
        answers.tags = [.init(key: "チーム", value: "機械学習"), .init(key: "emoji", value: "🙂 👩‍💻")]
        return answers
    }

    static var cjkDescription: WizardAnswers {
        var answers = Drive.dataScientist
        answers.description = "データサイエンティスト 🚀 チーム Ünïcödé"
        return answers
    }

    /// A pick list opened with Ctrl-L on `focus`, with `rows` arrived (and the lookup ended when `done`).
    static func picking(_ step: WizardStep, focus: FieldID, rows: [PickItem], done: Bool = true, size: Size = Drive.standard,
                        keys: [Key] = []) -> Frame {
        var state = at(step, size: size, focus: focus)
        var serial = 0
        for case .lookup(let request) in state.update(.key(.control("l"))) { serial = request.serial }
        _ = state.update(.lookupItems(serial: serial, items: rows))
        if done { _ = state.update(.lookupFinished(serial: serial, failure: nil)) }
        for key in keys { _ = state.update(.key(key)) }
        return state.view()
    }

    static let policyRows = (1...60).map {
        PickItem(value: "arn:aws:iam::aws:policy/Policy\($0)", title: "Policy\($0)", detail: "AWS managed · attached 0 times")
    }

    static let cases: [(String, @Sendable () -> Frame)] = [
        ("role-empty-80x24", { Drive.wizard().view() }),
        ("role-errors-80x24", { var s = Drive.wizard(); Drive.type(&s, "bad name!"); Drive.press(&s, .control("n")); return s.view() }),
        ("role-80x24", { at(.role).view() }),
        ("role-large", { at(.role, size: large).view() }),
        ("role-network-open-80x24", { at(.role, focus: .subnets).view() }),
        ("role-cjk-80x24", { at(.role, cjkDescription, focus: .description).view() }),
        ("role-ascii-80x24", { at(.role, ascii: true).view() }),
        ("activities-80x24", { at(.activities).view() }),
        ("activities-parameter-80x24", { at(.activities, focus: .parameter(activity: "manage-ml-jobs", key: "passRoles")).view() }),
        ("activities-large", { at(.activities, size: large).view() }),
        ("policies-80x24", { at(.policies).view() }),
        ("policies-tags-cjk-large", { at(.policies, cjkAnswers, size: large, focus: .tagValue(0)).view() }),
        ("review-80x24", { at(.review).view() }),
        ("review-large", { at(.review, size: large).view() }),
        ("review-scrolled-80x24", { var s = at(.review); Drive.press(&s, .pageDown, .pageDown, .pageDown); return s.view() }),
        ("save-dialog-80x24", { var s = at(.review, focus: .button(.save)); Drive.press(&s, .enter); return s.view() }),
        ("onboard-dialog-80x24", { var s = at(.review, focus: .button(.create)); Drive.press(&s, .enter)
            _ = s.update(.createFinished(.success("arn:aws:iam::111122223333:role/service-role/SageMaker-DataScientist"))); return s.view() }),
        ("pick-subnets-80x24", { picking(.role, focus: .subnets, rows: PickListTests.subnetRows, keys: [.down, .character(" ")]) }),
        ("pick-policies-reading-80x24", { picking(.policies, focus: .policyFilter, rows: policyRows, done: false,
                                                  keys: [.pageDown, .down]) }),
        ("pick-domain-60x16", { var s = at(.review, size: Size(width: 60, height: 16), focus: .button(.create))
            Drive.press(&s, .enter); _ = s.update(.createFinished(.success("arn:aws:iam::111122223333:role/service-role/DS")))
            var serial = 0
            for case .lookup(let request) in s.update(.key(.control("l"))) { serial = request.serial }
            _ = s.update(.lookupItems(serial: serial, items: [
                PickItem(value: "d-abc123", title: "ml-lab", detail: "d-abc123 · InService · IAM sign-in")]))
            return s.view() }),
        ("help-80x24", { var s = at(.role, focus: .persona("mlops")); Drive.press(&s, .character("?")); return s.view() }),
        ("confirm-quit-80x24", { var s = Drive.wizard(); Drive.type(&s, "x"); Drive.press(&s, .escape); return s.view() }),
        ("too-small-40x10", { at(.role, size: Size(width: 40, height: 10)).view() }),
        ("too-small-ascii-59x24", { at(.role, size: Size(width: 59, height: 24), ascii: true).view() }),
    ]

    @Test(arguments: cases.indices)
    func frameMatchesItsGolden(index: Int) {
        let (name, make) = Self.cases[index]
        let frame = make()
        if let difference = GoldenFrame.check(frame, name) { Issue.record(Comment(rawValue: difference)) }
    }

    @Test(arguments: cases.indices)
    func everyRowFitsTheTerminal(index: Int) {
        let frame = Self.cases[index].1()
        #expect(frame.rows.count == frame.size.height)
        for (i, row) in frame.rows.enumerated() {
            let width = row.reduce(0) { $0 + DisplayWidth.of($1.text) }
            #expect(width <= frame.size.width, "row \(i) of \(Self.cases[index].0) is \(width) cells wide")
        }
    }

    @Test func monochromeFramesStillMarkEverythingWithoutColour() {
        // Every coloured span must also carry a glyph or word, so strip colour and the
        // checked state, errors and focus remain visible.
        var state = Self.at(.activities)
        Drive.focus(&state, .parameter(activity: "manage-ml-jobs", key: "passRoles"))
        Drive.press(&state, .control("u"))
        let text = state.view().text
        #expect(text.contains("[x] Manage ML Jobs"))
        #expect(text.contains("! "))
        #expect(text.contains("›"))
    }
}

@Suite("Display width")
struct DisplayWidthTests {
    @Test(arguments: [("abc", 3), ("日本語", 6), ("é", 1), ("e\u{301}", 1), ("🚀", 2), ("👩‍💻", 2), ("🇩🇪", 2), ("❤️", 2), ("\u{200B}", 0), ("ｱ", 1), ("Ａ", 2)])
    func textIsMeasuredInTerminalCells(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func cuttingNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.prefix("日本語", fitting: 5) == "日本")
        #expect(DisplayWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.pad("日本", to: 6) == "日本  ")
    }

    @Test func wrappingBreaksAtSpacesAndSplitsLongWords() {
        #expect(DisplayWidth.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }
}
