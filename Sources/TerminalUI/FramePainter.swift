import CNcursesw
import RoleEngine
import WizardCore

/// Paints a `Frame` with ncurses: each span at its column, with attributes, and the
/// terminal cursor left on the focused field (screen readers follow it). The core already
/// builds every span as `VisibleText`; painting escapes again (a no-op then) so that nothing
/// that acts on the terminal is ever handed to `waddstr`.
struct FramePainter {
    let session: TerminalSession

    func paint(_ frame: Frame) {
        let window = session.window
        werase(window)
        for (y, row) in frame.rows.enumerated() where y < frame.size.height {
            var x = 0
            for span in row {
                let visible = VisibleText.singleLine(span.text)
                let text = session.utf8 ? visible : Self.ascii(visible)
                wmove(window, Int32(y), Int32(x))
                wattr_set(window, attributes(span.style), pair(span.style), nil)
                // The last cell of the screen makes waddstr report ERR after drawing; ignore it.
                _ = waddstr(window, text)
                x += DisplayWidth.of(visible)
            }
        }
        wattr_set(window, smrole_a_normal(), 0, nil)
        if let cursor = frame.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(_ style: Style) -> attr_t {
        var attributes = smrole_a_normal()
        if style.bold { attributes |= smrole_a_bold() }
        if style.reverse { attributes |= smrole_a_reverse() }
        if style.underline { attributes |= smrole_a_underline() }
        if style.dim { attributes |= smrole_a_dim() }
        return attributes
    }

    private func pair(_ style: Style) -> Int16 {
        guard session.colors, let color = style.color, let index = Style.Color.allCases.firstIndex(of: color) else { return 0 }
        return Int16(index + 1)
    }

    /// Non-UTF-8 terminals: one `?` per cell of anything outside ASCII.
    static func ascii(_ text: String) -> String {
        String(text.flatMap { c -> [Character] in c.isASCII ? [c] : Array(repeating: "?", count: max(1, DisplayWidth.of(c))) })
    }
}
