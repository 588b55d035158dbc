/// What a statement really allows, in one sentence made from its actions, resources and
/// conditions, never from the intent written beside it: "the caller's own user profile" only
/// when a policy variable makes it so, "any app" when the resource says `app/*`.
public struct StatementDescriber: Sendable {
    public let database: IAMActionDatabase

    public init(database: IAMActionDatabase) { self.database = database }

    public func sentence(_ statement: IAMStatement) -> String {
        var out = statement.effect == .allow ? "Allows " : "Denies "
        if let principal = statement.principal {
            out += Self.who(principal) + " to "
        }
        if statement.principal != nil, !statement.actionsNegated,
           statement.actions.allSatisfy(TrustActions.isTrustAction) {
            out += Self.joined(LintMemo.unique(statement.actions.map(Self.trustVerb)), "and")
        } else {
            out += actions(statement)
        }
        if statement.principal == nil || statement.hasResourceElement {
            out += ", on " + resources(statement)
        }
        let conditions = statement.conditions.compactMap(Self.condition)
        if !conditions.isEmpty { out += ", only when " + Self.joined(conditions, "and") }
        return out + "."
    }

    // MARK: Who

    static func who(_ principal: PrincipalElement) -> String {
        if principal.anyone { return principal.negated ? "no one" : "anyone (any AWS account)" }
        let names = principal.entries.map { entry -> String in
            switch entry.type {
            case "Service": return "the service \(entry.value)"
            case "Federated": return "users of the identity provider \(entry.value)"
            case "AWS":
                if let account = TrustPolicyRules.account(of: entry.value),
                   entry.value == account || entry.value.hasSuffix(":root") {
                    return "any principal of account \(account) that its own policies allow"
                }
                return entry.value
            default: return entry.value
            }
        }
        let listed = joined(names, "and")
        return principal.negated ? "everyone except \(listed)" : listed
    }

    // MARK: Actions

    static func trustVerb(_ action: String) -> String {
        switch action.lowercased() {
        case "sts:assumerole": return "assume the role"
        case "sts:assumerolewithwebidentity": return "assume the role with a web identity token"
        case "sts:assumerolewithsaml": return "assume the role with a SAML assertion"
        case "sts:tagsession": return "tag the session"
        case "sts:setsourceidentity": return "set a source identity"
        case "sts:setcontext": return "set the session's context"
        default: return action
        }
    }

    func actions(_ statement: IAMStatement) -> String {
        if statement.actionsNegated {
            return "every action except " + Self.joined(statement.actions, "and")
        }
        if statement.actions.contains("*") { return "do every action of every service" }
        var order: [String] = []
        var byService: [String: [String]] = [:]
        for action in LintMemo.unique(statement.actions) {
            let parts = action.split(separator: ":", maxSplits: 1).map(String.init)
            let prefix = parts.first?.lowercased() ?? action
            if byService[prefix] == nil { order.append(prefix) }
            byService[prefix, default: []].append(parts.count == 2 ? parts[1] : action)
        }
        let groups = order.map { prefix -> String in
            let names = byService[prefix]!
            if names.contains("*") {
                let title = database.service(prefix)?.name ?? prefix
                return "\(prefix): every \(title) action"
            }
            return "\(prefix): " + Self.verbs(names, prefix: prefix, database: database)
        }
        return groups.joined(separator: "; ")
    }

    /// `CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs` → "create, describe and list
    /// training jobs"; a pattern stays a pattern, with how many actions it names today.
    static func verbs(_ names: [String], prefix: String, database: IAMActionDatabase) -> String {
        var objects: [String] = []
        var verbsByObject: [String: [String]] = [:]
        var patterns: [String] = []
        for name in names {
            if name.contains("*") || name.contains("?") {
                let count = database.actions(matching: "\(prefix):\(name)").count
                patterns.append("\(name) (\(count) action\(count == 1 ? "" : "s") today)")
                continue
            }
            let words = camelWords(name)
            guard let verb = words.first else { continue }
            let object = singular(words.dropFirst().joined(separator: " "))
            if verbsByObject[object] == nil { objects.append(object) }
            if !(verbsByObject[object]?.contains(verb) ?? false) { verbsByObject[object, default: []].append(verb) }
        }
        let phrases = objects.map { object in
            let verbs = joined(verbsByObject[object]!, "and")
            return object.isEmpty ? verbs : "\(verbs) \(plural(object))"
        }
        return joined(phrases + patterns, "and", separator: "; ")
    }

    static func camelWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (i, c) in characters.enumerated() {
            let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
            let previousIsLower = i > 0 && (characters[i - 1].isLowercase || characters[i - 1].isNumber)
            if c.isUppercase && !current.isEmpty && (previousIsLower || nextIsLower) {
                words.append(current)
                current = ""
            }
            current.append(c)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            word.count > 1 && word.allSatisfy({ $0.isUppercase || $0.isNumber }) ? word : word.lowercased()
        }
    }

    static func singular(_ object: String) -> String {
        if object.hasSuffix("ies") { return String(object.dropLast(3)) + "y" }
        if object.hasSuffix("sses") || object.hasSuffix("xes") { return String(object.dropLast(2)) }
        if object.hasSuffix("s") && !object.hasSuffix("ss") { return String(object.dropLast()) }
        return object
    }

    static func plural(_ object: String) -> String {
        // `AutoMLJobV2`: the noun comes before its version.
        if let space = object.lastIndex(of: " "), object[space...].contains(where: \.isNumber) {
            return plural(String(object[..<space])) + object[space...]
        }
        guard let last = object.last else { return object }
        if last == "y", let before = object.dropLast().last, !"aeiou".contains(before) {
            return String(object.dropLast()) + "ies"
        }
        if object.hasSuffix("s") || object.hasSuffix("x") || object.hasSuffix("ch") || object.hasSuffix("sh") {
            return object + "es"
        }
        return object + "s"
    }

    // MARK: Resources

    func resources(_ statement: IAMStatement) -> String {
        if statement.resourcesNegated {
            return "every resource except " + Self.joined(statement.resources, "and")
        }
        if statement.resources.isEmpty || statement.resources.contains("*") { return "any resource" }
        var formats: [(type: String, format: String)] = []
        for action in LintMemo.unique(statement.actions) {
            for qualified in database.actions(matching: action) {
                for type in qualified.action.resourceTypes {
                    if let format = qualified.service.resourceTypes[type]?.arnPattern,
                       !formats.contains(where: { $0.format == format }) {
                        formats.append((type, format))
                    }
                }
            }
        }
        return Self.joined(LintMemo.unique(statement.resources.map { resource in
            // The type whose own name the resource spells out (`training-job/…`), before any
            // other whose format a wildcard happens to fit.
            let fitting = formats.filter { ResourcePatternMatcher.matches(resource: resource, format: $0.format) }
                .max { Self.literalLead($0.format, resource) < Self.literalLead($1.format, resource) }
            return fitting.flatMap { Self.scope(resource, type: $0.type, format: $0.format) }
                ?? "resources matching \(resource)"
        }), "and", separator: "; ")
    }

    /// The values a resource part gives the format's variables: `log-group:/aws/x:log-stream:*`
    /// against `log-group:${LogGroupName}:log-stream:${LogStreamName}`. Each variable takes the
    /// text up to the format's next literal (policy variables are read whole); the last one
    /// takes the rest; a `*` that runs out the resource stands for every variable left.
    static func bind(_ given: String, to format: String) -> [(String, String)]? {
        var literals: [String] = []
        var variables: [String] = []
        var rest = Substring(format)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            literals.append(String(rest[..<open.lowerBound]))
            variables.append(String(rest[open.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        literals.append(String(rest))
        let text = Array(given)
        var i = 0
        func starts(_ literal: String, at j: Int) -> Bool {
            let l = Array(literal)
            return j + l.count <= text.count && Array(text[j..<(j + l.count)]) == l
        }
        guard starts(literals[0], at: 0) else { return nil }
        i = literals[0].count
        var bound: [(String, String)] = []
        for (k, variable) in variables.enumerated() {
            let next = literals[k + 1]
            var j = i
            var found: Int?
            while j <= text.count {
                let ends = k == variables.count - 1
                    ? j == text.count - next.count && starts(next, at: j)
                    : !next.isEmpty && starts(next, at: j)
                if ends { found = j; break }
                if j + 1 < text.count, text[j] == "$", text[j + 1] == "{", let close = text[j...].firstIndex(of: "}") {
                    j = close + 1
                } else {
                    j += 1
                }
            }
            if let found {
                bound.append((variable, String(text[i..<found])))
                i = found + next.count
            } else if text[i...].last == "*" {
                bound.append((variable, String(text[i...])))
                bound += variables[(k + 1)...].map { ($0, "*") }
                return bound
            } else {
                return nil
            }
        }
        return i == text.count ? bound : nil
    }

    /// How much of the format's resource part before its first variable the resource repeats.
    static func literalLead(_ format: String, _ resource: String) -> Int {
        let wanted = format.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let given = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard wanted.count == 6, given.count == 6 else { return 0 }
        let lead = wanted[5].prefix { $0 != "$" }
        return given[5].hasPrefix(lead) ? lead.count : 0
    }

    /// `arn:aws:sagemaker:*:*:app/${sagemaker:DomainId}/${sagemaker:UserProfileName}/*/*` against
    /// `app/${DomainId}/${UserProfileName}/${AppType}/${AppName}` → "any app, of any app type, of
    /// the caller's own user profile, in the caller's own domain, in any region of any account".
    static func scope(_ resource: String, type: String, format: String) -> String? {
        let given = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        let wanted = format.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard given.count == 6, wanted.count == 6 else { return nil }
        guard let bound = bind(given[5], to: wanted[5]) else { return nil }
        let label = typeLabel(type)
        var phrases: [String] = []
        for (i, (variable, value)) in bound.enumerated().reversed() {
            let isOwn = i == bound.count - 1
            phrases.append(valuePhrase(value, noun: isOwn ? label : variableLabel(variable), own: isOwn))
        }
        if phrases.isEmpty { phrases.append("the \(label) \(given[5])") }
        var place: [String] = []
        switch given[3] {
        case "": break
        case "*": place.append("in any region")
        default: place.append("in \(given[3])")
        }
        switch given[4] {
        case "": break
        case "*": place.append("of any account")
        case "${aws:PrincipalAccount}": place.append("of the caller's account")
        default: place.append("of account \(given[4])")
        }
        return ([phrases[0]] + phrases.dropFirst().map { "of \($0)" }).joined(separator: ", ")
            + (place.isEmpty ? "" : " " + place.joined(separator: " "))
    }

    static func typeLabel(_ type: String) -> String {
        type.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }

    /// `UserProfileName` → "user profile", `DomainId` → "domain", `BucketName` → "bucket".
    static func variableLabel(_ name: String) -> String {
        var words = camelWords(name)
        if words.count > 1, ["name", "id", "arn"].contains(words.last!.lowercased()) { words.removeLast() }
        return words.joined(separator: " ")
    }

    /// Variables that stand for who is asking.
    static let callerVariables: [String: String] = [
        "${aws:username}": "the caller's own", "${aws:userid}": "the caller's own",
        "${sagemaker:userprofilename}": "the caller's own", "${sagemaker:domainid}": "the caller's own",
        "${aws:principalaccount}": "the caller's own", "${aws:principalarn}": "the caller's own",
    ]

    static func valuePhrase(_ value: String, noun: String, own: Bool) -> String {
        if value == "*" { return "any \(noun)" }
        if let whose = callerVariables[value.lowercased()] { return "\(whose) \(noun)" }
        if value.hasPrefix("${aws:PrincipalTag/"), value.hasSuffix("}"), !value.dropFirst(2).contains("$") {
            return "the \(noun) named by the caller's tag \(value.dropFirst(19).dropLast())"
        }
        if value.contains("${") { return "the \(noun) named \(value) (filled in per request)" }
        if value.contains("*") || value.contains("?") { return "\(plural(noun)) matching \(value)" }
        return "the \(noun) \(value)"
    }

    // MARK: Conditions

    /// Keys in words; a key not listed is shown as written.
    static let keyWords: [String: String] = [
        "sagemaker:vpcsubnets": "VPC subnet", "sagemaker:vpcsecuritygroupids": "security group",
        "sagemaker:volumekmskey": "volume KMS key", "sagemaker:outputkmskey": "output KMS key",
        "sagemaker:instancetypes": "instance type", "sagemaker:taggingaction": "tagging action",
        "sagemaker:owneruserprofilearn": "owning user profile",
        "sagemaker:spacesharingtype": "space sharing type", "iam:passedtoservice": "service the role is passed to",
        "kms:viaservice": "service calling KMS", "kms:grantisforawsresource": "grant for an AWS resource",
        "aws:sourceaccount": "source account", "aws:sourcearn": "source ARN",
        "aws:resourceaccount": "resource's account",
        "aws:tagkeys": "tag key", "s3:x-amz-acl": "canned ACL", "aws:principalorgid": "caller's organization",
        "aws:securetransport": "TLS", "sts:externalid": "external id",
    ]

    static func keyPhrase(_ key: String) -> String {
        let lower = key.lowercased()
        if let words = keyWords[lower] { return "the \(words)" }
        if lower.hasPrefix("aws:requesttag/") { return "the tag \(key.dropFirst(15)) in the request" }
        if lower.hasPrefix("aws:resourcetag/") { return "the resource's tag \(key.dropFirst(16))" }
        if lower.hasPrefix("aws:principaltag/") { return "the caller's tag \(key.dropFirst(17))" }
        return key
    }

    static func valueWords(_ value: String) -> String {
        switch value.lowercased() {
        case "${aws:principalaccount}": return "the caller's account"
        case "${aws:username}": return "the caller's user name"
        default:
            if value.lowercased().hasPrefix("arn:"), value.contains("${sagemaker:DomainId}"),
               value.contains("user-profile/"), value.contains("${sagemaker:UserProfileName}") {
                return "the caller's own user profile"
            }
            return value
        }
    }

    static func condition(_ clause: ConditionClause) -> String? {
        guard let op = clause.op else { return nil }
        let key = keyPhrase(clause.key)
        let values = clause.values.map(valueWords)
        let one = values.count == 1
        switch op.category {
        case .null:
            return clause.values == ["false"] ? "\(key) is given" : "\(key) is not given"
        case .bool:
            return "\(key) is \(clause.values.first ?? "")"
        default: break
        }
        let relation: String
        switch (op.base, one) {
        case ("StringEquals", true), ("ArnEquals", true), ("NumericEquals", true), ("DateEquals", true),
             ("StringEqualsIgnoreCase", true), ("BinaryEquals", true):
            relation = "is"
        case ("StringEquals", false), ("ArnEquals", false), ("NumericEquals", false), ("DateEquals", false),
             ("StringEqualsIgnoreCase", false), ("BinaryEquals", false):
            relation = "is one of"
        case ("StringNotEquals", _), ("ArnNotEquals", _), ("NumericNotEquals", _), ("DateNotEquals", _),
             ("StringNotEqualsIgnoreCase", _):
            relation = one ? "is not" : "is none of"
        case ("StringLike", _), ("ArnLike", _): relation = one ? "matches" : "matches one of"
        case ("StringNotLike", _), ("ArnNotLike", _): relation = one ? "does not match" : "matches none of"
        case ("NumericLessThan", _): relation = "is less than"
        case ("NumericLessThanEquals", _): relation = "is at most"
        case ("NumericGreaterThan", _): relation = "is more than"
        case ("NumericGreaterThanEquals", _): relation = "is at least"
        case ("DateLessThan", _): relation = "is before"
        case ("DateLessThanEquals", _): relation = "is at or before"
        case ("DateGreaterThan", _): relation = "is after"
        case ("DateGreaterThanEquals", _): relation = "is at or after"
        case ("IpAddress", _): relation = "is in"
        case ("NotIpAddress", _): relation = "is not in"
        default: relation = op.base
        }
        let list = joined(values, "or")
        let noun = key.hasPrefix("the ") ? String(key.dropFirst(4)) : key
        var phrase: String
        switch op.qualifier {
        case .forAllValues?: phrase = "every \(noun) given \(relation) \(list)"
        case .forAnyValue?: phrase = "some \(noun) \(relation) \(list)"
        case nil: phrase = "\(key) \(relation) \(list)"
        }
        if op.ifExists { phrase += " (when given)" }
        return phrase
    }

    static func joined(_ items: [String], _ word: String, separator: String = ", ") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: separator) + " \(word) " + items.last!
        }
    }
}
