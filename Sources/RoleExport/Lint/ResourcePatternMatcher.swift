/// Decides whether a policy's Resource value can name a resource of a type whose ARN format
/// the action database gives, e.g. `arn:aws:sagemaker:*:*:training-job/*` against
/// `arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}`.
///
/// Both sides have wildcards, so this asks whether some ARN fits both. The policy's `*` and
/// policy variables (`${aws:username}`) match any run of characters and `?` one character.
/// A database variable matches any run without `:`; a variable that ends the format right
/// after a `/` (object keys, names with paths) may also hold `:`; bucket names hold neither
/// `:` nor `/` (so `arn:aws:s3:::b:*` and `b/*` are not buckets; parliament#167).
///
/// The format is short (at most a few hundred characters, from the database), the resource
/// can be anything a file holds. So the format becomes a small automaton over its positions,
/// and the resource is read once, left to right, carrying the set of format positions that
/// the part read so far can end at (one bit each): time linear in the resource's length,
/// memory in the format's, and no recursion, whatever the input.
enum ResourcePatternMatcher {
    static func matches(resource: String, format: String) -> Bool {
        var run = FormatPositions.Run(FormatPositions(format))
        var scalars = resource.unicodeScalars[...]
        // Where a search for a closing `}` found none: no later `${` can close either, so a
        // resource of many unclosed `${` is not searched again and again.
        var unclosedFrom: String.UnicodeScalarView.Index?
        while let first = scalars.first {
            if first == "$", scalars.dropFirst().first == "{" {
                let afterBrace = scalars.index(scalars.startIndex, offsetBy: 2)
                if unclosedFrom.map({ afterBrace < $0 }) ?? true, let close = scalars[afterBrace...].firstIndex(of: "}") {
                    run.readAnyRun()
                    scalars = scalars[scalars.index(after: close)...]
                    if run.isDead { return false }
                    continue
                }
                unclosedFrom = afterBrace
            }
            switch first {
            case "*": run.readAnyRun()
            case "?": run.readAnyOne()
            default: run.read(first)
            }
            scalars = scalars.dropFirst()
            if run.isDead { return false }
        }
        return run.accepts
    }
}

/// An ARN format's tokens (characters and `${Name}` variables) as bit masks over the
/// positions 0…count between them: position `j` means "the format's first `j` tokens are
/// produced".
struct FormatPositions {
    enum Token: Equatable {
        case char(Unicode.Scalar)
        case variable(excluding: Set<Unicode.Scalar>)
    }

    let tokens: [Token]
    /// 64 positions per word.
    let wordCount: Int
    /// Positions whose token is a variable.
    let variables: [UInt64]
    /// Positions whose token is a character (any).
    let characters: [UInt64]
    /// Per character: the positions whose token is that character.
    let characterPositions: [Unicode.Scalar: [UInt64]]
    /// Per character some variable cannot hold (`:`, `/`): the variable positions that can.
    /// Any other character every variable holds.
    let variablesHolding: [Unicode.Scalar: [UInt64]]
    /// Every position 0…count.
    let all: [UInt64]

    init(_ format: String) {
        tokens = Self.tokens(format)
        let positions = tokens.count + 1
        wordCount = (positions + 63) / 64
        let empty = [UInt64](repeating: 0, count: wordCount)
        var variables = empty, characters = empty, all = empty
        var characterPositions: [Unicode.Scalar: [UInt64]] = [:]
        var excluded: [Unicode.Scalar: [UInt64]] = [:]
        func set(_ mask: inout [UInt64], _ position: Int) { mask[position / 64] |= 1 << UInt64(position % 64) }
        for position in 0..<positions { set(&all, position) }
        for (position, token) in tokens.enumerated() {
            switch token {
            case .char(let c):
                set(&characters, position)
                set(&characterPositions[c, default: empty], position)
            case .variable(let excluding):
                set(&variables, position)
                for c in excluding { set(&excluded[c, default: empty], position) }
            }
        }
        self.variables = variables
        self.characters = characters
        self.characterPositions = characterPositions
        self.variablesHolding = excluded.mapValues { mask in zip(variables, mask).map { $0 & ~$1 } }
        self.all = all
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

    /// The policy's resource read one token at a time: the format positions the part read so
    /// far can end at.
    struct Run {
        let format: FormatPositions
        private var current: [UInt64]
        private var next: [UInt64]

        init(_ format: FormatPositions) {
            self.format = format
            current = [UInt64](repeating: 0, count: format.wordCount)
            current[0] = 1
            next = current
        }

        /// No position is reachable: nothing more can match.
        var isDead: Bool { current.allSatisfy { $0 == 0 } }

        /// At the end of the resource: some way through produces the whole format.
        var accepts: Bool {
            var final = current
            Self.closeOverVariables(&final, format)
            let end = format.tokens.count
            return final[end / 64] & (1 << UInt64(end % 64)) != 0
        }

        /// The policy's `*` (or a policy variable): it produces any run of the format, so
        /// every position from the first reachable one on is reachable.
        mutating func readAnyRun() {
            guard let word = current.firstIndex(where: { $0 != 0 }) else { return }
            let lowest = current[word].trailingZeroBitCount
            current[word] |= ~0 << UInt64(lowest)
            for w in (word + 1)..<format.wordCount { current[w] = ~0 }
            for w in 0..<format.wordCount { current[w] &= format.all[w] }
        }

        /// The policy's `?`: one character, whichever the format's character or variable wants.
        mutating func readAnyOne() {
            step(characters: format.characters, variablesHolding: format.variables)
        }

        /// One character of the policy's resource.
        mutating func read(_ c: Unicode.Scalar) {
            step(characters: format.characterPositions[c] ?? [], variablesHolding: format.variablesHolding[c] ?? format.variables)
        }

        /// A variable may end here (position j to j + 1) or absorb the character (stay at j);
        /// a matching character moves j to j + 1.
        private mutating func step(characters matching: [UInt64], variablesHolding holding: [UInt64]) {
            Self.closeOverVariables(&current, format)
            var carry: UInt64 = 0
            for w in 0..<format.wordCount {
                let moving = w < matching.count ? current[w] & matching[w] : 0
                next[w] = (current[w] & holding[w]) | (moving << 1) | carry
                carry = moving >> 63
            }
            swap(&current, &next)
        }

        /// A variable can produce nothing: from its position, the next one is reachable too.
        private static func closeOverVariables(_ set: inout [UInt64], _ format: FormatPositions) {
            var changed = true
            while changed {
                changed = false
                var carry: UInt64 = 0
                for w in 0..<format.wordCount {
                    let ending = set[w] & format.variables[w]
                    let grown = set[w] | (ending << 1) | carry
                    carry = ending >> 63
                    if grown != set[w] { set[w] = grown; changed = true }
                }
            }
        }
    }
}
