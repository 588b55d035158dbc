/// A terminal size in cells.
public struct Size: Equatable, Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// How a span looks. Meaning never rests on colour alone: every coloured span also has a
/// glyph or word (`[x]`, `!`, `✓`), and monochrome terminals get bold/reverse/underline only.
public struct Style: Equatable, Hashable, Sendable {
    public enum Color: String, Sendable, CaseIterable {
        case accent, ok, warning, error, muted, key, string, number
    }

    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false
    public var color: Color?

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false, color: Color? = nil) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.color = color
    }

    public static let plain = Style()
    public static let title = Style(bold: true, reverse: true)
    public static let heading = Style(bold: true, color: .accent)
    public static let focus = Style(reverse: true)
    public static let error = Style(bold: true, color: .error)
    public static let warning = Style(color: .warning)
    public static let ok = Style(color: .ok)
    public static let muted = Style(dim: true, color: .muted)
    public static let key = Style(bold: true, color: .key)
}

public struct Span: Equatable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One screen: rows of styled spans, each row at most `size.width` cells wide, and where the
/// terminal cursor should sit (on the focused field, so screen readers follow it).
public struct Frame: Equatable, Sendable {
    public var size: Size
    public var rows: [[Span]]
    public var cursor: (row: Int, column: Int)?

    public init(size: Size, rows: [[Span]], cursor: (row: Int, column: Int)? = nil) {
        self.size = size
        self.rows = rows
        self.cursor = cursor
    }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.size == b.size && a.rows == b.rows && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }

    /// The frame as plain text, one line per row, trailing spaces removed: what golden
    /// files hold and what a test reads.
    public var text: String {
        rows.map { row in
            var line = row.map(\.text).joined()
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The text with style marks, for golden files that pin emphasis too: `{b:…}` bold,
    /// `{r:…}` reverse, `{u:…}` underline, `{d:…}` dim, and `{color:…}`.
    public var markedText: String {
        rows.map { row in
            row.map { span in
                var marks: [String] = []
                if span.style.bold { marks.append("b") }
                if span.style.reverse { marks.append("r") }
                if span.style.underline { marks.append("u") }
                if span.style.dim { marks.append("d") }
                if let color = span.style.color { marks.append(color.rawValue) }
                return marks.isEmpty || span.text.allSatisfy({ $0 == " " }) && !span.style.reverse
                    ? span.text : "{\(marks.joined(separator: ",")):\(span.text)}"
            }.joined()
        }.joined(separator: "\n")
    }
}
