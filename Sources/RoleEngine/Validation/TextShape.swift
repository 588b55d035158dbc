/// The shapes of IAM names, ids and ARNs, checked character by character.
///
/// These were regular expressions; compiling them took about a millisecond of every
/// `generate` run, a tenth of its time. Each function states the pattern it checks.
enum TextShape {
    static func all<S: StringProtocol>(_ text: S, _ allowed: (UInt8) -> Bool) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(allowed)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    static func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLower(c) || isUpper(c) }
    static func isLowerHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) }
    static func isOneOf(_ c: UInt8, _ set: String) -> Bool { set.utf8.contains(c) }

    /// `[A-Za-z0-9_+=,.@-]`
    static func isRoleNameCharacter(_ c: UInt8) -> Bool { isAlnum(c) || isOneOf(c, "_+=,.@-") }

    /// `[A-Za-z0-9.,+@=_-]`
    static func isPolicyPathCharacter(_ c: UInt8) -> Bool { isAlnum(c) || isOneOf(c, ".,+@=_-") }

    /// `^(/|/[\x21-\x7E]+/)$`
    static func isRolePath(_ path: String) -> Bool {
        path == "/" || (path.count >= 3 && path.hasPrefix("/") && path.hasSuffix("/") && path.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E })
    }

    /// `^(/[A-Za-z0-9.,+@=_-]+)*/$`
    static func isPolicyPath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.hasSuffix("/") else { return false }
        if path == "/" { return true }
        return path.dropFirst().dropLast().split(separator: "/", omittingEmptySubsequences: false).allSatisfy { all($0, isPolicyPathCharacter) }
    }

    /// `^[0-9]{12}$`
    static func isAccount<S: StringProtocol>(_ id: S) -> Bool { id.utf8.count == 12 && all(id, isDigit) }

    /// `^[a-z]{2}(-[a-z]+){1,2}-[0-9]{1,2}$`
    static func isRegion<S: StringProtocol>(_ name: S) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4, let first = parts.first, let last = parts.last else { return false }
        return first.utf8.count == 2 && all(first, isLower)
            && parts.dropFirst().dropLast().allSatisfy { all($0, isLower) }
            && (1...2).contains(last.utf8.count) && all(last, isDigit)
    }

    /// `^<prefix>([0-9a-f]{8}|[0-9a-f]{17})$`
    static func isResourceId(_ id: String, prefix: String) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let hex = id.dropFirst(prefix.count)
        return (hex.utf8.count == 8 || hex.utf8.count == 17) && all(hex, isLowerHex)
    }

    /// `^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`
    static func isTagText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if scalar.isASCII { return isAlnum(UInt8(scalar.value)) || isOneOf(UInt8(scalar.value), " _.:/=+-@") }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    /// `^[a-z0-9][a-z0-9.-]*[a-z0-9]$`
    static func isBucketName(_ name: String) -> Bool {
        guard let first = name.utf8.first, let last = name.utf8.last, name.utf8.count >= 2 else { return false }
        let edge = { (c: UInt8) in isLower(c) || isDigit(c) }
        return edge(first) && edge(last) && name.utf8.allSatisfy { edge($0) || $0 == 46 || $0 == 45 }
    }

    /// `^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$`
    static func looksLikeIPv4(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { all($0, isDigit) }
    }

    /// `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`
    static func isKeyId<S: StringProtocol>(_ id: S) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.utf8.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { all($0, isLowerHex) }
    }

    /// `^[A-Za-z0-9._-]{1,128}$`
    static func isAthenaWorkgroup(_ name: String) -> Bool {
        name.utf8.count <= 128 && all(name) { isAlnum($0) || isOneOf($0, "._-") }
    }

    /// `^[a-z0-9_][a-z0-9_-]{0,254}$`
    static func isGlueDatabase(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 255 else { return false }
        return (isLower(first) || isDigit(first) || first == 95) && name.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == 95 || $0 == 45 }
    }

    /// `^[A-Za-z0-9][A-Za-z0-9-]{35}$`
    static func isKendraIndexId(_ id: String) -> Bool {
        guard let first = id.utf8.first, id.utf8.count == 36 else { return false }
        return isAlnum(first) && id.utf8.allSatisfy { isAlnum($0) || $0 == 45 }
    }

    // MARK: ARNs

    /// `aws(-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?`
    static func isPartition<S: StringProtocol>(_ text: S) -> Bool {
        if ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-eusc"].contains(String(text)) { return true }
        return text.hasPrefix("aws-iso-") && text.utf8.count == 9 && isLower(Array(text.utf8)[8])
    }

    /// The six fields of an ARN, the last holding the rest (it may contain `:`).
    static func arnFields(_ arn: String) -> [Substring]? {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return fields.count == 6 && fields[0] == "arn" && isPartition(fields[1]) ? fields : nil
    }

    /// `^arn:P:iam::[0-9]{12}:role/(?:[\x21-\x7E]*/)?[A-Za-z0-9_+=,.@-]{1,64}$`
    static func isRoleArn(_ arn: String) -> Bool {
        guard let f = arnFields(arn), f[2] == "iam", f[3].isEmpty, isAccount(f[4]), f[5].hasPrefix("role/") else { return false }
        let rest = f[5].dropFirst(5)
        let name = rest.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        let path = rest.dropLast(name.utf8.count)
        return name.utf8.count <= 64 && all(name, isRoleNameCharacter) && path.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// `^arn:P:iam::(aws|[0-9]{12}):policy/([A-Za-z0-9.,+@=_-]+/)*[A-Za-z0-9_+=,.@-]{1,128}$`
    static func isPolicyArn(_ arn: String) -> Bool {
        guard let f = arnFields(arn), f[2] == "iam", f[3].isEmpty, f[4] == "aws" || isAccount(f[4]),
              f[5].hasPrefix("policy/") else { return false }
        let parts = f[5].dropFirst(7).split(separator: "/", omittingEmptySubsequences: false)
        guard let name = parts.last, name.utf8.count <= 128, all(name, isRoleNameCharacter) else { return false }
        return parts.dropLast().allSatisfy { all($0, isPolicyPathCharacter) }
    }

    /// `^arn:P:kms:<region>:[0-9]{12}:key/(<uuid>|mrk-[0-9a-f]{32})$`
    static func isKMSKeyArn(_ arn: String) -> Bool {
        guard let f = arnFields(arn), f[2] == "kms", isRegion(f[3]), isAccount(f[4]), f[5].hasPrefix("key/") else { return false }
        let id = f[5].dropFirst(4)
        if id.hasPrefix("mrk-") { return id.utf8.count == 36 && all(id.dropFirst(4), isLowerHex) }
        return isKeyId(id)
    }

    /// `^arn:P:ecr:<region>:[0-9]{12}:repository/((c/)*c)$` where a component `c` is
    /// `[a-z0-9]+([._-][a-z0-9]+)*`.
    static func isECRRepositoryArn(_ arn: String) -> Bool {
        guard let f = arnFields(arn), f[2] == "ecr", isRegion(f[3]), isAccount(f[4]), f[5].hasPrefix("repository/") else { return false }
        return f[5].dropFirst(11).split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            let runs = component.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "_" || $0 == "-" }
            return runs.allSatisfy { all($0) { isLower($0) || isDigit($0) } }
        }
    }
}
