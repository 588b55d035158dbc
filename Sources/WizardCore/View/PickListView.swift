import RoleEngine

extension WizardState {
    /// An open pick list: what it picks for, the filter (with the cursor), how many rows match,
    /// one page of rows, and the pages as the console numbers them ("1 2 [3] … 8").
    func pickListLines(_ list: PickList, width: Int, cursor: inout (row: Int, column: Int)?) -> [[Span]] {
        let g = options.glyphs
        var lines: [[Span]] = []
        func line(_ build: (inout RowBuilder) -> Void) {
            var row = RowBuilder(limit: width)
            build(&row)
            lines.append(row.spans)
        }
        let fieldName = list.target == .policyFilter ? "Managed policies"
            : WizardForm.label(of: list.target, catalog: catalog)
        let region = answers.region.trimmingSpaces
        let whereFrom = list.kind.isBuiltIn ? "known to smrole"
            : [list.kind.call, list.kind.isRegional && !region.isEmpty ? region : nil]
                .compactMap { $0 }.joined(separator: " in ")
        line { $0.addTruncated("  \(fieldName): pick \(list.kind.noun) (\(whereFrom))", .heading,
                               ellipsis: g.ellipsis) }

        let filterLabel = "  Filter: "
        line {
            $0.add(filterLabel, Style(bold: true))
            $0.addTruncated(VisibleText.singleLine(list.filter), .plain, ellipsis: g.ellipsis)
            if list.filter.isEmpty { $0.addTruncated("(type to narrow the list)", .muted, ellipsis: g.ellipsis) }
        }
        let typed = DisplayWidth.of(VisibleText.singleLine(list.filter))
        cursor = (2 + lines.count - 1, min(width - 1, DisplayWidth.of(filterLabel) + typed))

        let visible = list.visible
        var counts = "\(list.items.count) \(list.kind.noun)"
        if !list.filter.isEmpty { counts += ", \(visible.count) match" }
        if list.multiple {
            counts += ", \(list.marked.count) marked"
            let known = Set(list.items.map(\.value))
            let elsewhere = list.marked.filter { !known.contains($0) }.count
            if elsewhere > 0, !list.loading { counts += " (\(elsewhere) typed, not in this list: kept)" }
            if list.target == .policyFilter, list.marked.count > options.maxManagedPolicies {
                counts += "; a role takes at most \(options.maxManagedPolicies) managed policies"
            }
        }
        let fieldValue = list.multiple ? "" : (text(of: list.target) ?? "").trimmingSpaces
        if !fieldValue.isEmpty, !list.loading, !list.items.contains(where: { $0.value == fieldValue }) {
            counts += " (the field's \(VisibleText.quoted(fieldValue)) is not in this list; Esc keeps it)"
        }
        line { row in
            if list.loading {
                row.add("  \(g.spinner(spinner)) Reading the list… (Esc or Ctrl-C stops)  ", .ok)
            }
            row.addTruncated((list.loading ? "" : "  ") + counts, .muted, ellipsis: g.ellipsis)
        }

        let pageSize = pickListPageSize
        let page = visible.isEmpty ? 0 : list.highlight / pageSize
        let pages = max(1, (visible.count + pageSize - 1) / pageSize)
        let rows = visible.isEmpty ? [] : Array(visible[(page * pageSize)..<min(visible.count, (page + 1) * pageSize)])
        if rows.isEmpty {
            let inRegion = region.isEmpty || !list.kind.isRegional ? "" : " in \(region)"
            let why = list.loading ? "" : list.items.isEmpty
                ? "No \(list.kind.noun) found\(inRegion); Esc, and type the value."
                : "No row matches the filter; Backspace widens it."
            line { $0.add("    " + why, .muted) }
        }
        let widest = rows.map { DisplayWidth.of(VisibleText.singleLine($0.title)) }.max() ?? 0
        let titleWidth = min(max(12, widest), max(12, width / 2))
        let current = Set(list.multiple ? list.marked : [text(of: list.target) ?? ""].map { $0.trimmingSpaces })
        for (offset, item) in rows.enumerated() {
            let highlighted = page * pageSize + offset == list.highlight
            line { row in
                row.add(highlighted ? g.focus + " " : "  ", Style(bold: true, color: .accent))
                let on = current.contains(item.value)
                let box = list.multiple ? (on ? g.checked : g.unchecked) : (on ? g.chosen : g.notChosen)
                row.add(box + " ", highlighted ? Style(bold: true) : .plain)
                let title = DisplayWidth.truncate(VisibleText.singleLine(item.title), to: titleWidth,
                                                  ellipsis: g.ellipsis)
                row.add(DisplayWidth.pad(title, to: titleWidth),
                        highlighted ? Style(bold: true, reverse: true) : Style(bold: true))
                row.addTruncated("  " + VisibleText.singleLine(item.detail), .muted, ellipsis: g.ellipsis)
            }
        }
        while lines.count < 3 + pageSize { lines.append([]) }
        line { row in
            let strip = Self.pageStrip(current: page, count: pages, ellipsis: g.ellipsis)
            row.addTruncated("  Page \(page + 1) of \(pages):  " + strip,
                             .muted, ellipsis: g.ellipsis)
        }
        return lines
    }

    /// The page numbers as the console shows them: the first, the last, and the ones around
    /// the current (in brackets), with gaps as an ellipsis.
    static func pageStrip(current: Int, count: Int, ellipsis: String) -> String {
        let shown = Set([0, count - 1] + Array(max(0, current - 1)...min(count - 1, current + 1)))
        var parts: [String] = []
        var last = -1
        for page in shown.sorted() {
            if page > last + 1 { parts.append(ellipsis) }
            parts.append(page == current ? "[\(page + 1)]" : "\(page + 1)")
            last = page
        }
        return parts.joined(separator: " ")
    }
}
