import RoleEngine

/// `smrole lint`: checks any IAM policy document against IAM's grammar and quotas, the
/// action database (actions, resource formats, condition keys), and known risky patterns.
public struct PolicyLinter: Sendable {
    public let database: IAMActionDatabase
    /// The account the policies belong to, when known: its principals in a trust policy are
    /// not another account's.
    public let ownAccount: String?

    public init(database: IAMActionDatabase, ownAccount: String? = nil) {
        self.database = database
        self.ownAccount = ownAccount
    }

    /// SageMaker actions that take an IAM role and run code or give access with it
    /// (nccgroup/PMapper#47 and the SageMaker API): PassRole to them is a privilege path.
    static let roleTakingSageMakerActions: Set<String> = [
        "createtrainingjob", "createprocessingjob", "createhyperparametertuningjob", "createautomljob",
        "createautomljobv2", "createnotebookinstance", "createuserprofile", "updateuserprofile", "createdomain",
        "updatedomain", "createmodel", "createpipeline", "updatepipeline", "createcompilationjob",
        "createlabelingjob", "createflowdefinition", "createedgepackagingjob", "createoptimizationjob",
        "createcluster", "updatecluster", "createspace", "createdataqualityjobdefinition",
        "createmodelqualityjobdefinition", "createmodelbiasjobdefinition", "createmodelexplainabilityjobdefinition",
        "createmonitoringschedule", "createinferencecomponent",
    ]

    /// IAM actions that let a principal raise its own permissions when not scoped.
    static let iamEscalationActions: Set<String> = [
        "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:attachrolepolicy", "iam:attachuserpolicy",
        "iam:attachgrouppolicy", "iam:putrolepolicy", "iam:putuserpolicy", "iam:putgrouppolicy",
        "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile", "iam:updateassumerolepolicy",
        "iam:addusertogroup", "iam:deleterolepermissionsboundary", "iam:putrolepermissionsboundary",
    ]

    public func lint(text: String) -> [LintFinding] {
        let root: JSONNode
        do {
            root = try JSONNodeParser.parse(text)
        } catch where error.kind == .nestedTooDeep {
            let place = "line \(error.line), column \(error.column)"
            return [LintFinding("MALFORMED_JSON", .critical,
                                "Lists and objects nest more than \(JSONNodeParser.maximumDepth) levels deep at "
                                + "\(place); IAM policies nest 5 levels at most, and smrole reads no deeper.",
                                fix: "Remove the extra nesting at \(place).", line: error.line)]
        } catch {
            return [LintFinding("MALFORMED_JSON", .critical, "The file is not valid JSON: \(error.message).",
                                fix: "Fix the JSON syntax at line \(error.line), column \(error.column).", line: error.line)]
        }
        let (policy, grammar) = PolicyReader.read(root)
        var findings = grammar
        findings += sizeFindings(text: text, policy: policy)
        var granted: [(statement: IAMStatement, actions: [QualifiedAction])] = []
        let memo = LintMemo(database: database)
        for statement in policy.statements {
            let resolved = resolveActions(statement, memo: memo, findings: &findings)
            findings += resourceFindings(statement, resolved, memo: memo)
            findings += conditionFindings(statement, resolved)
            findings += wildcardFindings(statement, resolved, memo: memo)
            findings += TrustPolicyRules.findings(statement, ownAccount: ownAccount)
            findings += GrantRules.findings(statement, resolved)
            if statement.effect == .allow && !statement.actionsNegated { granted.append((statement, resolved)) }
        }
        findings += passRoleFindings(granted)
        return findings.sorted { ($0.line ?? 0, -$0.severity.rawValue) < ($1.line ?? 0, -$1.severity.rawValue) }
    }

    // MARK: Size

    /// Against the quota of the document's kind: a trust policy's or a managed policy's. A
    /// resource policy (a bucket or key policy, with principals and resources) has its own
    /// service's quota, which smrole does not know, so it is not measured.
    private func sizeFindings(text: String, policy: IAMPolicy) -> [LintFinding] {
        let isTrust = policy.isTrustPolicy
        if !isTrust && policy.statements.contains(where: \.hasPrincipal) { return [] }
        let size = PolicySize.measure(text)
        let limit = isTrust ? RoleBuilder.trustPolicyLimit : PolicyPacker.policySizeLimit
        let kind = isTrust ? "a role trust policy" : "a customer-managed policy"
        if size > limit {
            return [LintFinding("POLICY_TOO_LARGE", .high, "The policy is \(size) characters without whitespace; IAM allows \(limit) for \(kind).",
                                fix: "Split it into several policies, or merge statements that share resources and conditions.")]
        }
        if size * 10 > limit * 9 {
            return [LintFinding("POLICY_NEAR_LIMIT", .info, "The policy is \(size) of \(limit) characters allowed for \(kind).",
                                fix: "Leave headroom before adding statements.")]
        }
        return []
    }

    // MARK: Actions

    /// The actions a statement names, each once (an action listed twice is reported once).
    private func resolveActions(_ statement: IAMStatement, memo: LintMemo,
                                findings: inout [LintFinding]) -> [QualifiedAction] {
        var resolved: [QualifiedAction] = []
        var resolvedNames: Set<String> = []
        for action in LintMemo.unique(statement.actions) {
            if action == "*" { continue }
            guard let colon = action.firstIndex(of: ":"), colon != action.startIndex, action.index(after: colon) != action.endIndex else {
                findings.append(LintFinding("MALFORMED", .high, "\"\(action)\" is not an action: actions are written service:Action, e.g. sagemaker:CreateTrainingJob.",
                                            fix: "Write the service prefix, a colon, and the action name.", statement: statement.label, line: statement.line))
                continue
            }
            let prefix = String(action[..<colon])
            guard let service = database.service(prefix) else {
                findings.append(LintFinding("UNKNOWN_PREFIX", .medium, "No AWS service has the prefix \"\(prefix)\" (in \(action)).",
                                            fix: "Check the service prefix; IAM ignores actions it does not know, so this grants nothing.",
                                            statement: statement.label, line: statement.line))
                continue
            }
            let matches = memo.actions(matching: action)
            if matches.isEmpty {
                let near = nearest(to: String(action[action.index(after: colon)...]), in: service)
                findings.append(LintFinding("UNKNOWN_ACTION", .medium, "\(action) matches no \(service.name) action.",
                                            fix: near.map { "Did you mean \(service.prefix):\($0)?" } ?? "Check the action name against the Service Authorization Reference.",
                                            statement: statement.label, line: statement.line))
            }
            resolved += matches.filter { resolvedNames.insert($0.name).inserted }
        }
        return resolved
    }

    /// The action whose name is closest (case-insensitive edit distance ≤ 3), for "did you mean".
    private func nearest(to name: String, in service: ServiceDefinition) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (String, Int)?
        for action in service.actions {
            let candidate = Array(action.name.lowercased().unicodeScalars)
            if abs(candidate.count - target.count) > 3 { continue }
            let d = Self.editDistance(target, candidate)
            if d <= 3 && d < (best?.1 ?? Int.max) { best = (action.name, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: Resources

    private func resourceFindings(_ statement: IAMStatement, _ actions: [QualifiedAction],
                                  memo: LintMemo) -> [LintFinding] {
        guard statement.hasResourceElement, !statement.resourcesNegated else { return [] }
        var findings: [LintFinding] = []
        for resource in statement.resources where resource.contains("${") {
            // Policy variables name a condition key (`${aws:username}`); `${Account}`-style
            // template placeholders (policy_sentry#366) never resolve, so nothing matches.
            var rest = Substring(resource)
            while let open = rest.range(of: "${") {
                guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
                let name = rest[open.upperBound..<close]
                if !name.contains(":") && !["*", "?", "$"].contains(String(name)) {
                    findings.append(LintFinding("UNRESOLVED_PLACEHOLDER", .high, "\"${\(name)}\" in \(resource) is a template placeholder, not a policy variable; the resource matches nothing.",
                                                fix: "Replace it with the real value.", statement: statement.label, line: statement.line))
                    break
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        var arns: [String] = []
        for resource in statement.resources where resource != "*" {
            let fields = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if !resource.hasPrefix("arn:") || fields.count < 6 || fields[2].isEmpty {
                findings.append(LintFinding("INVALID_ARN", .medium, "\"\(resource)\" is not an ARN (arn:partition:service:region:account:resource) or \"*\".",
                                            fix: "Write the full ARN of the resource.", statement: statement.label, line: statement.line))
            } else {
                arns.append(resource)
            }
        }
        // Nothing readable to match (an object where a string belongs, only non-ARNs): the
        // findings above say so, and every action "mismatching" would repeat it.
        if statement.actionsNegated || statement.resources.contains("*") || arns.isEmpty { return findings }
        // Many actions share a format: whether a resource fits it is decided once.
        var fitsFormat: [String: Bool] = [:]
        func fits(_ qualified: QualifiedAction) -> (Bool, [String]) {
            let formats = qualified.action.resourceTypes.compactMap { qualified.service.resourceTypes[$0]?.arnPattern }
            return (formats.contains { format in
                if let known = fitsFormat[format] { return known }
                let positions = memo.positions(of: format)
                let result = arns.contains { ResourcePatternMatcher.matches(resource: $0, format: positions) }
                fitsFormat[format] = result
                return result
            }, formats)
        }
        // A named action must fit; a pattern (`s3:*`, `sagemaker:Describe*`) grants what fits
        // of what it names, so it is a mismatch only when nothing it names fits.
        var mismatched: [(String, [String])] = []
        var reported: Set<String> = []
        for pattern in LintMemo.unique(statement.actions) where pattern != "*" {
            let named = memo.actions(matching: pattern)
            if pattern.contains("*") || pattern.contains("?") {
                let verdicts = named.map(fits)
                if !verdicts.isEmpty && !verdicts.contains(where: \.0) {
                    mismatched.append((pattern, LintMemo.unique(verdicts.flatMap(\.1))))
                }
            } else if let action = named.first, reported.insert(action.name).inserted {
                let (fit, formats) = fits(action)
                if !fit { mismatched.append((action.name, formats)) }
            }
        }
        if !mismatched.isEmpty {
            let names = mismatched.map(\.0)
            let shown = Self.listed(names, limit: 6)
            let formats = Array(Set(mismatched.flatMap(\.1))).sorted()
            let fix = formats.isEmpty
                ? "These actions only support \"Resource\": \"*\"; move them to a statement of their own with \"*\"."
                : "Use resources of the form " + formats.prefix(4).joined(separator: " or ") + ", or move the actions to a statement whose resources fit."
            findings.append(LintFinding("RESOURCE_MISMATCH", .medium, "No resource of the statement fits \(shown), so the statement grants \(names.count == 1 ? "it" : "them") nothing.",
                                        fix: fix, statement: statement.label, line: statement.line))
        }
        return findings
    }

    // MARK: Wildcards

    private func wildcardFindings(_ statement: IAMStatement, _ actions: [QualifiedAction],
                                  memo: LintMemo) -> [LintFinding] {
        guard statement.effect == .allow else { return [] }
        var findings: [LintFinding] = []
        let resourceStar = statement.hasResourceElement && !statement.resourcesNegated && statement.resources.contains("*")
        if statement.actions.contains("*") && !statement.actionsNegated && (resourceStar || statement.resourcesNegated) {
            return [LintFinding("FULL_ADMIN", .critical, "The statement allows every action on every resource.",
                                fix: "List the actions the role needs and the resources it needs them on.", statement: statement.label, line: statement.line)]
        }
        if statement.actionsNegated {
            findings.append(LintFinding("ALLOW_NOT_ACTION", .high, "Allow with NotAction grants every action not listed, including actions AWS adds later.",
                                        fix: "Allow the actions needed with Action instead.", statement: statement.label, line: statement.line))
        }
        if statement.resourcesNegated {
            findings.append(LintFinding("ALLOW_NOT_RESOURCE", .medium, "Allow with NotResource grants the actions on every resource not listed.",
                                        fix: "List the resources with Resource instead.", statement: statement.label, line: statement.line))
        }
        for action in LintMemo.unique(statement.actions) where !statement.actionsNegated {
            if action == "*" {
                findings.append(LintFinding("WILDCARD_ACTION", .high, "Action \"*\" allows every action of every service.",
                                            fix: "List the actions the role needs.", statement: statement.label, line: statement.line))
            } else if action.hasSuffix(":*") {
                findings.append(LintFinding("WILDCARD_ACTION", .medium, "\(action) allows every action of the service, including ones AWS adds later.",
                                            fix: "List the actions needed, or a narrower pattern such as \(action.dropLast())Describe*.",
                                            statement: statement.label, line: statement.line))
            } else if action.contains("*") || action.contains("?") {
                let count = memo.actions(matching: action).count
                if count > 1 {
                    findings.append(LintFinding("WILDCARD_ACTION", .low, "\(action) expands to \(count) actions today and to any matching action AWS adds later.",
                                                fix: "List the actions if the set must not grow.", statement: statement.label, line: statement.line))
                }
            }
        }
        if resourceStar {
            let scopable = actions.filter { !$0.action.resourceTypes.isEmpty }.map(\.name)
            if !scopable.isEmpty {
                let shown = Self.listed(scopable, limit: 5)
                findings.append(LintFinding("RESOURCE_STAR", .low, "Resource \"*\" for actions that can be scoped to resources: \(shown).",
                                            fix: "Name the resources (ARNs, with wildcards in the name part if needed).", statement: statement.label, line: statement.line))
            }
        }
        return findings
    }

    // MARK: Conditions

    private func conditionFindings(_ statement: IAMStatement, _ actions: [QualifiedAction]) -> [LintFinding] {
        var findings: [LintFinding] = []
        let oidcHosts = TrustPolicyRules.oidcHosts(statement)
        for clause in statement.conditions {
            guard let op = clause.op else { continue }
            func add(_ code: String, _ message: String, fix: String) {
                findings.append(LintFinding(code, .medium, message, fix: fix, statement: statement.label,
                                            line: clause.line, column: clause.column))
            }
            let lower = clause.key.lowercased()
            var keyType = GlobalConditionKeys.type(of: clause.key)
            // The claims of the statement's own OIDC provider (`token.actions.githubusercontent.com:sub`).
            if keyType == nil, let colon = lower.lastIndex(of: ":"), oidcHosts.contains(String(lower[..<colon])) {
                keyType = "String"
            }
            if keyType == nil {
                let prefix = lower.split(separator: ":").first.map(String.init) ?? ""
                // Keys are defined by their own service, and `aws:RequestTag/…`-style keys by
                // the services of the statement's actions.
                let services = [database.service(prefix)].compactMap { $0 } + actions.map(\.service)
                keyType = services.lazy.compactMap { service in
                    service.conditionKeyTypes.first { ConditionKeyName.matches(template: $0.key, key: lower) }?.value
                }.first
                if keyType == nil && op.category != .null {
                    add("UNKNOWN_CONDITION_FOR_ACTION",
                        "No service defines the condition key \(clause.key), so the condition never matches.",
                        fix: "Check the key's spelling against the service's condition keys.")
                    continue
                }
                if !statement.actionsNegated && !actions.isEmpty && !op.ifExists && op.category != .null {
                    // sts:TagSession and its kin are authorized inside the AssumeRole* call, whose
                    // keys (sts:ExternalId, the identity providers' claims) they are judged with.
                    let assumeActions = actions.filter { TrustActions.assumesRole($0.name) }
                    let unsupported = actions.filter { action in
                        !action.supportsConditionKey(clause.key)
                            && !(TrustActions.isTrustAction(action.name) && !TrustActions.assumesRole(action.name)
                                 && assumeActions.contains { $0.supportsConditionKey(clause.key) })
                    }.map(\.name)
                    if !unsupported.isEmpty {
                        let shown = Self.listed(unsupported, limit: 5)
                        // A negated operator or ForAllValues holds when the key is absent: the
                        // condition limits nothing, which misleads but grants nothing more.
                        let holdsWithout = op.negated || op.qualifier == .forAllValues
                        let effect = holdsWithout
                            ? "so for \(unsupported.count == 1 ? "it" : "them") \(op.text) always holds and limits nothing"
                            : "so the statement never allows \(unsupported.count == 1 ? "it" : "them")"
                        findings.append(LintFinding(
                            "UNKNOWN_CONDITION_FOR_ACTION", holdsWithout ? .low : .medium,
                            "\(clause.key) does not apply to \(shown), \(effect).",
                            fix: holdsWithout
                                ? "Use a condition key that those actions set, or move them to a statement of their own."
                                : "Move those actions to a statement without this condition, or use "
                                    + "\(op.text)IfExists if that is intended.",
                            statement: statement.label, line: clause.line, column: clause.column))
                    }
                }
            }
            findings += typeFindings(clause, op: op, keyType: keyType, statement: statement)
            let wildcards = ConditionRules.wildcardValues(clause, op)
            if !wildcards.isEmpty {
                let like = op.base.replacingOccurrences(of: "Equals", with: "Like")
                    .replacingOccurrences(of: "IgnoreCase", with: "")
                add("WILDCARD_IN_STRING_EQUALS",
                    "\(op.text) compares \(clause.key) with \(Self.listed(wildcards.map { "\"\($0)\"" }, limit: 3)) "
                        + "exactly: * and ? are plain characters here, so only that very text matches.",
                    fix: "Use \(like) for a pattern (or ${*} and ${?} for a literal * or ?).")
            }
        }
        return findings
    }

    private func typeFindings(_ clause: ConditionClause, op: ConditionOperator, keyType: String?,
                              statement: IAMStatement) -> [LintFinding] {
        var findings: [LintFinding] = []
        func add(_ code: String, _ severity: LintFinding.Severity, _ message: String, _ fix: String) {
            findings.append(LintFinding(code, severity, message, fix: fix, statement: statement.label,
                                        line: clause.line, column: clause.column))
        }
        switch op.category {
        case .bool, .null:
            for value in clause.values where value.lowercased() != "true" && value.lowercased() != "false" {
                add("MISMATCHED_TYPE", .medium, "\(op.text) on \(clause.key) compares with \"\(value)\"; only true or false can match.", "Use \"true\" or \"false\".")
            }
        case .date:
            for value in clause.values where !ConditionRules.looksLikeDate(value) {
                add("MISMATCHED_TYPE", .medium, "\(op.text) on \(clause.key) compares with \"\(value)\", which is not a date.",
                    "Use an ISO 8601 date such as 2026-12-31T23:59:59Z, or seconds since 1970.")
            }
        case .numeric:
            for value in clause.values where Double(value) == nil {
                add("MISMATCHED_TYPE", .medium, "\(op.text) on \(clause.key) compares with \"\(value)\", which is not a number.", "Use a number.")
            }
        case .ipAddress:
            for value in clause.values where !IPAddressRange.isValid(value) {
                add("MISMATCHED_TYPE", .medium, "\(op.text) on \(clause.key) compares with \"\(value)\", which is not an IP address or CIDR range.", "Use an address such as 203.0.113.0/24.")
            }
        default: break
        }
        guard let keyType, op.category != .null else {
            if op.category == .arn {
                for (code, severity, message, fix) in ConditionRules.arnValueFindings(clause, op, keyIsARN: false) {
                    add(code, severity, message, fix)
                }
            }
            return findings
        }
        let isArray = keyType.hasPrefix("ArrayOf")
        let element = isArray ? String(keyType.dropFirst("ArrayOf".count)) : keyType
        let expected: [ConditionOperator.Category]
        switch element.lowercased() {
        case "arn": expected = [.arn, .string]
        case "string": expected = [.string]
        case "numeric", "long", "integer": expected = [.numeric]
        case "bool", "boolean": expected = [.bool]
        case "date": expected = [.date, .numeric]
        case "ipaddress": expected = [.ipAddress]
        default: expected = []
        }
        let keyIsARN = element.lowercased() == "arn"
        let valueMismatches = ConditionRules.arnValueFindings(clause, op, keyIsARN: keyIsARN)
        let typesDiffer = !expected.isEmpty && !expected.contains(op.category)
        if typesDiffer {
            add("MISMATCHED_TYPE", .medium, "\(op.text) is a \(op.category.rawValue) operator but \(clause.key) is of type \(keyType).",
                "Use a \(expected[0].rawValue) operator for this key.")
        } else if !valueMismatches.isEmpty {
            for (code, severity, message, fix) in valueMismatches { add(code, severity, message, fix) }
        } else if keyIsARN && op.category == .string {
            add("MISMATCHED_TYPE_BUT_USABLE", .low, "\(op.text) on the ARN key \(clause.key) works, but Arn operators are meant for it.",
                "Use ArnEquals or ArnLike.")
        }
        if isArray && op.qualifier == nil && !typesDiffer {
            add("MISSING_SET_OPERATOR", .low, "\(clause.key) can hold several values; without ForAllValues: or ForAnyValue: the result for several values is easy to misread.",
                "Write ForAllValues:\(op.text) (every value must match) or ForAnyValue:\(op.text) (one must).")
        }
        if !isArray, let (severity, effect) = ConditionRules.singleValuedSetOperator(op, effect: statement.effect) {
            add("SINGLE_VALUE_CONDITION_TOO_PERMISSIVE", severity,
                "\(clause.key) holds a single value, but \(op.text) treats it as a set: \(effect).",
                "Drop the \(op.qualifier!.rawValue): prefix (write \(op.text.split(separator: ":").last ?? "")).")
        }
        if ConditionRules.gateBypass(clause, op, in: statement) {
            add("GATE_BYPASS_WITHOUT_KEY", .medium,
                "\(op.text) holds when the request carries no \(clause.key), so a request that leaves it out "
                    + "passes this gate.",
                "Add \"Null\": {\"\(clause.key)\": \"false\"} to the statement"
                    + (op.ifExists ? ", or drop IfExists." : "."))
        } else if isArray && op.qualifier == .forAllValues && statement.effect == .allow && !op.negated
                    && !ConditionRules.requiresPresence(of: clause.key, in: statement) {
            add("FORALLVALUES_WITHOUT_NULL", .low, "ForAllValues matches when \(clause.key) is absent, so the statement also allows requests without it.",
                "Add \"Null\": {\"\(clause.key)\": \"false\"} to the statement.")
        }
        return findings
    }

    // MARK: PassRole and escalation

    private func passRoleFindings(_ granted: [(statement: IAMStatement, actions: [QualifiedAction])]) -> [LintFinding] {
        var findings: [LintFinding] = []
        var broadPassRole: [IAMStatement] = []
        var scopedRoles: [String] = []
        for (statement, actions) in granted {
            let grantsPassRole = statement.actions.contains("*") || actions.contains { $0.name.lowercased() == "iam:passrole" }
            if grantsPassRole {
                let anyRole = statement.resourcesNegated || statement.resources.contains { resource in
                    resource == "*" || resource.hasSuffix(":role/*") || resource.hasSuffix(":*")
                }
                let serviceClauses = statement.conditions.filter {
                    $0.key.lowercased() == "iam:passedtoservice" && $0.op?.negated == false && $0.op?.category == .string
                }
                // `StringLike "*"` or `"*.amazonaws.com"`: the service's name is a wildcard, so any service fits.
                let anyServiceValues = serviceClauses.flatMap(\.values).filter { value in
                    (value.split(separator: ".").first ?? "").contains { $0 == "*" || $0 == "?" }
                }
                let hasService = !serviceClauses.isEmpty && serviceClauses.allSatisfy { clause in
                    !clause.values.contains { anyServiceValues.contains($0) }
                }
                let rolePatterns = anyRole ? [] : statement.resources.filter { $0.contains("*") || $0.contains("?") }
                if anyRole {
                    findings.append(LintFinding("PASSROLE_ANY_ROLE", .high, "iam:PassRole is allowed on any role, so the holder can hand any role of the account to a service.",
                                                fix: "List the role ARNs that may be passed.", statement: statement.label, line: statement.line))
                } else if !rolePatterns.isEmpty {
                    findings.append(LintFinding("PASSROLE_ROLE_WILDCARD", .medium,
                                                "iam:PassRole on \(Self.listed(rolePatterns, limit: 3)) lets the holder hand every role the "
                                                    + "pattern matches, today's and later ones, to the service.",
                                                fix: "List the role ARNs that may be passed, without wildcards.",
                                                statement: statement.label, line: statement.line, column: statement.column))
                }
                if serviceClauses.isEmpty {
                    findings.append(LintFinding("PASSROLE_WITHOUT_PASSED_TO_SERVICE", .medium, "iam:PassRole has no iam:PassedToService condition, so the roles can be passed to any service.",
                                                fix: "Add \"StringEquals\": {\"iam:PassedToService\": \"sagemaker.amazonaws.com\"} (or the service that needs the role).",
                                                statement: statement.label, line: statement.line))
                } else if !hasService {
                    findings.append(LintFinding("PASSROLE_ANY_SERVICE", .medium,
                                                "iam:PassedToService is matched with \(Self.listed(anyServiceValues.map { "\"\($0)\"" }, limit: 3)), "
                                                    + "which every service fits, so the roles can be passed to any service.",
                                                fix: "Name the service: \"StringEquals\": {\"iam:PassedToService\": \"sagemaker.amazonaws.com\"}.",
                                                statement: statement.label, line: statement.line, column: statement.column))
                }
                if anyRole || !hasService { broadPassRole.append(statement) } else { scopedRoles += statement.resources }
            }
            let escalation = actions.filter { Self.iamEscalationActions.contains($0.name.lowercased()) }.map(\.name)
            if !escalation.isEmpty && (statement.resources.contains("*") || statement.resourcesNegated) {
                findings.append(LintFinding("PRIVILEGE_ESCALATION", .high, "\(escalation.joined(separator: ", ")) on any resource lets the holder grant itself more permissions.",
                                            fix: "Scope these actions to specific principals and policies, or remove them.",
                                            statement: statement.label, line: statement.line))
            }
        }
        let creators = granted.filter { entry in
            entry.statement.actions.contains("*") || entry.actions.contains {
                $0.service.prefix == "sagemaker" && Self.roleTakingSageMakerActions.contains($0.action.name.lowercased())
            }
        }
        guard let firstCreator = creators.first else { return findings }
        let creatorActions = Array(Set(creators.flatMap { $0.actions.filter {
            $0.service.prefix == "sagemaker" && Self.roleTakingSageMakerActions.contains($0.action.name.lowercased())
        }.map(\.name) })).sorted()
        // `Action: "*"` names no action, but holds every one that runs code as a role.
        let shown = creatorActions.isEmpty
            ? "Action \"*\" (which includes sagemaker:CreateTrainingJob and every other action that runs code "
                + "as a role)"
            : Self.listed(creatorActions, limit: 4)
        if let pass = broadPassRole.first {
            findings.append(LintFinding("PRIVILEGE_ESCALATION", .high, "iam:PassRole (\(pass.label)) without a narrow role list and service, together with \(shown), lets the holder run code in SageMaker as any role it can pass.",
                                        fix: "Limit iam:PassRole to the SageMaker execution roles the work needs, with iam:PassedToService sagemaker.amazonaws.com.",
                                        statement: firstCreator.statement.label, line: firstCreator.statement.line))
        } else if !scopedRoles.isEmpty {
            let roles = Array(Set(scopedRoles)).sorted()
            let matching = roles.contains { $0.contains("*") || $0.contains("?") } ? "any role matching " : ""
            findings.append(LintFinding("PASSROLE_TO_SAGEMAKER", .info, "With \(shown) the holder can run code as \(matching)\(Self.listed(roles, limit: 3)).",
                                        fix: "Make sure those roles grant no more than this principal should have.",
                                        statement: firstCreator.statement.label, line: firstCreator.statement.line))
        }
        return findings
    }

    /// Names for a message: the first `limit` of them, then "and N more". Callers never pass
    /// an empty list: a finding that names nothing says what it is about in words instead.
    static func listed(_ names: [String], limit: Int) -> String {
        names.prefix(limit).joined(separator: ", ") + (names.count > limit ? " and \(names.count - limit) more" : "")
    }
}
