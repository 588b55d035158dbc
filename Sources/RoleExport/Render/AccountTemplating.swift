import RoleEngine

/// Splits strings of a plan into literal text and the account-specific parts a deployment
/// tool can fill in itself (partition, region, account id), so that a CloudFormation
/// template, a StackSet or a Terraform module works in any account, not only the one it was
/// planned for.
///
/// The plan's account id is replaced wherever it stands (an ARN's account field, a bucket
/// name such as `sagemaker-us-east-1-111122223333`, a condition value); its region in an
/// ARN's region field, alone, and beside the account id in a name (the default bucket, the
/// Athena results bucket): a region in any other name may be part of what someone chose to
/// call it. Another account's ARN (a cross-account PassRole, AWS-managed policies' `aws`
/// account) keeps its region and account as written: it names that account's resource.
struct AccountTemplating {
    enum Part: Equatable {
        case literal(String)
        case partition
        case region
        case account
    }

    let partition: String
    let region: String?
    let account: String?

    init(plan: RolePlan) {
        partition = plan.partition
        region = plan.region
        account = plan.account
    }

    init(partition: String, region: String?, account: String?) {
        self.partition = partition
        self.region = region
        self.account = account
    }

    /// The string as parts; a single `.literal` when nothing account-specific is in it.
    func parts(of value: String) -> [Part] {
        if let account, value == account { return [.account] }
        if let region, value == region { return [.region] }
        guard value.hasPrefix("arn:") else { return merged(name(value)) }
        let fields = Self.fields(of: value)
        guard fields.count == 6 else { return merged(name(value)) }
        var parts: [Part] = [.literal("arn:")]
        parts.append(fields[1] == partition ? .partition : .literal(fields[1]))
        parts.append(.literal(":" + fields[2] + ":"))
        let foreign = !fields[4].isEmpty && fields[4] != account
        if !foreign, let region, fields[3] == region {
            parts.append(.region)
        } else {
            parts.append(.literal(fields[3]))
        }
        parts.append(.literal(":"))
        if let account, fields[4] == account { parts.append(.account) } else { parts.append(.literal(fields[4])) }
        parts.append(.literal(":"))
        parts += foreign ? [.literal(fields[5])] : name(fields[5])
        return merged(parts)
    }

    /// A name or an ARN's resource part: the account id wherever it stands as a whole number,
    /// and the region only where the account id is there too.
    private func name(_ text: String) -> [Part] {
        guard let account, !text.isEmpty else { return [.literal(text)] }
        var found = occurrences(of: account, in: text, isWhole: Self.isWholeNumber)
        guard !found.isEmpty else { return [.literal(text)] }
        if let region { found += occurrences(of: region, in: text, isWhole: Self.isWholeWord).map { ($0.0, .region) } }
        found.sort { $0.0.lowerBound < $1.0.lowerBound }
        var parts: [Part] = []
        var rest = text.startIndex
        for (range, part) in found where range.lowerBound >= rest {
            parts.append(.literal(String(text[rest..<range.lowerBound])))
            parts.append(part)
            rest = range.upperBound
        }
        parts.append(.literal(String(text[rest...])))
        return parts.filter { $0 != .literal("") }
    }

    /// The six fields of an ARN (fewer when there are fewer colons), split as `String.split` splits characters.
    /// Plain ASCII text (no carriage return, which joins a following line feed into one character) is split by
    /// bytes: every renderer asks for every string of every policy, and the character-wise split was most of
    /// their time.
    static func fields(of value: String) -> [String] {
        guard isPlainASCII(value) else {
            return value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        }
        var fields: [String] = []
        let utf8 = value.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex, fields.count < 5 {
            if utf8[index] == UInt8(ascii: ":") {
                fields.append(String(value[start..<index]))
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        fields.append(String(value[start...]))
        return fields
    }

    /// ASCII without a carriage return: each byte is a character, so byte offsets and character offsets agree.
    static func isPlainASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
    }

    private func occurrences(of needle: String, in text: String, isWhole: (String, Range<String.Index>) -> Bool)
        -> [(Range<String.Index>, Part)]
    {
        var found: [(Range<String.Index>, Part)] = []
        var from = text.startIndex
        let bytewise = Self.isPlainASCII(text) && Self.isPlainASCII(needle)
        while let range = bytewise ? Self.bytes(needle, in: text, from: from)
                                   : text.range(of: needle, range: from..<text.endIndex) {
            if isWhole(text, range) { found.append((range, .account)) }
            from = range.upperBound
        }
        return found
    }

    /// The first `needle` in `text` at or after `from`, compared byte for byte: for ASCII what Foundation's
    /// `range(of:)` finds, without its bridge through NSString.
    static func bytes(_ needle: String, in text: String, from: String.Index) -> Range<String.Index>? {
        var needle = needle, text = text
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: from)
        let found: Int? = needle.withUTF8 { pattern in
            text.withUTF8 { bytes in
                guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
                var start = offset
                while start <= bytes.count - pattern.count {
                    if bytes[start] == pattern[0],
                       UnsafeBufferPointer(rebasing: bytes[start..<start + pattern.count]).elementsEqual(pattern) {
                        return start
                    }
                    start += 1
                }
                return nil
            }
        }
        guard let found else { return nil }
        let lower = text.utf8.index(text.utf8.startIndex, offsetBy: found)
        return lower..<text.utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Not part of a longer run of digits: `111122223333` in `…-111122223333-…`, not in `9111122223333`.
    static func isWholeNumber(_ text: String, _ range: Range<String.Index>) -> Bool {
        let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
        let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
        return !(before?.isNumber ?? false) && !(after?.isNumber ?? false)
    }

    /// Not part of a longer word: `us-east-1` in `sagemaker-us-east-1-…`, not in `us-east-10`.
    static func isWholeWord(_ text: String, _ range: Range<String.Index>) -> Bool {
        let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
        let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
        func isWordCharacter(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber } ?? false }
        return !isWordCharacter(before) && !isWordCharacter(after)
    }

    private func merged(_ parts: [Part]) -> [Part] {
        if parts.count < 2 { return parts }
        var out: [Part] = []
        for part in parts {
            if case .literal(let text) = part, case .literal(let previous)? = out.last {
                out[out.count - 1] = .literal(previous + text)
            } else {
                out.append(part)
            }
        }
        return out
    }
}
