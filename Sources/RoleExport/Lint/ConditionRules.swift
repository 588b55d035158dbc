/// Conditions that do not do what they read as: ARN comparisons with values that are not ARNs,
/// gates that a request passes by leaving the key out, set operators on single-valued keys
/// and wildcards where they are literal text.
enum ConditionRules {
    /// Words in a key's name that make it a network or encryption gate (sagemaker:VpcSubnets,
    /// sagemaker:VolumeKmsKey, lambda:SecurityGroupIds, aws:SourceVpc, …).
    static let gateKeyWords = ["vpc", "subnet", "securitygroup", "kmskey", "kmsmasterkey", "encryptionkey"]

    /// Operators that compare text exactly, where `*` and `?` are plain characters.
    static let exactStringOperators: Set<String> = [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    ]

    static func isGateKey(_ key: String) -> Bool {
        let name = key.lowercased().split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
        return gateKeyWords.contains { name.contains($0) }
    }

    /// A value an ARN operator can compare: an ARN, a policy variable standing for one, or `*`.
    static func looksLikeARN(_ value: String) -> Bool {
        value.hasPrefix("arn:") || value.hasPrefix("${") || value == "*"
    }

    /// IAM's date values: ISO 8601 (`2026-12-31`, `2026-12-31T23:59:59Z`) or epoch seconds, or
    /// a policy variable (`${aws:TokenIssueTime}`).
    static func looksLikeDate(_ value: String) -> Bool {
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        if digits(Substring(value)) || value.hasPrefix("${") { return true }
        let parts = value.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy(digits) && (value.count == 10 || value.dropFirst(10).first == "T")
    }

    /// ARN operators with values that are not ARNs, and string operators comparing an ARN key
    /// with something that is not one (a bare KMS key id under sagemaker:VolumeKmsKey).
    static func arnValueFindings(_ clause: ConditionClause, _ op: ConditionOperator, keyIsARN: Bool)
        -> [(String, LintFinding.Severity, String, String)] {
        let notARNs = clause.values.filter { !looksLikeARN($0) }
        guard !notARNs.isEmpty else { return [] }
        let one = notARNs.count == 1
        let shown = PolicyLinter.listed(notARNs.map { "\"\($0)\"" }, limit: 3)
        if op.category == .arn {
            return [("MISMATCHED_TYPE", .medium,
                     "\(op.text) on \(clause.key) compares with \(shown), which "
                        + "\(one ? "is not an ARN" : "are not ARNs"); "
                        + "an ARN operator never matches \(one ? "it" : "them").",
                     "Write the full ARN (for a KMS key: arn:aws:kms:REGION:ACCOUNT:key/KEY-ID).")]
        }
        if op.category == .string && keyIsARN && !op.negated {
            return [("MISMATCHED_TYPE", .medium,
                     "\(clause.key) holds an ARN, but \(op.text) compares it with \(shown); the request's ARN "
                        + "never equals \(one ? "that" : "those").",
                     "Use ArnEquals or ArnLike with the full ARN "
                        + "(for a KMS key: arn:aws:kms:REGION:ACCOUNT:key/KEY-ID).")]
        }
        return []
    }

    /// A gate in an Allow statement that a request passes without the key: `…IfExists` or
    /// ForAllValues, with no Null = false and no plain operator on the same key beside it.
    static func gateBypass(_ clause: ConditionClause, _ op: ConditionOperator, in statement: IAMStatement) -> Bool {
        guard statement.effect == .allow, !op.negated, op.ifExists || op.qualifier == .forAllValues,
              isGateKey(clause.key) else { return false }
        return !requiresPresence(of: clause.key, in: statement)
    }

    /// Whether some condition of the statement fails when the key is absent.
    static func requiresPresence(of key: String, in statement: IAMStatement) -> Bool {
        let lower = key.lowercased()
        return statement.conditions.contains { other in
            guard let op = other.op, other.key.lowercased() == lower else { return false }
            if op.category == .null { return other.values == ["false"] }
            return !op.ifExists && !op.negated && op.qualifier != .forAllValues
        }
    }

    /// ForAllValues / ForAnyValue on a key that holds one value: (severity, what happens).
    static func singleValuedSetOperator(_ op: ConditionOperator, effect: IAMStatement.Effect)
        -> (LintFinding.Severity, String)? {
        switch (op.qualifier, effect) {
        case (.forAllValues?, .allow):
            return (.medium, "ForAllValues holds when the key is absent, so requests without it are allowed")
        case (.forAnyValue?, .deny):
            return (.medium, "ForAnyValue does not hold when the key is absent, so requests without it escape the Deny")
        case (.forAllValues?, .deny), (.forAnyValue?, .allow):
            return (.low, "it works as the plain operator would, but reads as if the key held several values")
        default:
            return nil
        }
    }

    /// Values with `*` or `?` outside a policy variable (`${*}` is a literal asterisk).
    static func wildcardValues(_ clause: ConditionClause, _ op: ConditionOperator) -> [String] {
        guard exactStringOperators.contains(op.base) else { return [] }
        return clause.values.filter { value in
            var rest = Substring(value)
            while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
                if rest[..<open.lowerBound].contains(where: { $0 == "*" || $0 == "?" }) { return true }
                rest = rest[rest.index(after: close)...]
            }
            return rest.contains { $0 == "*" || $0 == "?" }
        }
    }
}
