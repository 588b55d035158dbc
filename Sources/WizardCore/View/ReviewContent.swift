import RoleEngine

/// The review's scrollable content: a summary of every choice, the warnings, what the role
/// can do, and the trust policy and each permission policy as highlighted JSON with a size
/// meter against IAM's limit.
enum ReviewContent {
    static func rows(for state: WizardState, width: Int) -> [[Span]] {
        var out: [[Span]] = []
        let g = state.options.glyphs
        func line(_ build: (inout RowBuilder) -> Void) {
            var row = RowBuilder(limit: width)
            build(&row)
            out.append(row.spans)
        }
        func field(_ label: String, _ value: String) {
            for (i, piece) in wrapKeepingWords(VisibleText.singleLine(value), width: width).enumerated() {
                line { row in
                    row.add(i == 0 ? "  " + DisplayWidth.pad(label, to: 20) + "  " : String(repeating: " ", count: piece.indent),
                            i == 0 ? Style(bold: true) : .plain)
                    row.add(piece.text)
                }
            }
        }
        let answers = state.answers
        guard let plan = state.plan else {
            line { $0.add("  The role cannot be built:", .error) }
            let reason = VisibleText.singleLine(state.planError ?? "go back and fix the problems shown")
            for piece in DisplayWidth.wrap(reason, width: width - 4) {
                line { $0.add("    " + piece, .error) }
            }
            return out
        }
        line { $0.add("  Summary", .heading) }
        field("Role", "\(plan.path)\(plan.roleName)")
        if let description = plan.description { field("Description", description) }
        field("Persona", state.catalog.persona(answers.persona)?.title ?? answers.persona)
        field("Account / region", "\(plan.account ?? "not given") / \(plan.region ?? "any")")
        field("Max session", "\(plan.maxSessionDuration) s")
        if let boundary = plan.permissionsBoundary { field("Boundary", boundary) }
        if let network = plan.normalizedSpec.network {
            field("VPC", "subnets \(network.subnets.joined(separator: ", ")); security groups \(network.securityGroups.joined(separator: ", "))")
        }
        if let encryption = plan.normalizedSpec.encryption {
            field("KMS", "volume \(encryption.volumeKeys.joined(separator: ", ")); data \(encryption.dataKeys.joined(separator: ", "))")
        }
        let titles = answers.activities.map { state.catalog.activity($0)?.title ?? $0 }
        field("Activities", titles.isEmpty ? "none" : titles.joined(separator: ", "))
        field("Managed policies", plan.managedPolicyArns.isEmpty ? "none added" : plan.managedPolicyArns.map { String($0.split(separator: "/").last ?? "") }.joined(separator: ", "))
        field("Tags", plan.tags.isEmpty ? "none" : plan.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "  (\(50 - plan.tags.count) of 50 left)")
        line { row in
            row.add("  " + DisplayWidth.pad("Attachments", to: 20) + "  ", Style(bold: true))
            meter(&row, used: plan.attachmentCount, limit: plan.managedPolicyQuota, glyphs: g)
            row.add(" managed policies per role")
        }
        out.append([])
        if !plan.warnings.isEmpty {
            line { $0.add("  Warnings", .heading) }
            for warning in plan.warnings {
                let pieces = DisplayWidth.wrap(VisibleText.singleLine(warning), width: max(10, width - 6))
                for (i, piece) in pieces.enumerated() {
                    line { $0.add((i == 0 ? "  \(g.warning) " : "    ") + piece, .warning) }
                }
            }
            out.append([])
        }
        line { $0.add("  What this role can do", .heading) }
        line { $0.add("  (each request made inside the role's VPC, with its keys and roles)", .muted) }
        for capability in state.capabilities {
            line { row in
                row.add("  " + DisplayWidth.pad(capability.allowed ? g.yes : g.no, to: 4),
                        capability.allowed ? Style(bold: true, color: .ok) : Style(color: .error))
                row.add(DisplayWidth.pad(capability.action, to: 38))
                row.add(capability.allowed ? "allowed by \(capability.activity ?? "an attached policy")" : "denied", capability.allowed ? .plain : .muted)
            }
        }
        out.append([])
        policy(&out, title: "Trust policy", size: plan.trustPolicy.size, limit: RoleBuilder.trustPolicyLimit,
               detail: "who may assume the role", json: plan.trustPolicy.json, width: width, glyphs: g)
        for managed in plan.policies {
            policy(&out, title: "Policy \(managed.name)", size: managed.size, limit: PolicyPacker.policySizeLimit,
                   detail: "for " + managed.activities.joined(separator: ", "), json: managed.document.json, width: width, glyphs: g)
        }
        return out
    }

    /// The value column starts at 24; a word (an ARN) too long for it gets a row of its own
    /// from column 4 rather than being cut, so it can be copied whole. Only a word longer
    /// than that row is split.
    static func wrapKeepingWords(_ text: String, width: Int) -> [(indent: Int, text: String)] {
        let column = 24, wide = 4
        let room = max(10, width - column), wideRoom = max(10, width - wide)
        var out: [(indent: Int, text: String)] = []
        var current = "", currentWidth = 0
        func flush() {
            if !current.isEmpty || out.isEmpty { out.append((column, current)) }
            current = ""
            currentWidth = 0
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let w = DisplayWidth.of(word)
            if currentWidth > 0 && currentWidth + 1 + w <= room {
                current += " " + word
                currentWidth += 1 + w
            } else if w <= room {
                if currentWidth > 0 { flush() }
                current = word
                currentWidth = w
            } else {
                if currentWidth > 0 { flush() }
                if out.isEmpty { out.append((column, "")) }
                for piece in DisplayWidth.wrap(word, width: wideRoom) { out.append((wide, piece)) }
            }
        }
        if currentWidth > 0 || out.isEmpty { flush() }
        return out
    }

    static func meter(_ row: inout RowBuilder, used: Int, limit: Int, glyphs: Glyphs) {
        let cells = 20
        let filled = min(cells, Int((Double(used) / Double(max(limit, 1)) * Double(cells)).rounded(.up)))
        let ratio = Double(used) / Double(max(limit, 1))
        let style: Style = ratio > 1 ? .error : ratio > 0.9 ? .warning : .ok
        row.add("[")
        row.add(String(repeating: glyphs.full, count: filled), style)
        row.add(String(repeating: glyphs.empty, count: cells - filled), .muted)
        row.add("] \(used) of \(limit)")
    }

    static func policy(_ out: inout [[Span]], title: String, size: Int, limit: Int, detail: String, json: JSONValue,
                       width: Int, glyphs: Glyphs) {
        var head = RowBuilder(limit: width)
        head.add("  " + title, .heading)
        out.append(head.spans)
        var sizeRow = RowBuilder(limit: width)
        sizeRow.add("  ")
        meter(&sizeRow, used: size, limit: limit, glyphs: glyphs)
        sizeRow.add(" characters  ")
        sizeRow.addTruncated(detail, .muted, ellipsis: glyphs.ellipsis)
        out.append(sizeRow.spans)
        for text in json.pretty().split(separator: "\n", omittingEmptySubsequences: false) {
            out += JSONHighlighter.rows(String(text), indent: 4, width: width)
        }
        out.append([])
    }
}

/// Colours one line of pretty JSON: keys, string values and numbers, with long lines
/// wrapped under their own indentation.
enum JSONHighlighter {
    static func rows(_ line: String, indent: Int, width: Int) -> [[Span]] {
        var spans: [Span] = []
        // Escaped before it is cut into rows, so each piece is measured as drawn.
        var chars = Substring(VisibleText.singleLine(line))
        let leading = chars.prefix { $0 == " " }
        chars = chars.dropFirst(leading.count)
        spans.append(Span(String(repeating: " ", count: indent) + leading))
        while let first = chars.first {
            if first == "\"" {
                var end = chars.index(after: chars.startIndex)
                while end < chars.endIndex, chars[end] != "\"" {
                    if chars[end] == "\\" { end = chars.index(after: end) }
                    if end < chars.endIndex { end = chars.index(after: end) }
                }
                if end < chars.endIndex { end = chars.index(after: end) }
                let token = String(chars[..<end])
                chars = chars[end...]
                let isKey = chars.first == ":"
                spans.append(Span(token, isKey ? Style(color: .key) : Style(color: .string)))
            } else if first.isNumber || first == "-" {
                let token = chars.prefix { $0.isNumber || $0 == "-" || $0 == "." }
                spans.append(Span(String(token), Style(color: .number)))
                chars = chars.dropFirst(token.count)
            } else {
                let token = chars.prefix { $0 != "\"" && !$0.isNumber && $0 != "-" }
                spans.append(Span(String(token.isEmpty ? chars.prefix(1) : token)))
                chars = chars.dropFirst(max(1, token.count))
            }
        }
        // Wrap: cut spans into rows of `width` cells, continuation rows indented further.
        var rows: [[Span]] = []
        var row = RowBuilder(limit: width)
        let continuation = String(repeating: " ", count: min(width / 2, indent + leading.count + 2))
        for span in spans {
            var text = span.text
            let w = DisplayWidth.of(text)
            if span.style.color == .string, w > row.remaining, w <= width - continuation.count, row.width > continuation.count {
                // A quoted ARN moves whole to the next row instead of being cut in two.
                rows.append(row.spans)
                row = RowBuilder(limit: width)
                row.add(continuation)
            }
            while !text.isEmpty {
                if row.remaining == 0 {
                    rows.append(row.spans)
                    row = RowBuilder(limit: width)
                    row.add(continuation)
                }
                let piece = DisplayWidth.prefix(text, fitting: row.remaining)
                if piece.isEmpty { rows.append(row.spans); row = RowBuilder(limit: width); row.add(continuation); continue }
                row.add(piece, span.style)
                text = String(text.dropFirst(piece.count))
            }
        }
        rows.append(row.spans)
        return rows
    }
}
