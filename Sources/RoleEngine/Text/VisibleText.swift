/// Text from a file, a flag or AWS made safe to show on a terminal: characters that would act
/// on the terminal instead of being shown are written as `\u001b`-style escapes.
///
/// A policy's Sid, an AWS error message or a role description can hold ESC sequences that
/// clear the screen or recolour a report, a `\r` that overwrites a label, or a bidirectional
/// override that reorders what is read. Every output of smrole passes its text through here
/// (the CLI's `Console`, the plain wizard, the wizard's rows), so none of that reaches a
/// terminal raw. Escaped text holds none of these characters, so escaping twice changes
/// nothing, and `\u…` inside a JSON string is still the same JSON.
///
/// Escaped: C0 controls (U+0000–U+001F, tab and newline included unless kept), DEL (U+007F),
/// C1 controls (U+0080–U+009F), and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069).
public enum VisibleText {
    /// For one line or one field of a table: every such character escaped, newline and tab too.
    public static func singleLine(_ text: String) -> String {
        escaped(text, keepingNewlines: false)
    }

    /// For a message of several lines: newlines stay line breaks, everything else is escaped.
    public static func keepingNewlines(_ text: String) -> String {
        escaped(text, keepingNewlines: true)
    }

    /// A value quoted for a message: `'…'`, on one line.
    public static func quoted(_ text: String) -> String {
        "'" + singleLine(text) + "'"
    }

    /// Whether the terminal would act on this character rather than show it.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// The escape shown for a character: `\u` and four lowercase hex digits.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func escaped(_ text: String, keepingNewlines: Bool) -> String {
        guard needsEscaping(text, keepingNewlines: keepingNewlines) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !(keepingNewlines && scalar == "\n") {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A scan of the UTF-8 bytes, so text without such characters (nearly all) costs no copy:
    /// C1 controls are encoded C2 80–C2 9F, the bidirectional ones E2 80 AA–AE and E2 81 A6–A9.
    private static func needsEscaping(_ text: String, keepingNewlines: Bool) -> Bool {
        var bytes = text.utf8.makeIterator()
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        while let byte = bytes.next() {
            if byte < 0x20 && !(keepingNewlines && byte == 0x0A) { return true }
            if byte == 0x7F { return true }
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (0xAA...0xAE).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x81 && (0xA6...0xA9).contains(byte) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }
}
