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

    /// Writes a block node whose first line continues the current line (after `- `) or,
    /// for a mapping's value, starts on the next line at `indent`.
    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .mapping(let members) where !members.isEmpty:
            for (key, value) in members {
                out += pad + YAMLScalar.render(key) + ":"
                value.writeValue(into: &out, indent: indent)
            }
        case .sequence(let items) where !items.isEmpty:
            for item in items {
                out += pad + "-"
                item.writeItem(into: &out, indent: indent)
            }
        default:
            out += pad + inlineText + "\n"
        }
    }

    private func writeValue(into out: inout String, indent: Int) {
        if case .literalBlock(let text) = self, let first = text.first, first != " ", first != "\n" {
            // `|` keeps every line and the final newline; an indicator would be needed only for
            // text that starts with a space or an empty line, which is then written quoted.
            let pad = String(repeating: " ", count: indent + 2)
            out += " |\n"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines.dropLast(text.hasSuffix("\n") ? 1 : 0) {
                out += line.isEmpty ? "\n" : pad + line + "\n"
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
        var block = ""
        write(into: &block, indent: indent + 2)
        out += " " + block.dropFirst(indent + 2)
    }
}
