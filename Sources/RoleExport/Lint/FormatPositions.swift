/// An ARN format of the action database (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
/// as an automaton over the positions between its tokens, for `ResourcePatternMatcher`.
///
/// The tokens are characters and `${Name}` variables; position `j` (0…count) means "the
/// format's first `j` tokens are produced". A `Run` reads a policy's resource one character
/// at a time and carries the set of positions the text read so far can end at, one bit per
/// position, so each character costs a few word operations whatever came before. A class,
/// so a `Run` reads its masks in place rather than copying them per character.
final class FormatPositions {
    enum Token: Equatable {
        case char(Unicode.Scalar)
        /// Any run of characters but these (ASCII: `:` and `/`).
        case variable(excluding: Set<Unicode.Scalar>)
    }

    let tokens: [Token]
    /// Words of 64 positions each.
    let wordCount: Int
    /// Positions whose token is a variable.
    let variables: [UInt64]
    /// Positions whose token is a character.
    let characters: [UInt64]
    /// For each ASCII character `c`, at `c * wordCount`: the positions whose token is `c`.
    let asciiCharacterPositions: [UInt64]
    /// For each ASCII character, laid out the same: the variable positions that can hold it.
    let asciiHoldingVariables: [UInt64]
    /// The positions of non-ASCII character tokens (the database has none; kept correct).
    let otherCharacterPositions: [Unicode.Scalar: [UInt64]]
    /// Every position 0…count, and none.
    let all: [UInt64], none: [UInt64]
    /// The most variables in a row: how far "a variable may produce nothing" can carry.
    let longestVariableRun: Int

    init(_ format: String) {
        tokens = Self.tokens(format)
        let positions = tokens.count + 1
        let words = (positions + 63) / 64
        wordCount = words
        let none = [UInt64](repeating: 0, count: words)
        var variables = none, characters = none, all = none
        var ascii = [UInt64](repeating: 0, count: 128 * words)
        var holding = [UInt64](repeating: 0, count: 128 * words)
        var other: [Unicode.Scalar: [UInt64]] = [:]
        var run = 0, longestRun = 0
        func bit(_ position: Int) -> (word: Int, mask: UInt64) { (position / 64, 1 << UInt64(position % 64)) }
        for position in 0..<positions {
            let (w, mask) = bit(position)
            all[w] |= mask
        }
        for (position, token) in tokens.enumerated() {
            let (w, mask) = bit(position)
            switch token {
            case .char(let c):
                run = 0
                characters[w] |= mask
                if c.isASCII {
                    ascii[Int(c.value) * words + w] |= mask
                } else {
                    other[c, default: none][w] |= mask
                }
            case .variable(let excluded):
                run += 1
                longestRun = max(longestRun, run)
                variables[w] |= mask
                for byte in 0..<128 where !excluded.contains(Unicode.Scalar(UInt8(byte))) {
                    holding[byte * words + w] |= mask
                }
            }
        }
        self.variables = variables
        self.characters = characters
        asciiCharacterPositions = ascii
        asciiHoldingVariables = holding
        otherCharacterPositions = other
        self.all = all
        self.none = none
        longestVariableRun = longestRun
    }

    /// Characters and `${Name}` variables, which hold what their place allows.
    private static func tokens(_ format: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(format.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{",
               let close = scalars[(i + 2)...].firstIndex(of: "}") {
                let name = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
                let last = close + 1 == scalars.count, afterSlash = i > 0 && scalars[i - 1] == "/"
                if name == "BucketName" {
                    tokens.append(.variable(excluding: [":", "/"]))
                } else {
                    tokens.append(.variable(excluding: last && afterSlash ? [] : [":"]))
                }
                i = close + 1
                continue
            }
            tokens.append(.char(scalars[i]))
            i += 1
        }
        return tokens
    }

    /// A policy's resource read so far: the format positions it can end at.
    struct Run {
        let format: FormatPositions
        private var current: [UInt64]
        private var next: [UInt64]

        init(_ format: FormatPositions) {
            self.format = format
            current = [UInt64](repeating: 0, count: format.wordCount)
            current[0] = 1   // nothing read, nothing produced
            next = current
        }

        /// No position is reachable: nothing more can match.
        var isDead: Bool {
            for w in 0..<format.wordCount where current[w] != 0 { return false }
            return true
        }

        /// At the end of the resource: some way through produces the whole format.
        var accepts: Bool {
            var final = current
            Self.letVariablesEnd(&final, format)
            let end = format.tokens.count
            return final[end / 64] & (1 << UInt64(end % 64)) != 0
        }

        /// The policy's `*` (or a policy variable) produces any run of the format: every
        /// position from the first reachable one on becomes reachable.
        mutating func readAnyRun() {
            guard let word = (0..<format.wordCount).first(where: { current[$0] != 0 }) else { return }
            current[word] |= ~0 << UInt64(current[word].trailingZeroBitCount)
            for w in (word + 1)..<format.wordCount { current[w] = ~0 }
            for w in 0..<format.wordCount { current[w] &= format.all[w] }
        }

        /// The policy's `?`: one character, whichever a character or variable of the format wants.
        mutating func readAnyOne() {
            step(characters: format.characters, at: 0, holding: format.variables, at: 0)
        }

        /// One character of the policy's resource.
        mutating func read(_ c: Unicode.Scalar) {
            if c.isASCII {
                let offset = Int(c.value) * format.wordCount
                step(characters: format.asciiCharacterPositions, at: offset,
                     holding: format.asciiHoldingVariables, at: offset)
            } else if let positions = format.otherCharacterPositions[c] {
                step(characters: positions, at: 0, holding: format.variables, at: 0)
            } else {
                step(characters: format.none, at: 0, holding: format.variables, at: 0)
            }
        }

        /// From position j: a variable that can hold the character absorbs it (stays at j);
        /// a character token equal to it moves to j + 1. Variables may first end (j to j + 1).
        private mutating func step(characters: [UInt64], at characterOffset: Int,
                                   holding: [UInt64], at holdingOffset: Int) {
            Self.letVariablesEnd(&current, format)
            var carry: UInt64 = 0
            for w in 0..<format.wordCount {
                let moving = current[w] & characters[characterOffset + w]
                next[w] = (current[w] & holding[holdingOffset + w]) | (moving << 1) | carry
                carry = moving >> 63
            }
            swap(&current, &next)
        }

        /// A variable may produce nothing: from its position the next is reachable too, and
        /// through a run of variables as far as the run goes.
        private static func letVariablesEnd(_ set: inout [UInt64], _ format: FormatPositions) {
            for _ in 0..<format.longestVariableRun {
                var carry: UInt64 = 0
                for w in 0..<format.wordCount {
                    let ending = set[w] & format.variables[w]
                    set[w] |= (ending << 1) | carry
                    carry = ending >> 63
                }
            }
        }
    }
}
