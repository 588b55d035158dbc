import RoleEngine
import RoleExport

extension WizardState {
    /// Rows between the two header rows and the status and footer rows.
    var bodyHeight: Int { max(1, size.height - 4) }

    /// Rows of the review's scrolling content (the buttons and the position line take two).
    var reviewViewportHeight: Int { max(3, bodyHeight - 2) }

    /// How many rows help or a report has at the current width, to stop scrolling at its end.
    var modalRowCount: Int {
        guard let modal else { return 0 }
        var cursor: (row: Int, column: Int)?
        return modalLines(modal, width: size.width, cursor: &cursor).count
    }

    /// Moves the step's scroll window so the focused field is fully in it (or at least its
    /// first row, for fields taller than the window).
    mutating func keepFocusVisible() {
        guard step != .review else { return }
        let layout = bodyLayout(width: size.width, measuring: true)
        let height = Self.windowHeight(rows: layout.rows.count, body: bodyHeight)
        var top = scroll[step] ?? 0
        if let range = layout.anchors[focusedField] {
            if range.upperBound > top + height { top = range.upperBound - height }
            if range.lowerBound < top { top = range.lowerBound }
        }
        scroll[step] = max(0, min(top, max(0, layout.rows.count - height)))
    }

    /// Rows of a step's window: a step taller than the body gives up its last row to the
    /// "more ↓" hint, so the hint never covers a field.
    static func windowHeight(rows: Int, body: Int) -> Int { rows > body ? max(1, body - 1) : body }

    /// The whole screen for a size.
    public func view(_ size: Size? = nil) -> Frame {
        let size = size ?? self.size
        let g = options.glyphs
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            return tooSmall(size)
        }
        var rows: [[Span]] = []
        var cursor: (row: Int, column: Int)?

        rows.append(titleRow(width: size.width))
        rows.append(tabsRow(width: size.width))

        let height = max(1, size.height - 4)
        if let modal {
            rows += modalRows(modal, width: size.width, height: height, cursor: &cursor)
        } else {
            let layout = bodyLayout(width: size.width)
            let window = step == .review ? height : Self.windowHeight(rows: layout.rows.count, body: height)
            let top = step == .review ? 0 : min(scroll[step] ?? 0, max(0, layout.rows.count - window))
            for i in 0..<window {
                rows.append(top + i < layout.rows.count ? layout.rows[top + i] : [])
            }
            if let position = layout.cursors[focusedField], position.row >= top, position.row < top + window {
                cursor = (position.row - top + 2, min(size.width - 1, position.column))
            }
            if window < height {
                var hint = RowBuilder(limit: size.width)
                let marker = top + window < layout.rows.count ? "more \(g.arrow == "→" ? "↓" : "v")" : ""
                hint.pad(to: size.width - DisplayWidth.of(marker) - 1)
                hint.add(marker, .muted)
                rows.append(marker.isEmpty ? [] : hint.spans)
            }
        }
        rows.append(statusRow(width: size.width))
        rows.append(footerRow(width: size.width))
        return Frame(size: size, rows: rows, cursor: cursor)
    }

    /// The title bar; below 80 columns the step's name alone, so nothing runs together.
    private func titleRow(width: Int) -> [Span] {
        let g = options.glyphs
        var title = RowBuilder(limit: width)
        let full = " smrole \(g.separator) SageMaker execution role"
        let right = "Step \(step.rawValue + 1) of 4: \(step.title) "
        let left = DisplayWidth.of(full) + DisplayWidth.of(right) + 2 <= width ? full : " smrole"
        title.add(left, Style(bold: true, reverse: true))
        title.pad(to: max(title.width + 1, width - DisplayWidth.of(right)), Style(reverse: true))
        title.add(right, Style(bold: true, reverse: true))
        title.fill(Style(reverse: true))
        return title.spans
    }

    /// The steps; when their titles do not fit, the other steps show their numbers only.
    private func tabsRow(width: Int) -> [Span] {
        let g = options.glyphs
        func label(_ candidate: WizardStep, full: Bool) -> String {
            let problems = candidate == .review ? 0 : issues.count(in: candidate)
            let mark = problems > 0 && (candidate < step || revealed.contains(candidate)) ? " \(g.warning)" : ""
            return " \(candidate.rawValue + 1)\(full ? " " + candidate.title : "")\(mark) "
        }
        let fullWidth = WizardStep.allCases.reduce(1) { $0 + DisplayWidth.of(label($1, full: true)) + 1 }
        var tabs = RowBuilder(limit: width)
        tabs.add(" ")
        for candidate in WizardStep.allCases {
            let text = label(candidate, full: fullWidth <= width || candidate == step)
            tabs.add(text, candidate == step ? Style(bold: true, reverse: true, underline: true)
                     : (candidate < step ? Style(bold: true) : .muted))
            if candidate != .review { tabs.add(" ") }
        }
        return tabs.spans
    }

    /// The status row: a message, or what runs; the step's problem count stays at its right.
    private func statusRow(width: Int) -> [Span] {
        let g = options.glyphs
        var row = RowBuilder(limit: width)
        let n = modal == nil && step != .review ? issues.count(in: step) : 0
        let count = n > 0 ? "\(g.warning) \(n) problem\(n == 1 ? "" : "s") on this step " : ""
        if let status {
            let room = max(0, width - DisplayWidth.of(count) - 1)
            var text = RowBuilder(limit: room)
            let spin = busy ? g.spinner(spinner) + " " : ""
            text.addTruncated(" " + spin + (status.kind == .error ? "\(g.warning) " : "") + status.text,
                              status.kind == .error ? .error : .ok, ellipsis: g.ellipsis)
            for span in text.spans { row.add(span.text, span.style) }
        } else if n > 0 {
            row.add(" Next stays blocked until they are fixed.", .muted)
        }
        if !count.isEmpty {
            row.pad(to: max(row.width + 1, width - DisplayWidth.of(count)))
            row.add(count, .warning)
        }
        return row.spans
    }

    /// The footer: the focused field's keys; help and Esc always fit at its end (the
    /// entries in between are dropped first when the row is short).
    private func footerRow(width: Int) -> [Span] {
        let g = options.glyphs
        let ascii = g.arrow != "→"
        let keys: [(String, String)]
        switch modal {
        case nil: keys = KeyMap.footer(for: focusedField, ascii: ascii, pickable: lookupKind(for: focusedField) != nil)
        case .save?, .onboard?:
            let pick: [(String, String)] = lookupKind(for: modalFocus) != nil ? [("Ctrl-L", "pick from AWS")] : []
            keys = pick + [("Tab", "next"), ("Space", "select"), ("Enter", "press"), ("Esc", "close")]
        case .pickList?:
            let fixed = pickList?.kind.isBuiltIn == true
            keys = KeyMap.bindings(.pickList).filter { $0.inFooter && !(fixed && $0.action == .pickReload) }.map { binding in
                let words = binding.action == .pickMark && pickList?.multiple != true ? "choose" : binding.footerHelp
                return (binding.keys.map { ascii ? $0.asciiLabel : $0.label }.joined(separator: "/"), words)
            }
        case .help?, .report?: keys = [(ascii ? "Up/Down/PgUp/PgDn" : "↑↓/PgUp/PgDn", "scroll"), ("Esc/Enter", "close")]
        case .resumeDraft?: keys = [("r/Enter", "resume"), ("n", "start anew"), ("Esc", "leave")]
        case .confirmQuit?: keys = [("y", "leave"), ("n/Esc", "stay")]
        }
        func entryWidth(_ entry: (String, String)) -> Int { DisplayWidth.of(entry.0) + DisplayWidth.of(entry.1) + 2 }
        let pinned = keys.filter { $0.1 == "help" || $0.0.hasPrefix("Esc") || $0.0.hasSuffix("Esc") }
        var room = width - pinned.reduce(0) { $0 + entryWidth($1) + 2 }
        var chosen: [(String, String)] = []
        for entry in keys where !pinned.contains(where: { $0 == entry }) {
            if entryWidth(entry) + 2 <= room { chosen.append(entry); room -= entryWidth(entry) + 2 }
        }
        var footer = RowBuilder(limit: width)
        for (i, entry) in (chosen + pinned).enumerated() {
            if i > 0 { footer.add("  ", Style(reverse: true)) }
            footer.add(" " + entry.0, Style(bold: true, reverse: true))
            footer.add(" " + entry.1, Style(reverse: true))
        }
        footer.fill(Style(reverse: true))
        return footer.spans
    }

    private func tooSmall(_ size: Size) -> Frame {
        let g = options.glyphs
        let message = "Terminal too small: need \(Self.minimumSize.width)\(g.times)\(Self.minimumSize.height), have \(size.width)\(g.times)\(size.height)"
        let lines = DisplayWidth.wrap(message, width: max(1, size.width))
        var rows: [[Span]] = Array(repeating: [], count: max(0, size.height))
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < rows.count {
            var row = RowBuilder(limit: size.width)
            row.pad(to: max(0, (size.width - DisplayWidth.of(line)) / 2))
            row.add(line, Style(bold: true))
            rows[top + i] = row.spans
        }
        return Frame(size: size, rows: rows, cursor: nil)
    }

    private func modalRows(_ modal: Modal, width: Int, height: Int, cursor: inout (row: Int, column: Int)?) -> [[Span]] {
        let g = options.glyphs
        let lines = modalLines(modal, width: width, cursor: &cursor)
        let scrolls: Bool
        switch modal {
        case .help, .report: scrolls = true
        default: scrolls = false
        }
        let offset = scrolls ? min(modalScroll, max(0, lines.count - height)) : 0
        var out = Array(lines.dropFirst(offset).prefix(height))
        while out.count < height { out.append([]) }
        if scrolls && lines.count > height {
            var last = RowBuilder(limit: width)
            last.add("  \(g.arrow == "→" ? "↑↓" : "Up/Down") PgUp/PgDn scroll \(g.separator) lines \(offset + 1)-\(offset + height) of \(lines.count)", .muted)
            out[height - 1] = last.spans
        }
        return out
    }

    /// Every row of a modal, before it is cut to the screen.
    func modalLines(_ modal: Modal, width: Int, cursor: inout (row: Int, column: Int)?) -> [[Span]] {
        let g = options.glyphs
        var lines: [[Span]] = []
        func add(_ text: String, _ style: Style = .plain) {
            var row = RowBuilder(limit: width)
            row.addTruncated("  " + text, style, ellipsis: g.ellipsis)
            lines.append(row.spans)
        }
        /// Wrapped, so a long AWS message is read whole rather than cut.
        func wrapped(_ text: String, _ style: Style = .plain, indent: Int = 2) {
            let pad = String(repeating: " ", count: indent)
            for piece in DisplayWidth.wrap(VisibleText.singleLine(text), width: max(10, width - indent - 2)) {
                var row = RowBuilder(limit: width)
                row.add(pad + piece, style)
                lines.append(row.spans)
            }
        }
        func textInput(_ layout: inout BodyLayout, _ input: WizardForm.TextInput, errors: [String]) {
            layout.textField(input.field, label: input.label, hint: input.hint, value: text(of: input.field) ?? "",
                             cursor: self.cursor(of: input.field), errors: errors)
        }
        switch modal {
        case .pickList:
            if let pickList { lines = pickListLines(pickList, width: width, cursor: &cursor) }
        case .help:
            add("Keys", .heading)
            for context in KeyMap.Context.allCases {
                let bindings = KeyMap.bindings(context)
                add(Self.contextTitle(context), Style(bold: true))
                for binding in bindings {
                    let keys = binding.keys.map { g.arrow == "→" ? $0.label : $0.asciiLabel }.joined(separator: " / ")
                    add("  " + DisplayWidth.pad(keys, to: 22) + binding.help)
                }
            }
            add("In text fields, printable keys type; Backspace, Delete, Left, Right, Home, End and Ctrl-K edit.", .muted)
        case .confirmQuit:
            lines.append([])
            add("Leave the wizard without saving files?", Style(bold: true))
            add("Your answers are kept as a draft: smrole wizard --resume brings them back.")
            lines.append([])
            add("y  leave      n / Esc  stay", .key)
        case .resumeDraft:
            lines.append([])
            add("An earlier run left a draft", .heading)
            if let offer = draftOffer {
                let name = offer.draft.answers.roleName.trimmingSpaces
                add("Saved \(offer.savedAt), role \(name.isEmpty ? "(no name yet)" : name), "
                    + "at step \(offer.draft.step.rawValue + 1) (\(offer.draft.step.title)).")
            }
            lines.append([])
            add("r / Enter  resume it", .key)
            add("n          start anew (the draft is replaced once you change something)", .key)
            add("Esc        leave, keeping the draft", .key)
        case .report(let report):
            add(report.title, report.succeeded ? .heading : .error)
            for section in report.sections {
                lines.append([])
                add(section.heading, Style(bold: true))
                for line in section.lines { wrapped(line, indent: 4) }
            }
            lines.append([])
            add("Esc or Enter closes this.", .muted)
        case .onboard:
            add("Onboard Studio users", .heading)
            add("User profiles in a SageMaker Studio domain, with \(createdRoleArn ?? "the role") as their execution role.", .muted)
            lines.append([])
            var layout = BodyLayout(width: width, glyphs: g, focused: modalFocus)
            for input in WizardForm.onboarding { textInput(&layout, input, errors: onboardingMessages(for: input.field)) }
            layout.blank()
            layout.buttons([(.button(.confirmOnboard), "Onboard", true), (.button(.skipOnboard), "Skip", true)])
            if let position = layout.cursors[modalFocus] { cursor = (position.row + lines.count + 2, position.column) }
            lines += layout.rows
        case .save:
            add("Save the role's files", .heading)
            add("The same files as smrole generate, and the answers file to repeat it without the wizard.", .muted)
            lines.append([])
            var layout = BodyLayout(width: width, glyphs: g, focused: modalFocus)
            textInput(&layout, WizardForm.saveDirectory, errors: [])
            layout.heading("Formats")
            for format in ExportFormat.allCases {
                layout.choice(.saveFormat(format.rawValue), on: saveFormats.contains(format.rawValue), radio: false,
                              title: WizardForm.title(of: format), detail: nil)
            }
            layout.blank()
            layout.buttons([(.button(.confirmSave), "Save", true), (.button(.cancel), "Cancel", true)])
            if let position = layout.cursors[modalFocus] { cursor = (position.row + lines.count + 2, position.column) }
            lines += layout.rows
        }
        return lines
    }

    static func contextTitle(_ context: KeyMap.Context) -> String {
        switch context {
        case .global: return "Everywhere"
        case .text: return "Text fields"
        case .parameter: return "Activity parameters"
        case .tagCell: return "Tags"
        case .checkbox: return "Checkboxes"
        case .radio: return "Choices"
        case .section: return "Sections"
        case .button: return "Buttons"
        case .viewport: return "Review"
        case .pickable: return "Fields with a pick list (subnets, security groups, KMS keys, PassRoles, policies, domain)"
        case .pickList: return "In a pick list (typing filters it)"
        }
    }
}
