import RoleEngine
import Testing
@testable import WizardCore

/// Text from an answers file, a draft or AWS is drawn with its control characters shown as
/// `\u000d`-style escapes: nothing on the frame can move the terminal's cursor, erase a line
/// or recolour the screen, and every row still fits the terminal.
@Suite("Untrusted text on the wizard's frame")
struct UntrustedTextFrameTests {
    /// What a terminal acts on instead of showing, anywhere on the frame (rows are one line
    /// each, so a newline is one of them).
    static func actingCharacters(in frame: Frame) -> [Unicode.Scalar] {
        frame.rows.flatMap { row in row.flatMap { $0.text.unicodeScalars } }.filter { scalar in
            let v = scalar.value
            return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v)
        }
    }

    static func widestRow(_ frame: Frame) -> Int {
        frame.rows.map { row in row.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0
    }

    static func answers(description: String) -> WizardAnswers {
        var answers = Drive.dataScientist
        answers.description = description
        return answers
    }

    @Test func aCarriageReturnInTheDescriptionIsShownAndLeavesTheLabelsAlone() {
        var state = Drive.wizard(Self.answers(description: "Team A\r\u{1b}[2KPersona: none"))
        Drive.focus(&state, .description)
        let frame = state.view()
        #expect(Self.actingCharacters(in: frame).isEmpty)
        #expect(frame.text.contains(#"Team A\u000d\u001b[2KPersona: none"#))
        #expect(frame.text.contains("Description  optional, up to 1000 characters"))
        #expect(Self.widestRow(frame) <= frame.size.width)
    }

    @Test func theCursorOfAFieldStandsAfterTheEscapesItFollows() {
        var state = Drive.wizard(Self.answers(description: "ab\rcd"))
        Drive.focus(&state, .description)
        Drive.press(&state, .end)
        let frame = state.view()
        // The box starts at column 5; "ab\u000dcd" is ten cells wide.
        #expect(frame.cursor?.column == 5 + 10)
    }

    @Test func theReviewShowsANewlineAndCarriageReturnOfTheDescription() {
        var state = Drive.wizard(Self.answers(description: "line one\r\nline two"))
        _ = state.update(.key(.function(5)))
        let frame = state.view()
        #expect(state.step == .review)
        #expect(Self.actingCharacters(in: frame).isEmpty)
        #expect(frame.text.contains(#"line one\u000d\u000aline two"#))
        #expect(Self.widestRow(frame) <= frame.size.width)
    }

    @Test func anAWSErrorInTheStatusLineIsShownEscaped() {
        var state = Drive.wizard(Drive.dataScientist)
        _ = state.update(.key(.function(5)))
        _ = state.update(.createFinished(.failure(Drive.failure("iam:CreateRole was denied\u{1b}[2J\u{1b}[H: all good"))))
        let frame = state.view()
        #expect(Self.actingCharacters(in: frame).isEmpty)
        #expect(frame.text.contains(#"denied\u001b[2J\u001b[H: all good"#))
    }

    @Test func aTagValueWithEscapeSequencesIsShownInItsFieldAndItsError() {
        var answers = Drive.dataScientist
        answers.tags = [.init(key: "team", value: "ml\u{1b}[8m\u{202E}")]
        var state = Drive.wizard(answers)
        _ = state.update(.key(.function(4)))
        Drive.focus(&state, .tagValue(0))
        let frame = state.view()
        #expect(Self.actingCharacters(in: frame).isEmpty)
        #expect(frame.text.contains(#"ml\u001b[8m\u202e"#))
        #expect(Self.widestRow(frame) <= frame.size.width)
    }
}
