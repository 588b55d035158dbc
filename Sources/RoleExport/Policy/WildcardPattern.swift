/// IAM's wildcard matching: `*` matches any run of characters (including none and `:` or
/// `/`), `?` matches exactly one. Used for Action, Resource and the `*Like` operators.
///
/// Matching runs on UTF-8 bytes (ASCII case folding when case-insensitive, as IAM folds
/// action names): `lint` and `simulate` match thousands of action names per process.
public struct WildcardPattern: Sendable {
    private let pattern: [UInt8]
    private let caseInsensitive: Bool

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        self.pattern = caseInsensitive ? pattern.utf8.map(Self.fold) : Array(pattern.utf8)
    }

    public var hasWildcards: Bool { pattern.contains(UInt8(ascii: "*")) || pattern.contains(UInt8(ascii: "?")) }

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
            if p < pattern.count && pattern[p] == question {
                // One character: its lead byte and any continuation bytes.
                p += 1; t += 1
                while t < s.count && s[t] & 0xC0 == 0x80 { t += 1 }
            } else if p < pattern.count && pattern[p] != star && pattern[p] == c {
                p += 1; t += 1
            } else if p < pattern.count && pattern[p] == star {
                starAt = p; resume = t; p += 1
            } else if let at = starAt {
                p = at + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}
