/// Reads a JSON document as an IAM policy, checking the grammar IAM enforces: Version,
/// Statement, Effect, exactly one of Action/NotAction, at most one of Resource/NotResource,
/// value types, Sids and condition operators. Problems become lint findings; the policy is
/// returned as far as it could be read.
public enum PolicyReader {
    public static let knownVersions = ["2012-10-17", "2008-10-17"]
    static let statementKeys: Set<String> = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                                             "Resource", "NotResource", "Condition"]

    public static func read(_ root: JSONNode) -> (policy: IAMPolicy, findings: [LintFinding]) {
        var findings: [LintFinding] = []
        var policy = IAMPolicy(version: nil, statements: [])
        guard let members = root.members else {
            findings.append(LintFinding("MALFORMED", .high, "The document is \(root.typeName), not a policy object.",
                                        fix: "Write an object with \"Version\" and \"Statement\".", line: root.line))
            return (policy, findings)
        }
        findings += duplicateKeys(members, in: nil)
        for member in members where !["Version", "Statement", "Id"].contains(member.key) {
            findings.append(LintFinding("MALFORMED", .high, "Unknown policy element \"\(member.key)\".",
                                        fix: "Allowed at the top level: Version, Id, Statement (names are case-sensitive).", line: member.line))
        }
        if let version = root["Version"] {
            if case .string(let v) = version.value {
                policy.version = v
                if v == "2008-10-17" {
                    findings.append(LintFinding("OLD_VERSION", .low, "Version 2008-10-17 does not support policy variables.",
                                                fix: "Use \"Version\": \"2012-10-17\".", line: version.line))
                } else if !knownVersions.contains(v) {
                    findings.append(LintFinding("INVALID_VERSION", .high, "Version \"\(v)\" is not one IAM accepts.",
                                                fix: "Use \"Version\": \"2012-10-17\".", line: version.line))
                }
            } else {
                findings.append(LintFinding("INVALID_VERSION", .high, "Version is \(version.typeName), not a string.",
                                            fix: "Use \"Version\": \"2012-10-17\".", line: version.line))
            }
        } else {
            findings.append(LintFinding("NO_VERSION", .low, "The policy has no Version, so IAM reads it as 2008-10-17 (no policy variables).",
                                        fix: "Add \"Version\": \"2012-10-17\".", line: root.line))
        }
        guard let statementNode = root["Statement"] else {
            findings.append(LintFinding("MALFORMED", .high, "The policy has no Statement.",
                                        fix: "Add \"Statement\": [ … ] with at least one statement.", line: root.line))
            return (policy, findings)
        }
        let statementNodes: [JSONNode]
        switch statementNode.value {
        case .array(let items): statementNodes = items
        case .object: statementNodes = [statementNode]
        default:
            findings.append(LintFinding("MALFORMED", .high, "Statement is \(statementNode.typeName); it must be an object or a list of objects.",
                                        fix: "Write \"Statement\": [ { … } ].", line: statementNode.line))
            return (policy, findings)
        }
        if statementNodes.isEmpty {
            findings.append(LintFinding("MALFORMED", .high, "Statement is an empty list.", fix: "Add at least one statement.", line: statementNode.line))
        }
        var sids: [String: Int] = [:]
        for (i, node) in statementNodes.enumerated() {
            if let statement = readStatement(node, number: i + 1, findings: &findings) {
                if let sid = statement.sid {
                    if let first = sids[sid] {
                        findings.append(LintFinding("DUPLICATE_SID", .high, "Sid \"\(sid)\" is also used by statement \(first); IAM requires unique Sids.",
                                                    fix: "Give each statement its own Sid.", statement: statement.label, line: statement.line))
                    } else {
                        sids[sid] = statement.number
                    }
                }
                policy.statements.append(statement)
            }
        }
        return (policy, findings)
    }

    private static func readStatement(_ node: JSONNode, number: Int, findings: inout [LintFinding]) -> IAMStatement? {
        let label = "statement \(number)"
        guard let members = node.members else {
            findings.append(LintFinding("MALFORMED", .high, "Statement \(number) is \(node.typeName), not an object.",
                                        fix: "Each statement is an object with Effect, Action and Resource.", statement: label, line: node.line))
            return nil
        }
        findings += duplicateKeys(members, in: label)
        var statement = IAMStatement(number: number, sid: nil, line: node.line, effect: .allow, actions: [], actionsNegated: false,
                                     resources: [], resourcesNegated: false, hasResourceElement: false,
                                     hasPrincipal: node["Principal"] != nil || node["NotPrincipal"] != nil,
                                     column: node.column, conditions: [])
        func problem(_ message: String, _ fix: String, line: Int? = nil) {
            findings.append(LintFinding("MALFORMED", .high, message, fix: fix, statement: statement.label, line: line ?? node.line))
        }
        if let sidNode = node["Sid"] {
            if case .string(let sid) = sidNode.value {
                statement.sid = sid
                // Byte ranges, not Unicode properties: a 10 MB Sid is checked in milliseconds.
                let letterOrDigit: (UInt8) -> Bool = {
                    (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0)
                }
                if !sid.utf8.allSatisfy(letterOrDigit) {
                    findings.append(LintFinding("INVALID_SID", .medium, "Sid \"\(sid)\" has characters other than A-Z, a-z and 0-9, which IAM rejects in identity policies.",
                                                fix: "Use only letters and digits in the Sid.", statement: statement.label, line: sidNode.line))
                }
            } else {
                problem("Sid is \(sidNode.typeName), not a string.", "Write the Sid as a string of letters and digits.", line: sidNode.line)
            }
        }
        for member in members where !statementKeys.contains(member.key) {
            problem("Unknown statement element \"\(member.key)\".",
                    "Allowed: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition (case-sensitive).", line: member.line)
        }
        switch node["Effect"]?.value {
        case .string("Allow"): statement.effect = .allow
        case .string("Deny"): statement.effect = .deny
        case nil: problem("The statement has no Effect.", "Add \"Effect\": \"Allow\" or \"Deny\".")
        default: problem("Effect must be \"Allow\" or \"Deny\" (case-sensitive).", "Write \"Effect\": \"Allow\" or \"Deny\".", line: node["Effect"]?.line)
        }
        switch (node["Action"], node["NotAction"]) {
        case (let a?, nil): statement.actions = strings(a, element: "Action", label: statement.label, findings: &findings)
        case (nil, let n?): statement.actions = strings(n, element: "NotAction", label: statement.label, findings: &findings); statement.actionsNegated = true
        case (nil, nil): problem("The statement has neither Action nor NotAction.", "Add \"Action\": [ … ].")
        case (_?, _?): problem("The statement has both Action and NotAction.", "Keep one of them.")
        }
        switch (node["Resource"], node["NotResource"]) {
        case (let r?, nil):
            statement.resources = strings(r, element: "Resource", label: statement.label, findings: &findings); statement.hasResourceElement = true
        case (nil, let n?):
            statement.resources = strings(n, element: "NotResource", label: statement.label, findings: &findings)
            statement.resourcesNegated = true; statement.hasResourceElement = true
        case (nil, nil):
            if !statement.hasPrincipal {
                problem("The statement has neither Resource nor NotResource, which identity policies need.", "Add \"Resource\": [ … ] (\"*\" only where the action allows nothing narrower).")
            }
        case (_?, _?): problem("The statement has both Resource and NotResource.", "Keep one of them.")
        }
        switch (node["Principal"], node["NotPrincipal"]) {
        case (let p?, nil): statement.principal = readPrincipal(p, negated: false, label: statement.label, findings: &findings)
        case (nil, let n?): statement.principal = readPrincipal(n, negated: true, label: statement.label, findings: &findings)
        case (_?, _?): problem("The statement has both Principal and NotPrincipal.", "Keep one of them.")
        case (nil, nil): break
        }
        if let condition = node["Condition"] {
            statement.conditions = readConditions(condition, label: statement.label, findings: &findings)
        }
        return statement
    }

    static let principalTypes = ["AWS", "Service", "Federated", "CanonicalUser"]

    /// `"*"`, or an object of principal types, each a string or a list of strings.
    private static func readPrincipal(_ node: JSONNode, negated: Bool, label: String,
                                      findings: inout [LintFinding]) -> PrincipalElement {
        let element = negated ? "NotPrincipal" : "Principal"
        var principal = PrincipalElement(negated: negated, anyone: false, entries: [])
        if case .string(let s) = node.value {
            if s == "*" {
                principal.anyone = true
            } else {
                findings.append(LintFinding("MALFORMED", .high, "\(element) is the string \"\(s)\"; only \"*\" may be written bare.",
                                            fix: "Write \"\(element)\": {\"AWS\": \"\(s)\"} (or Service, Federated).",
                                            statement: label, line: node.line))
            }
            return principal
        }
        guard let members = node.members else {
            findings.append(LintFinding("MALFORMED", .high, "\(element) is \(node.typeName); it must be \"*\" or an object.",
                                        fix: "Write \"\(element)\": {\"Service\": \"sagemaker.amazonaws.com\"} or similar.",
                                        statement: label, line: node.line))
            return principal
        }
        findings += duplicateKeys(members, in: label)
        for member in members {
            guard principalTypes.contains(member.key) else {
                findings.append(LintFinding("MALFORMED", .high, "\"\(member.key)\" is not a principal type.",
                                            fix: "Use AWS, Service, Federated or CanonicalUser (case-sensitive).",
                                            statement: label, line: member.line))
                continue
            }
            for value in strings(member.value, element: "\(element) \(member.key)", label: label, findings: &findings) {
                if value == "*" && member.key == "AWS" { principal.anyone = true }
                principal.entries.append(PrincipalElement.Entry(type: member.key, value: value))
            }
        }
        return principal
    }

    private static func readConditions(_ node: JSONNode, label: String, findings: inout [LintFinding]) -> [ConditionClause] {
        guard let blocks = node.members else {
            findings.append(LintFinding("MALFORMED", .high, "Condition is \(node.typeName), not an object.",
                                        fix: "Write \"Condition\": {\"Operator\": {\"key\": \"value\"}}.", statement: label, line: node.line))
            return []
        }
        findings += duplicateKeys(blocks, in: label)
        var clauses: [ConditionClause] = []
        for block in blocks {
            let op = ConditionOperator(block.key)
            if op == nil {
                findings.append(LintFinding("UNKNOWN_OPERATOR", .high, "\"\(block.key)\" is not a condition operator IAM knows; IAM rejects the policy.",
                                            fix: "Use an operator such as StringEquals, StringLike, ArnLike, Bool, Null, NumericLessThan (case-sensitive), with optional ForAllValues:/ForAnyValue: and IfExists.",
                                            statement: label, line: block.line))
            }
            guard let keys = block.value.members else {
                findings.append(LintFinding("MALFORMED", .high, "The \(block.key) block is \(block.value.typeName), not an object of condition keys.",
                                            fix: "Write \"\(block.key)\": {\"key\": \"value\"}.", statement: label, line: block.line))
                continue
            }
            findings += duplicateKeys(keys, in: label)
            for key in keys {
                var values: [String] = []
                let items: [JSONNode]
                if case .array(let list) = key.value.value { items = list } else { items = [key.value] }
                for item in items {
                    switch item.value {
                    case .string(let s), .number(let s): values.append(s)
                    case .bool(let b): values.append(b ? "true" : "false")
                    default:
                        findings.append(LintFinding("MALFORMED", .high, "The value of \(key.key) under \(block.key) is \(item.typeName); condition values are strings, numbers or booleans.",
                                                    fix: "Write the value as a string, or a list of strings.", statement: label, line: item.line))
                    }
                }
                if items.isEmpty {
                    findings.append(LintFinding("MALFORMED", .high, "\(key.key) under \(block.key) has an empty list of values.",
                                                fix: "Give at least one value.", statement: label, line: key.line))
                }
                clauses.append(ConditionClause(operatorText: block.key, op: op, key: key.key, values: values,
                                               line: key.line, column: key.column))
            }
        }
        return clauses
    }

    private static func strings(_ node: JSONNode, element: String, label: String, findings: inout [LintFinding]) -> [String] {
        func bad(_ n: JSONNode) {
            findings.append(LintFinding("MALFORMED", .high, "\(element) holds \(n.typeName); it must be a string or a list of strings.",
                                        fix: "Write \"\(element)\": [\"…\"].", statement: label, line: n.line))
        }
        switch node.value {
        case .string(let s): return [s]
        case .array(let items):
            if items.isEmpty {
                findings.append(LintFinding("MALFORMED", .high, "\(element) is an empty list.", fix: "List at least one value, or remove the statement.",
                                            statement: label, line: node.line))
            }
            return items.compactMap { item in
                if case .string(let s) = item.value { return s }
                bad(item)
                return nil
            }
        default:
            bad(node)
            return []
        }
    }

    private static func duplicateKeys(_ members: [JSONNode.Member], in label: String?) -> [LintFinding] {
        var seen: Set<String> = []
        var findings: [LintFinding] = []
        for member in members where !seen.insert(member.key).inserted {
            findings.append(LintFinding("DUPLICATE_KEY", .high, "\"\(member.key)\" appears more than once in the same object; readers disagree on which one counts.",
                                        fix: "Merge the values under one \"\(member.key)\".", statement: label, line: member.line))
        }
        return findings
    }
}
