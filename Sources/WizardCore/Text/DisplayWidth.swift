/// How many terminal cells text occupies: East Asian wide and fullwidth characters and
/// emoji take two, combining marks and other zero-width scalars none, everything else one.
/// Layout measures with this, never with `count`, so CJK and emoji data line up.
public enum DisplayWidth {
    /// Wide ranges of Unicode's East Asian Width property (W and F), compacted.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x187F7, 0x18800...0x18CD5, 0x1B000...0x1B16F, 0x1F004...0x1F004,
        0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B,
        0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
        0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if v < wideRanges[mid].lowerBound { high = mid - 1 } else if v > wideRanges[mid].upperBound { low = mid + 1 } else { return true }
        }
        return false
    }

    /// A grapheme cluster: emoji sequences (ZWJ, VS16, flags) are two cells.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.count == 1 { return of(scalars.first!) }
        if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
        if scalars.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }) { return 2 }
        return scalars.reduce(0) { max($0, of($1)) }
    }

    public static func of<S: StringProtocol>(_ text: S) -> Int {
        // Most text is ASCII: count its printable bytes without grapheme breaking.
        var width = 0
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x20 && byte != 0x7F { width += 1 }
        }
        if ascii { return width }
        // Scalar by scalar (no grapheme breaking: that is what made long descriptions with a
        // `·` slow); only sequences whose cluster width differs from the sum of their scalars
        // (ZWJ and VS16 emoji, flags, skin tones, conjoining jamo) take the grapheme path.
        width = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x300 { width += v >= 0x20 && !(0x7F..<0xA0).contains(v) ? 1 : 0; continue }
            if v == 0x200D || (0xFE00...0xFE0F).contains(v) || (0x1F1E6...0x1F1FF).contains(v)
                || (0x1F3FB...0x1F3FF).contains(v) || (0x1160...0x11FF).contains(v) { return graphemeWidth(text) }
            width += of(scalar)
        }
        return width
    }

    private static func graphemeWidth<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        for character in text {
            if character.isASCII { width += character.asciiValue! >= 0x20 && character.asciiValue! != 0x7F ? 1 : 0 } else { width += of(character) }
        }
        return width
    }

    /// The longest prefix that fits in `width` cells (never half a wide character).
    public static func prefix(_ text: String, fitting width: Int) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text.utf8.count <= width ? text : String(text.utf8.prefix(max(0, width)))!
        }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let w = of(text[index])
            if used + w > width { break }
            used += w
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    /// Text cut to `width` cells, with "…" when something was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        return prefix(text, fitting: width - of(ellipsis)) + ellipsis
    }

    /// Text padded with spaces (or cut) to exactly `width` cells.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = of(text) > width ? prefix(text, fitting: width) : text
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    /// Splits text into lines of at most `width` cells, breaking at spaces where it can.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            let w = of(word)
            if currentWidth > 0 && currentWidth + 1 + w > width {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            if currentWidth > 0 {
                current += " "
                currentWidth += 1
            }
            while of(word) > width - currentWidth {
                let head = prefix(word, fitting: max(1, width - currentWidth))
                if head.isEmpty { break }
                lines.append(current + head)
                word = String(word.dropFirst(head.count))
                current = ""
                currentWidth = 0
            }
            current += word
            currentWidth += of(word)
        }
        lines.append(current)
        return lines
    }
}
