import RoleEngine

/// The rows of a step's body for one width, and where each field sits in them: the view
/// shows a window of these rows, and `update` scrolls that window to keep the focus in it.
struct BodyLayout {
    var rows: [[Span]] = []
    var anchors: [FieldID: Range<Int>] = [:]
    var cursors: [FieldID: (row: Int, column: Int)] = [:]
    let width: Int
    let glyphs: Glyphs
    let focused: FieldID
    /// Only count rows and record anchors, without building spans: what `update` needs to
    /// keep the focus visible, at a fraction of the cost of drawing.
    let measuring: Bool

    init(width: Int, glyphs: Glyphs, focused: FieldID, measuring: Bool = false) {
        self.width = width
        self.glyphs = glyphs
        self.focused = focused
        self.measuring = measuring
    }

    mutating func blank() { rows.append([]) }

    mutating func line(_ build: (inout RowBuilder) -> Void) {
        if measuring { rows.append([]); return }
        var row = RowBuilder(limit: width)
        build(&row)
        rows.append(row.spans)
    }

    mutating func text(_ text: String, _ style: Style = .plain, indent: Int = 2) {
        for piece in DisplayWidth.wrap(VisibleText.singleLine(text), width: max(10, width - indent)) {
            line { $0.add(String(repeating: " ", count: indent) + piece, style) }
        }
    }

    mutating func heading(_ text: String) {
        let ellipsis = glyphs.ellipsis
        line { $0.addTruncated("  " + text, .heading, ellipsis: ellipsis) }
    }


    /// The marker column: `›` beside the focused field.
    func marker(_ field: FieldID) -> (String, Style) {
        field == focused ? (glyphs.focus + " ", Style(bold: true, color: .accent)) : ("  ", .plain)
    }

    private func row() -> RowBuilder { RowBuilder(limit: width) }

    /// A labelled single-line text input with its hint and errors. The value is shown as
    /// `VisibleText` (a newline or `\r` from a file as `\u000a`), and the cursor is placed in
    /// what is shown.
    mutating func textField(_ field: FieldID, label: String, hint: String?, value typed: String,
                            cursor typedCursor: Int, errors allErrors: [String]) {
        let start = rows.count
        // A message quoting a runaway value is cut: three lines say what is wrong.
        let errors = allErrors.map {
            DisplayWidth.truncate(VisibleText.singleLine($0), to: 3 * max(10, width - 8) - 8, ellipsis: glyphs.ellipsis)
        }
        if measuring {
            let errorRows = errors.reduce(0) { $0 + DisplayWidth.wrap($1, width: max(10, width - 8)).count }
            rows += Array(repeating: [], count: 2 + errorRows)
            anchors[field] = start..<rows.count
            return
        }
        let focused = field == self.focused
        let (mark, markStyle) = marker(field)
        var head = row()
        head.add(mark, markStyle)
        head.add(label, focused ? Style(bold: true) : .plain)
        if let hint { head.add("  " + hint, .muted) }
        rows.append(head.spans)

        let value = VisibleText.singleLine(typed)
        let cursor = value == typed ? typedCursor : VisibleText.singleLine(String(typed.prefix(typedCursor))).count
        // The box grows with the terminal, so a wide window shows whole ARNs.
        let boxWidth = max(8, width - 6)
        var startIndex = value.startIndex
        var before = 0
        if focused {
            // Show the text from where the cursor still fits in the box: walk back from the
            // cursor one box-width at most, so long values cost no more than short ones.
            let cursorIndex = value.index(value.startIndex, offsetBy: cursor)
            startIndex = cursorIndex
            while startIndex > value.startIndex {
                let previous = value.index(before: startIndex)
                let w = DisplayWidth.of(value[previous])
                if before + w > boxWidth - 1 { break }
                before += w
                startIndex = previous
            }
        }
        // Unfocused, a value shows from its start (the account of an ARN), cut with an ellipsis.
        let tail = String(value[startIndex...].prefix(boxWidth + 1))
        let visible = focused ? DisplayWidth.prefix(String(tail.prefix(boxWidth)), fitting: boxWidth)
            : DisplayWidth.truncate(tail, to: boxWidth, ellipsis: glyphs.ellipsis)
        let shown = DisplayWidth.pad(visible, to: boxWidth)
        let cursorColumn = 5 + before
        var box = row()
        box.add("    [", focused ? Style(bold: true) : .muted)
        box.add(shown, focused ? Style(underline: true) : Style(underline: true, dim: true))
        box.add("]", focused ? Style(bold: true) : .muted)
        cursors[field] = (rows.count, cursorColumn)
        rows.append(box.spans)

        for error in errors {
            for (i, piece) in DisplayWidth.wrap(error, width: max(10, width - 8)).enumerated() {
                var line = row()
                line.add((i == 0 ? "    \(glyphs.warning) " : "      ") + piece, .error)
                rows.append(line.spans)
            }
        }
        anchors[field] = start..<rows.count
    }

    /// A checkbox or radio row with a title and a muted description after it.
    mutating func choice(_ field: FieldID, on: Bool, radio: Bool, title: String, detail: String?, errors: [String] = []) {
        let start = rows.count
        if measuring {
            rows += Array(repeating: [], count: 1 + errors.count)
            anchors[field] = start..<rows.count
            return
        }
        let focused = field == self.focused
        let box = radio ? (on ? glyphs.chosen : glyphs.notChosen) : (on ? glyphs.checked : glyphs.unchecked)
        let (mark, markStyle) = marker(field)
        var line = row()
        line.add(mark, markStyle)
        line.add(box + " ", on ? Style(bold: true, color: .ok) : .plain)
        line.add(title, focused ? Style(bold: true, reverse: true) : Style(bold: on))
        if let detail, !detail.isEmpty {
            line.add(" ")
            line.addTruncated("\(glyphs.separator) " + detail, .muted, ellipsis: glyphs.ellipsis)
        }
        cursors[field] = (rows.count, 3)
        rows.append(line.spans)
        for error in errors {
            var errorLine = row()
            errorLine.addTruncated("      \(glyphs.warning) " + error, .error, ellipsis: glyphs.ellipsis)
            rows.append(errorLine.spans)
        }
        anchors[field] = start..<rows.count
    }

    mutating func section(_ field: FieldID, open: Bool, title: String) {
        let focused = field == self.focused
        let (mark, markStyle) = marker(field)
        var line = row()
        line.add(mark, markStyle)
        line.add((open ? glyphs.open : glyphs.closed) + " " + title, focused ? Style(bold: true, reverse: true) : Style(bold: true))
        cursors[field] = (rows.count, 2)
        anchors[field] = rows.count..<(rows.count + 1)
        rows.append(line.spans)
    }

    /// A row of buttons; each is its own field.
    mutating func buttons(_ buttons: [(FieldID, String, Bool)]) {
        let rowIndex = rows.count
        var row = RowBuilder(limit: width)
        row.add("  ")
        for (field, title, enabled) in buttons {
            let focused = field == focused
            let column = row.width
            row.add(focused ? glyphs.focus : " ", Style(bold: true, color: .accent))
            row.add("[ \(title) ]", focused ? Style(bold: true, reverse: true) : (enabled ? Style(bold: true) : .muted))
            row.add("  ")
            anchors[field] = rowIndex..<(rowIndex + 1)
            cursors[field] = (rowIndex, column + 1)
        }
        rows.append(row.spans)
    }
}
