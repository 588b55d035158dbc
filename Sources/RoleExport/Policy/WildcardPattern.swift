/// IAM's wildcard matching: `*` matches any run of characters (including none and `:` or
/// `/`), `?` matches exactly one. Used for Action, Resource and the `*Like` operators.
/// Text that stands for itself (what `${*}`, `${?}`, `${$}` and substituted variables become)
/// is marked literal, so its `*` and `?` match only themselves.
///
/// Matching runs on UTF-8 bytes (ASCII case folding when case-insensitive, as IAM folds
/// action names): `lint` and `simulate` match thousands of action names per process.
public struct WildcardPattern: Sendable {
    private let pattern: [UInt8]
    /// Per byte of `pattern`, whether it is literal; empty when nothing is.
    private let literal: [Bool]
    private let caseInsensitive: Bool

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        self.pattern = caseInsensitive ? pattern.utf8.map(Self.fold) : Array(pattern.utf8)
        literal = []
    }

    /// A pattern from a substituted policy string: its literal pieces match only themselves.
    public init(_ text: SubstitutedText, caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        var bytes: [UInt8] = [], marks: [Bool] = []
        for piece in text.pieces {
            let utf8 = caseInsensitive ? piece.text.utf8.map(Self.fold) : Array(piece.text.utf8)
            bytes += utf8
            marks += Array(repeating: piece.literal, count: utf8.count)
        }
        pattern = bytes
        literal = marks.contains(true) ? marks : []
    }

    public var hasWildcards: Bool {
        pattern.indices.contains { (pattern[$0] == UInt8(ascii: "*") || pattern[$0] == UInt8(ascii: "?")) && !isLiteral($0) }
    }

    private func isLiteral(_ index: Int) -> Bool { !literal.isEmpty && literal[index] }

    private static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// Linear-time glob matching with a single backtrack point (the last `*`).
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches(bytes: $0) }
    }

    private func matches(bytes s: UnsafeBufferPointer<UInt8>) -> Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var p = 0, t = 0
        var starAt: Int? = nil, resume = 0
        while t < s.count {
            let c = caseInsensitive ? Self.fold(s[t]) : s[t]
            if p < pattern.count && pattern[p] == question && !isLiteral(p) {
                // One character: its lead byte and any continuation bytes.
                p += 1; t += 1
                while t < s.count && s[t] & 0xC0 == 0x80 { t += 1 }
            } else if p < pattern.count && (pattern[p] != star || isLiteral(p)) && pattern[p] == c {
                p += 1; t += 1
            } else if p < pattern.count && pattern[p] == star && !isLiteral(p) {
                starAt = p; resume = t; p += 1
            } else if let at = starAt {
                p = at + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == star && !isLiteral(p) { p += 1 }
        return p == pattern.count
    }
}
