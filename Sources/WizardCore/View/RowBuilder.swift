import RoleEngine

/// Builds one screen row of styled spans that never exceeds its width: text past the edge
/// is cut at a character boundary (never half a wide character). Every span of a frame is
/// added here, and added as `VisibleText.singleLine`: a `\r`, ESC or newline from an answers
/// file, a catalog or AWS shows as `\u000d` and cannot move the terminal's cursor. Callers
/// that measure text before adding it (wrapping, truncating) escape it first, so the
/// measurement is of what is drawn.
struct RowBuilder {
    private(set) var spans: [Span] = []
    private(set) var width = 0
    let limit: Int

    init(limit: Int) { self.limit = max(0, limit) }

    var remaining: Int { limit - width }

    mutating func add(_ text: String, _ style: Style = .plain) {
        guard remaining > 0, !text.isEmpty else { return }
        let text = VisibleText.singleLine(text)
        let w = DisplayWidth.of(text)
        let piece = w <= remaining ? text : DisplayWidth.prefix(text, fitting: remaining)
        let pieceWidth = w <= remaining ? w : DisplayWidth.of(piece)
        guard !piece.isEmpty else { return }
        if let last = spans.last, last.style == style {
            spans[spans.count - 1].text += piece
        } else {
            spans.append(Span(piece, style))
        }
        width += pieceWidth
    }

    /// Text cut with an ellipsis when it does not fit the rest of the row.
    mutating func addTruncated(_ text: String, _ style: Style = .plain, ellipsis: String) {
        add(DisplayWidth.truncate(VisibleText.singleLine(text), to: remaining, ellipsis: ellipsis), style)
    }

    mutating func pad(to column: Int, _ style: Style = .plain) {
        if column > width { add(String(repeating: " ", count: min(column, limit) - width), style) }
    }

    mutating func fill(_ style: Style) { pad(to: limit, style) }
}

/// Glyphs for UTF-8 terminals, with ASCII stand-ins for other locales.
public struct Glyphs: Equatable, Sendable {
    public var checked: String, unchecked: String, chosen: String, notChosen: String
    public var focus: String, open: String, closed: String, separator: String, ellipsis: String
    public var full: String, empty: String, yes: String, no: String, warning: String, arrow: String
    public var times: String

    public static let unicode = Glyphs(checked: "[x]", unchecked: "[ ]", chosen: "(•)", notChosen: "( )",
                                       focus: "›", open: "▾", closed: "▸", separator: "·", ellipsis: "…",
                                       full: "█", empty: "░", yes: "✓", no: "✗", warning: "!", arrow: "→", times: "×")
    public static let ascii = Glyphs(checked: "[x]", unchecked: "[ ]", chosen: "(*)", notChosen: "( )",
                                     focus: ">", open: "-", closed: "+", separator: "|", ellipsis: "...",
                                     full: "#", empty: "-", yes: "yes", no: "no", warning: "!", arrow: "->", times: "x")

    /// The spinner's picture at a turn (while an effect runs or a pick list is read).
    public func spinner(_ turn: Int) -> String {
        let frames = arrow == "→" ? ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] : ["|", "/", "-", "\\"]
        return frames[turn % frames.count]
    }
}
