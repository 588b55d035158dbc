import RoleEngine
import Testing

/// `VisibleText`: what a terminal would act on is shown as `\u` and four hex digits, and
/// nothing else changes.
@Suite("VisibleText")
struct VisibleTextTests {
    @Test func escapeSequencesAreShownAsEscapes() {
        #expect(VisibleText.singleLine("a\u{1b}[2Jb") == #"a\u001b[2Jb"#)
    }

    @Test func carriageReturnTabAndDeleteAreShown() {
        #expect(VisibleText.singleLine("a\rb\tc\u{7f}") == #"a\u000db\u0009c\u007f"#)
    }

    @Test func c1ControlsAreShown() {
        #expect(VisibleText.singleLine("a\u{85}b\u{9b}31m") == #"a\u0085b\u009b31m"#)
    }

    @Test func bidirectionalOverridesAndIsolatesAreShown() {
        #expect(VisibleText.singleLine("a\u{202E}b\u{2066}c\u{2069}") == #"a\u202eb\u2066c\u2069"#)
    }

    @Test func aSingleLineShowsItsNewlines() {
        #expect(VisibleText.singleLine("one\ntwo") == #"one\u000atwo"#)
    }

    @Test func aMessageKeepsItsNewlinesAndShowsTheRest() {
        #expect(VisibleText.keepingNewlines("one\r\ntwo\t") == "one\\u000d\ntwo\\u0009")
    }

    @Test func printableTextOfAnyScriptIsUnchanged() {
        let text = "Team \"A\" é ü データ 🚀 \\u001b é\u{301} \u{200E}"
        #expect(VisibleText.singleLine(text) == text)
        #expect(VisibleText.keepingNewlines(text + "\n") == text + "\n")
    }

    @Test func escapingTwiceChangesNothing() {
        let once = VisibleText.singleLine("\u{1b}\r\n\u{9b}\u{202E}")
        #expect(VisibleText.singleLine(once) == once)
    }

    @Test func aQuotedValueIsOneLineInQuotes() {
        #expect(VisibleText.quoted("a\nb") == #"'a\u000ab'"#)
    }

    /// Every character the rule names, and the first ones past each range, one by one.
    @Test func exactlyTheNamedRangesAreEscaped() {
        let escaped: [ClosedRange<UInt32>] = [0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069]
        for value in UInt32(0)...0x2100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let shown = VisibleText.singleLine(String(Character(scalar)))
            let expectEscape = escaped.contains { $0.contains(value) }
            #expect((shown != String(Character(scalar))) == expectEscape, "U+\(String(value, radix: 16))")
        }
    }
}

/// Validation messages quote what the user wrote on one line, so a newline in a role name or
/// tag cannot start a line that looks like another message.
@Suite("Validation messages quote values visibly")
struct QuotedValueTests {
    @Test func aRoleNameWithANewlineIsQuotedOnOneLine() {
        let message = IAMRules.roleName("Role\nline 2: all good")
        #expect(message?.hasPrefix(#"'Role\u000aline 2: all good' has characters"#) == true)
    }

    @Test func anIssueShowsItsPathAndMessageOnOneLine() {
        let issue = ValidationIssue(path: "tags.a\nb", message: "bad\rvalue", line: 3)
        #expect(issue.description == #"line 3: tags.a\u000ab: bad\u000dvalue"#)
    }
}
