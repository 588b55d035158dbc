/// Fills the placeholders of catalog statements with the values of one role.
struct TemplateExpander {
    let partition: String
    let region: String
    let account: String
    let lists: [String: [String]]
    /// Placeholder name → the answers-file path it stands for (for provenance).
    let sources: [String: String]

    nonisolated(unsafe) static let placeholder = #/\{\{([A-Za-z0-9:]+)\}\}/#

    init(spec: RoleSpec, activity: ActivityDefinition, parameters: [String: [String]]) {
        partition = IAMRules.partition(forRegion: spec.region)
        region = spec.region ?? "*"
        account = spec.account ?? "*"
        var lists: [String: [String]] = [:]
        var sources: [String: String] = [:]
        if let network = spec.network, activity.network {
            lists["subnets"] = network.subnets
            lists["securityGroups"] = network.securityGroups
            sources["subnets"] = "network.subnets"
            sources["securityGroups"] = "network.securityGroups"
        }
        if let encryption = spec.encryption, activity.encryption {
            lists["volumeKeys"] = encryption.volumeKeys
            lists["dataKeys"] = encryption.dataKeys
            sources["volumeKeys"] = "encryption.volumeKeys"
            sources["dataKeys"] = "encryption.dataKeys"
        }
        for (key, values) in parameters {
            lists["param:\(key)"] = values
            sources["param:\(key)"] = "activities.\(activity.id).\(key)"
        }
        self.lists = lists
        self.sources = sources
    }

    /// One text becomes as many strings as its list placeholder has values (none when empty).
    func expand(_ text: String, used: inout Set<String>) -> [String] {
        var results = [""]
        var rest = Substring(text)
        while let (range, placeholder) = Self.firstPlaceholder(in: rest) {
            let prefix = rest[..<range.lowerBound]
            let name = String(placeholder)
            let values: [String]
            switch name {
            case "partition": values = [partition]
            case "region": values = [region]
            case "account": values = [account]
            default:
                values = lists[name] ?? []
                if let source = sources[name] { used.insert(source) }
            }
            results = results.flatMap { head in values.map { head + prefix + $0 } }
            rest = rest[range.upperBound...]
        }
        return results.map { $0 + rest }
    }

    /// The first `{{name}}` and its name. ASCII text (the catalog's, always) is scanned byte by byte: the
    /// regular expression, which matches characters, was most of the time it takes to build a plan. Other text
    /// goes to the regular expression, so a `{` that a combining mark joins is still not a brace.
    static func firstPlaceholder(in text: Substring) -> (range: Range<String.Index>, name: Substring)? {
        let utf8 = text.utf8
        var copy = text
        guard copy.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) else {
            return text.firstMatch(of: placeholder).map { ($0.range, $0.1) }
        }
        var index = utf8.startIndex
        while let open = utf8[index...].firstIndex(of: UInt8(ascii: "{")) {
            var end = utf8.index(after: open)
            guard end != utf8.endIndex else { return nil }
            guard utf8[end] == UInt8(ascii: "{") else {
                index = end
                continue
            }
            end = utf8.index(after: end)
            let nameStart = end
            while end != utf8.endIndex, Self.isNameByte(utf8[end]) { end = utf8.index(after: end) }
            let closeEnd = utf8.index(end, offsetBy: 2, limitedBy: utf8.endIndex)
            if end != nameStart, let closeEnd, utf8[end] == UInt8(ascii: "}"),
               utf8[utf8.index(after: end)] == UInt8(ascii: "}") {
                return (open..<closeEnd, text[nameStart..<end])
            }
            index = utf8.index(after: open)
        }
        return nil
    }

    /// `[A-Za-z0-9:]`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x3A
    }

    func expand(_ condition: PolicyCondition, used: inout Set<String>) -> PolicyCondition {
        var used2 = used
        let result = condition.mapValues { value in
            switch value {
            case .single(let v):
                let expanded = expand(v, used: &used2)
                return expanded.count == 1 ? .single(expanded[0]) : .list(expanded)
            case .list(let vs):
                return .list(unique(vs.flatMap { expand($0, used: &used2) }))
            }
        }
        used = used2
        return result
    }
}

func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
