import CNcursesw
import WizardCore

/// Turns ncurses input into wizard events: keys, a whole bracketed paste, resizes.
struct KeyReader {
    let session: TerminalSession

    /// The next event, or nil after the input timeout (100 ms) so the loop can look at signals.
    func next() -> WizardEvent? {
        var code: wint_t = 0
        let result = wget_wch(session.window, &code)
        if result == ERR { return nil }
        if result == KEY_CODE_YES { return special(Int32(code)) }
        return character(UInt32(code))
    }

    private func special(_ code: Int32) -> WizardEvent? {
        switch code {
        case KEY_RESIZE: return .resize(session.size)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case TerminalSession.pasteStart: return .key(.paste(readPaste()))
        case TerminalSession.pasteEnd: return nil
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    private func character(_ value: UInt32) -> WizardEvent? {
        switch value {
        case 13, 10: return .key(.enter)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        case 27:
            // Alt-x arrives as Esc then x at once; a lone Esc has nothing behind it.
            wtimeout(session.window, 0)
            var next: wint_t = 0
            let more = wget_wch(session.window, &next)
            wtimeout(session.window, 100)
            return more == ERR ? .key(.escape) : nil
        case 1...26: return .key(.control(Character(Unicode.Scalar(value + 96)!)))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Collects a bracketed paste up to its end marker (or a quiet second, if it never comes).
    private func readPaste() -> String {
        var text = ""
        var quiet = 0
        while quiet < 10 {
            var code: wint_t = 0
            let result = wget_wch(session.window, &code)
            if result == ERR { quiet += 1; continue }
            quiet = 0
            if result == KEY_CODE_YES {
                if Int32(code) == TerminalSession.pasteEnd { break }
                continue
            }
            if code == 13 { text += "\n"; continue }
            if let scalar = Unicode.Scalar(UInt32(code)) { text.unicodeScalars.append(scalar) }
        }
        return text
    }
}
