import RoleEngine

extension WizardState {
    /// Rows between the two header rows and the status and footer rows.
    var bodyHeight: Int { max(1, size.height - 4) }

    /// Moves the step's scroll window so the focused field is fully in it (or at least its
    /// first row, for fields taller than the window).
    mutating func keepFocusVisible() {
        guard step != .review else { return }
        let layout = bodyLayout(width: size.width, measuring: true)
        let height = bodyHeight
        var top = scroll[step] ?? 0
        if let range = layout.anchors[focusedField] {
            if range.upperBound > top + height { top = range.upperBound - height }
            if range.lowerBound < top { top = range.lowerBound }
        }
        scroll[step] = max(0, min(top, max(0, layout.rows.count - height)))
    }

    /// The whole screen for a size.
    public func view(_ size: Size? = nil) -> Frame {
        let size = size ?? self.size
        let g = options.glyphs
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            return tooSmall(size)
        }
        var rows: [[Span]] = []
        var cursor: (row: Int, column: Int)?

        var title = RowBuilder(limit: size.width)
        title.add(" smrole \(g.separator) SageMaker execution role", Style(bold: true, reverse: true))
        let right = "Step \(step.rawValue + 1) of 4: \(step.title) "
        title.pad(to: max(title.width, size.width - DisplayWidth.of(right)), Style(reverse: true))
        title.add(right, Style(bold: true, reverse: true))
        title.fill(Style(reverse: true))
        rows.append(title.spans)

        var tabs = RowBuilder(limit: size.width)
        tabs.add(" ")
        for candidate in WizardStep.allCases {
            let problems = candidate == .review ? 0 : issues.count(in: candidate)
            let label = " \(candidate.rawValue + 1) \(candidate.title)\(problems > 0 && candidate <= step ? " \(g.warning)" : "") "
            tabs.add(label, candidate == step ? Style(bold: true, reverse: true, underline: true) : (candidate < step ? Style(bold: true) : .muted))
            if candidate != .review { tabs.add(" ") }
        }
        rows.append(tabs.spans)

        let height = max(1, size.height - 4)
        if let modal {
            rows += modalRows(modal, width: size.width, height: height, cursor: &cursor)
        } else {
            let layout = bodyLayout(width: size.width)
            let top = step == .review ? 0 : min(scroll[step] ?? 0, max(0, layout.rows.count - height))
            for i in 0..<height {
                rows.append(top + i < layout.rows.count ? layout.rows[top + i] : [])
            }
            if let position = layout.cursors[focusedField], position.row >= top, position.row < top + height {
                cursor = (position.row - top + 2, min(size.width - 1, position.column))
            }
            if layout.rows.count > height && step != .review {
                // A scroll hint in the last body row's right edge.
                let more = top + height < layout.rows.count ? "more \(g.arrow == "→" ? "↓" : "v")" : ""
                if !more.isEmpty {
                    var last = RowBuilder(limit: size.width)
                    for span in rows[rows.count - 1] { last.add(span.text, span.style) }
                    last.pad(to: size.width - DisplayWidth.of(more) - 1)
                    last.add(more, .muted)
                    rows[rows.count - 1] = last.spans
                }
            }
        }

        var statusRow = RowBuilder(limit: size.width)
        if let status {
            statusRow.addTruncated(" " + (status.kind == .error ? "\(g.warning) " : "") + status.text,
                                   status.kind == .error ? .error : .ok, ellipsis: g.ellipsis)
        } else if step != .review, issues.count(in: step) > 0 {
            let n = issues.count(in: step)
            statusRow.add(" \(g.warning) \(n) problem\(n == 1 ? "" : "s") on this step; Next stays blocked until fixed.", .warning)
        }
        rows.append(statusRow.spans)

        var footer = RowBuilder(limit: size.width)
        let keys = modal == nil ? KeyMap.footer(for: focusedField, ascii: g.arrow != "→")
            : modal == .save || modal == .onboard ? [("Tab", "next"), ("Space", "select"), ("Enter", "press"), ("Esc", "close")]
            : modal == .help ? [("↑↓/PgUp/PgDn", "scroll"), ("Esc/?/Enter", "close")] : [("y", "leave"), ("n/Esc", "stay")]
        for (i, entry) in keys.enumerated() {
            if i > 0 { footer.add("  ", Style(reverse: true)) }
            footer.add(" " + entry.0, Style(bold: true, reverse: true))
            footer.add(" " + entry.1, Style(reverse: true))
        }
        footer.fill(Style(reverse: true))
        rows.append(footer.spans)
        return Frame(size: size, rows: rows, cursor: cursor)
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
        var lines: [[Span]] = []
        func add(_ text: String, _ style: Style = .plain) {
            var row = RowBuilder(limit: width)
            row.addTruncated("  " + text, style, ellipsis: g.ellipsis)
            lines.append(row.spans)
        }
        switch modal {
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
        case .onboard:
            add("Onboard Studio users", .heading)
            add("User profiles in a SageMaker Studio domain, with \(createdRoleArn ?? "the role") as their execution role.", .muted)
            lines.append([])
            var layout = BodyLayout(width: width, glyphs: g, focused: modalFocus)
            layout.textField(.onboardDomain, label: "Domain id", hint: "d-…", value: onboardDomain, cursor: self.cursor(of: .onboardDomain), errors: [])
            layout.textField(.onboardUsers, label: "User profile names", hint: "separated by commas", value: onboardUsers,
                             cursor: self.cursor(of: .onboardUsers), errors: [])
            layout.textField(.onboardImage, label: "JupyterLab version", hint: "optional: 3, 1, or an image ARN",
                             value: onboardImage, cursor: self.cursor(of: .onboardImage), errors: [])
            layout.blank()
            layout.buttons([(.button(.confirmOnboard), "Onboard", true), (.button(.skipOnboard), "Skip", true)])
            if let position = layout.cursors[modalFocus] { cursor = (position.row + lines.count + 2, position.column) }
            lines += layout.rows
        case .save:
            add("Save the role's files", .heading)
            add("The same files as smrole generate, and the answers file to repeat it without the wizard.", .muted)
            lines.append([])
            var layout = BodyLayout(width: width, glyphs: g, focused: modalFocus)
            layout.textField(.saveDirectory, label: "Folder", hint: "your files there are kept; smrole replaces its own",
                             value: saveDirectory, cursor: self.cursor(of: .saveDirectory), errors: [])
            layout.heading("Formats")
            for format in ["json", "cloudformation", "terraform", "cli"] {
                let title: String
                switch format {
                case "json": title = "JSON (role.json, trust-policy.json, policies/): always"
                case "cloudformation": title = "CloudFormation (cloudformation.yaml)"
                case "terraform": title = "Terraform (main.tf)"
                default: title = "AWS CLI script (create-role.sh)"
                }
                layout.choice(.saveFormat(format), on: saveFormats.contains(format), radio: false, title: title, detail: nil)
            }
            layout.blank()
            layout.buttons([(.button(.confirmSave), "Save", true), (.button(.cancel), "Cancel", true)])
            if let position = layout.cursors[modalFocus] { cursor = (position.row + lines.count + 2, position.column) }
            lines += layout.rows
        }
        let offset = modal == .help ? min(helpScroll, max(0, lines.count - height)) : 0
        var out = Array(lines.dropFirst(offset).prefix(height))
        while out.count < height { out.append([]) }
        if modal == .help && lines.count > height {
            var last = RowBuilder(limit: width)
            last.add("  \(g.arrow == "→" ? "↑↓" : "Up/Down") PgUp/PgDn scroll \(g.separator) lines \(offset + 1)-\(offset + height) of \(lines.count)", .muted)
            out[height - 1] = last.spans
        }
        return out
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
        }
    }
}
