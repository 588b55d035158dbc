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
        var out: [UInt8] = []
        write(into: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private var isScalar: Bool {
        switch self {
        case .string, .raw, .tagged, .literalBlock: return true
        case .sequence(let items): return items.isEmpty
        case .mapping(let members): return members.isEmpty
        }
    }

    private func writeInline(into out: inout [UInt8]) {
        switch self {
        case .string(let s): YAMLScalar.write(s, into: &out)
        case .raw(let s): out.append(s)
        case .tagged(let tag, let value, let quoted):
            out.append("!")
            out.append(tag)
            out.append(" ")
            if quoted { YAMLScalar.write(value, forceQuotes: true, into: &out) } else { out.append(value) }
        case .sequence: out.append("[]")
        case .mapping: out.append("{}")
        case .literalBlock(let text): YAMLScalar.write(text, into: &out)
        }
    }

    /// Writes a block node at `indent`. With `continuing`, its first line continues the current
    /// line (after `- `) and so takes no indentation of its own.
    private func write(into out: inout [UInt8], indent: Int, continuing: Bool = false) {
        var first = continuing
        switch self {
        case .mapping(let members) where !members.isEmpty:
            for (key, value) in members {
                if !first { out.appendSpaces(indent) }
                first = false
                YAMLScalar.write(key, into: &out)
                out.append(":")
                value.writeValue(into: &out, indent: indent)
            }
        case .sequence(let items) where !items.isEmpty:
            for item in items {
                if !first { out.appendSpaces(indent) }
                first = false
                out.append("-")
                item.writeItem(into: &out, indent: indent)
            }
        default:
            if !first { out.appendSpaces(indent) }
            writeInline(into: &out)
            out.append("\n")
        }
    }

    private func writeValue(into out: inout [UInt8], indent: Int) {
        if case .literalBlock(let text) = self, let first = text.first, first != " ", first != "\n" {
            // `|` keeps every line and the final newline; an indicator would be needed only for
            // text that starts with a space or an empty line, which is then written quoted.
            out.append(" |\n")
            for line in Self.lines(of: text) {
                if !line.isEmpty { out.appendSpaces(indent + 2) }
                out.append(line)
                out.append("\n")
            }
            return
        }
        if isScalar {
            out.append(" ")
            writeInline(into: &out)
            out.append("\n")
        } else {
            out.append("\n")
            write(into: &out, indent: indent + 2)
        }
    }

    private func writeItem(into out: inout [UInt8], indent: Int) {
        if isScalar {
            out.append(" ")
            writeInline(into: &out)
            out.append("\n")
            return
        }
        // A mapping or list item starts on the dash's line, the rest aligns under it.
        out.append(" ")
        write(into: &out, indent: indent + 2, continuing: true)
    }

    /// The lines of a literal block, without the empty one after a final newline, split as `String.split`
    /// splits characters. Text without a carriage return (which joins the next line feed into one character) is
    /// split by bytes: a StackSet's block is the whole role template.
    static func lines(of text: String) -> [Substring] {
        var copy = text
        let breaks: [Int]? = copy.withUTF8 { bytes in
            guard !bytes.contains(0x0D) else { return nil }
            return bytes.indices.filter { bytes[$0] == 0x0A }
        }
        guard let breaks else {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return Array(lines.dropLast(text.hasSuffix("\n") ? 1 : 0))
        }
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        let utf8 = text.utf8
        var start = utf8.startIndex
        var offset = 0
        for end in breaks {
            let stop = utf8.index(start, offsetBy: end - offset)
            lines.append(text[start..<stop])
            start = utf8.index(after: stop)
            offset = end + 1
        }
        if start != utf8.endIndex { lines.append(text[start...]) }
        return lines
    }
}
