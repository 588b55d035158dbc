/// A JSON value with one canonical rendering: object keys sorted, two-space indent,
/// no escaped slashes. Byte-identical output on every run is what makes generated files
/// diffable and golden-testable.
public indirect enum JSONValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    /// Pretty form for files people read, ending without a newline.
    public func pretty() -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: true)
        return out
    }

    /// Minified form: what IAM measures against its size quotas.
    public func minified() -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: false)
        return out
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(key, into: &out)
                out += pretty ? ": " : ":"
                members[key]!.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Appends the string quoted, copying runs that need no escape in one go: policy text
    /// is almost all plain ASCII, and this is the hot path of every file smrole writes.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        let utf8 = s.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x7F {
                index = utf8.index(after: index)
                continue
            }
            out += s[runStart..<index]
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            default:
                let hex = String(byte, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            index = utf8.index(after: index)
            runStart = index
        }
        out += s[runStart..<index]
        out += "\""
    }

    /// A list of strings rendered as IAM does by convention: one value as a plain string.
    public static func compactList(_ values: [String]) -> JSONValue {
        values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))
    }
}
