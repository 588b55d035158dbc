import RoleEngine

/// A YAML document as a tree with ordered mappings, written in block style.
///
/// CloudFormation needs its short-form tags (`!Sub`, `!Ref`, `!GetAtt`) and a stable key
/// order, which a generic dumper does not give; every string goes through `YAMLScalar`, so
/// quotes, `$()`, backticks or newlines in user values stay data.
indirect enum YAMLNode {
    case string(String)
    /// Text written as is: numbers and booleans the renderer formats itself.
    case raw(String)
    /// A CloudFormation short-form intrinsic, e.g. `!Ref Role`, `!Sub "arn:${AWS::Partition}:…"`.
    case tagged(tag: String, value: String, quoted: Bool)
    case sequence([YAMLNode])
    case mapping([(String, YAMLNode)])
    /// Multi-line text as a literal block (`|`), kept line for line: a template inside a template.
    case literalBlock(String)

    func render() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .string, .raw, .tagged, .literalBlock: return true
        case .sequence(let items): return items.isEmpty
        case .mapping(let members): return members.isEmpty
        }
    }

    private var inlineText: String {
        switch self {
        case .string(let s): return YAMLScalar.render(s)
        case .raw(let s): return s
        case .tagged(let tag, let value, let quoted): return "!\(tag) " + (quoted ? YAMLScalar.render(value, forceQuotes: true) : value)
        case .sequence: return "[]"
        case .mapping: return "{}"
        case .literalBlock(let text): return YAMLScalar.render(text)
        }
    }

    /// Writes a block node at `indent`. With `continuing`, its first line continues the current
    /// line (after `- `) and so takes no indentation of its own.
    private func write(into out: inout String, indent: Int, continuing: Bool = false) {
        let pad = String(repeating: " ", count: indent)
        var first = continuing
        switch self {
        case .mapping(let members) where !members.isEmpty:
            for (key, value) in members {
                if !first { out += pad }
                first = false
                out += YAMLScalar.render(key)
                out += ":"
                value.writeValue(into: &out, indent: indent)
            }
        case .sequence(let items) where !items.isEmpty:
            for item in items {
                if !first { out += pad }
                first = false
                out += "-"
                item.writeItem(into: &out, indent: indent)
            }
        default:
            if !first { out += pad }
            out += inlineText
            out += "\n"
        }
    }

    private func writeValue(into out: inout String, indent: Int) {
        if case .literalBlock(let text) = self, let first = text.first, first != " ", first != "\n" {
            // `|` keeps every line and the final newline; an indicator would be needed only for
            // text that starts with a space or an empty line, which is then written quoted.
            let pad = String(repeating: " ", count: indent + 2)
            out += " |\n"
            for line in Self.lines(of: text) {
                if !line.isEmpty { out += pad }
                out += line
                out += "\n"
            }
            return
        }
        if isScalar {
            out += " " + inlineText + "\n"
        } else {
            out += "\n"
            write(into: &out, indent: indent + 2)
        }
    }

    private func writeItem(into out: inout String, indent: Int) {
        if isScalar {
            out += " " + inlineText + "\n"
            return
        }
        // A mapping or list item starts on the dash's line, the rest aligns under it.
        out += " "
        write(into: &out, indent: indent + 2, continuing: true)
    }

    /// The lines of a literal block, without the empty one after a final newline, split as `String.split`
    /// splits characters. Text without a carriage return (which joins the next line feed into one character) is
    /// split by bytes: a StackSet's block is the whole role template.
    static func lines(of text: String) -> [Substring] {
        guard !text.utf8.contains(0x0D) else {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return Array(lines.dropLast(text.hasSuffix("\n") ? 1 : 0))
        }
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                lines.append(text[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { lines.append(text[start...]) }
        return lines
    }
}
