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
        var out: [UInt8] = []
        write(into: &out, indent: 0, pretty: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Minified form: what IAM measures against its size quotas.
    public func minified() -> String {
        var out: [UInt8] = []
        write(into: &out, indent: 0, pretty: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as UTF-8 bytes: appending to a byte array costs a fraction of appending to a `String`, and every
    /// file smrole writes and every policy size it measures comes through here.
    private func write(into out: inout [UInt8], indent: Int, pretty: Bool) {
        switch self {
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .int(let n): out.append(String(n))
        case .bool(let b): out.append(b ? "true" : "false")
        case .null: out.append("null")
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(into: &out, indent: indent + 1) }
                item.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { JSONValue.newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(into: &out, indent: indent + 1) }
                JSONValue.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                members[key]!.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { JSONValue.newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A line break and two spaces per level.
    private static func newline(into out: inout [UInt8], indent: Int) {
        out.append(0x0A)
        out.appendSpaces(2 * indent)
    }

    /// Appends the string quoted, copying runs that need no escape in one go: policy text
    /// is almost all plain ASCII, and this is the hot path of every file smrole writes.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x7F { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex = String(byte, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(0x22)
    }

    /// A list of strings rendered as IAM does by convention: one value as a plain string.
    public static func compactList(_ values: [String]) -> JSONValue {
        values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))
    }
}
