/// YAML text for one string: plain when a YAML reader cannot take it for anything but text,
/// double-quoted (with escapes) otherwise. Shared by the answers file and the exporters so
/// every YAML smrole writes reads back to the same strings.
public enum YAMLScalar {
    static let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]

    public static func render(_ value: String, forceQuotes: Bool = false) -> String {
        if !forceQuotes && isPlainSafe(value) { return value }
        var out: [UInt8] = []
        write(value, forceQuotes: forceQuotes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends what `render` returns. Runs that need no escape are copied whole: this is the hot path of every
    /// YAML file smrole writes.
    package static func write(_ value: String, forceQuotes: Bool = false, into out: inout [UInt8]) {
        if !forceQuotes && isPlainSafe(value) {
            out.append(value)
            return
        }
        out.append(0x22)
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // A C1 control (U+0080-U+009F) is 0xC2 followed by 0x80-0x9F in UTF-8.
                let c1 = byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1])
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x7F && !c1 {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex = String(c1 ? bytes[index + 1] : byte, radix: 16, uppercase: true)
                    out.append("\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex)
                }
                index += c1 ? 2 : 1
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(0x22)
    }

    /// Whether the text can stand unquoted. Plain text has no space, so it never holds `": "`, and the reserved
    /// words are short: the checks need no Foundation and no lowercased copy of long strings.
    static func isPlainSafe(_ value: String) -> Bool {
        guard isPlainText(value), value.utf8.last != UInt8(ascii: ":") else { return false }
        return value.utf8.count > 5 || !reserved.contains(value.lowercased())
    }

    /// `[A-Za-z_/][A-Za-z0-9_./:@=+-]*`, checked by scalars (no regex engine on the hot path).
    static func isPlainText(_ value: String) -> Bool {
        var first = true
        for byte in value.utf8 {
            let letter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 47
            if first {
                guard letter else { return false }
                first = false
            } else if !(letter || (byte >= 48 && byte <= 57) || byte == 46 || byte == 58 || byte == 64
                        || byte == 61 || byte == 43 || byte == 45) {
                return false
            }
        }
        return !first
    }
}
