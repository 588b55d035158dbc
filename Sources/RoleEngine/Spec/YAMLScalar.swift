/// YAML text for one string: plain when a YAML reader cannot take it for anything but text,
/// double-quoted (with escapes) otherwise. Shared by the answers file and the exporters so
/// every YAML smrole writes reads back to the same strings.
public enum YAMLScalar {
    static let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]

    public static func render(_ value: String, forceQuotes: Bool = false) -> String {
        let plainSafe = isPlainText(value) && !value.contains(": ") && !value.hasSuffix(":")
            && !reserved.contains(value.lowercased())
        if plainSafe && !forceQuotes { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
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
