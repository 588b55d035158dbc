/// Interprets an `AnswerNode` tree as a `RoleSpec`, rejecting unknown keys and wrong shapes.
///
/// Every problem is collected with its field path and line; nothing stops at the first one.
/// It also records the line of every field it saw so later validation errors can point
/// into the file.
public struct RoleSpecDecoder {
    public struct Result: Sendable {
        public var spec: RoleSpec
        /// Field path → line in the file.
        public var lines: [String: Int]
    }

    private var issues: [ValidationIssue] = []
    private var lines: [String: Int] = [:]

    public init() {}

    public static func decode(_ root: AnswerNode) throws -> Result {
        var decoder = RoleSpecDecoder()
        let spec = decoder.decodeRoot(root)
        if !decoder.issues.isEmpty { throw RoleSpecError(issues: decoder.issues) }
        return Result(spec: spec, lines: decoder.lines)
    }

    static let topKeys = ["version", "role", "persona", "account", "region", "network", "encryption",
                          "activities", "managedPolicies", "tags"]

    private mutating func decodeRoot(_ root: AnswerNode) -> RoleSpec {
        var spec = RoleSpec(role: RoleSettings(name: ""), persona: "")
        guard let entries = mapping(root, at: "") else { return spec }
        for entry in checkedEntries(entries, allowed: Self.topKeys, at: "") {
            let path = entry.key
            switch entry.key {
            case "version":
                if let v = integer(entry.value, at: path), v != 1 {
                    fail(path, "version \(v) is not supported; allowed: 1", entry.value.line)
                }
            case "role": spec.role = decodeRole(entry.value)
            case "persona": spec.persona = string(entry.value, at: path) ?? ""
            case "account": spec.account = optionalString(entry.value, at: path)
            case "region": spec.region = optionalString(entry.value, at: path)
            case "network":
                if let e = optionalMapping(entry.value, at: path) {
                    var subnets: [String] = [], groups: [String] = []
                    for item in checkedEntries(e, allowed: ["subnets", "securityGroups"], at: path) {
                        let list = stringList(item.value, at: "\(path).\(item.key)")
                        if item.key == "subnets" { subnets = list } else { groups = list }
                    }
                    spec.network = NetworkSettings(subnets: subnets, securityGroups: groups)
                }
            case "encryption":
                if let e = optionalMapping(entry.value, at: path) {
                    var volume: [String] = [], data: [String] = []
                    for item in checkedEntries(e, allowed: ["volumeKeys", "dataKeys"], at: path) {
                        let list = stringList(item.value, at: "\(path).\(item.key)")
                        if item.key == "volumeKeys" { volume = list } else { data = list }
                    }
                    spec.encryption = EncryptionSettings(volumeKeys: volume, dataKeys: data)
                }
            case "activities": spec.activities = decodeActivities(entry.value)
            case "managedPolicies": spec.managedPolicies = stringList(entry.value, at: path)
            case "tags": spec.tags = decodeTags(entry.value)
            default: break
            }
        }
        for required in ["role", "persona"] where !entries.contains(where: { $0.key == required }) {
            fail(required, "is required", nil)
        }
        return spec
    }

    private mutating func decodeRole(_ node: AnswerNode) -> RoleSettings {
        var role = RoleSettings(name: "")
        guard let entries = mapping(node, at: "role") else { return role }
        let allowed = ["name", "path", "description", "maxSessionDuration", "permissionsBoundary"]
        for entry in checkedEntries(entries, allowed: allowed, at: "role") {
            let path = "role.\(entry.key)"
            switch entry.key {
            case "name": role.name = string(entry.value, at: path) ?? ""
            case "path": role.path = optionalString(entry.value, at: path)
            case "description": role.description = optionalString(entry.value, at: path)
            case "maxSessionDuration":
                if case .null = entry.value { break }
                role.maxSessionDuration = integer(entry.value, at: path)
            case "permissionsBoundary": role.permissionsBoundary = optionalString(entry.value, at: path)
            default: break
            }
        }
        if !entries.contains(where: { $0.key == "name" }) {
            fail("role.name", "is required", node.line)
        }
        return role
    }

    private mutating func decodeActivities(_ node: AnswerNode) -> [ActivitySelection] {
        if case .sequence(let items, _) = node {
            // A plain list of ids is accepted too: `activities: [run-studio-apps, manage-endpoints]`.
            return items.enumerated().compactMap { i, item in
                string(item, at: "activities[\(i)]").map { ActivitySelection(id: $0) }
            }
        }
        guard let entries = optionalMapping(node, at: "activities") else { return [] }
        var result: [ActivitySelection] = []
        for entry in uniqueEntries(entries, at: "activities") {
            let path = "activities.\(entry.key)"
            var selection = ActivitySelection(id: entry.key)
            if let params = optionalMapping(entry.value, at: path) {
                for param in uniqueEntries(params, at: path) {
                    selection.parameters[param.key] = stringList(param.value, at: "\(path).\(param.key)")
                }
            }
            result.append(selection)
        }
        return result
    }

    private mutating func decodeTags(_ node: AnswerNode) -> [RoleTag] {
        guard let entries = optionalMapping(node, at: "tags") else { return [] }
        return uniqueEntries(entries, at: "tags").map { entry in
            let value: String
            if case .null = entry.value { value = "" } else { value = string(entry.value, at: "tags.\(entry.key)") ?? "" }
            return RoleTag(key: entry.key, value: value)
        }
    }

    // MARK: - Shapes

    private mutating func fail(_ path: String, _ message: String, _ line: Int?) {
        issues.append(ValidationIssue(path: path, message: message, line: line))
    }

    private mutating func note(_ path: String, _ line: Int?) {
        if let line, lines[path] == nil { lines[path] = line }
    }

    private mutating func mapping(_ node: AnswerNode, at path: String) -> [AnswerNode.MappingEntry]? {
        note(path, node.line)
        if case .mapping(let entries, _) = node { return entries }
        let what = path.isEmpty ? "the answers file" : path
        fail(path, "\(what) must be a mapping of keys to values, found \(node.kindDescription)", node.line)
        return nil
    }

    private mutating func optionalMapping(_ node: AnswerNode, at path: String) -> [AnswerNode.MappingEntry]? {
        if case .null = node { return [] }
        return mapping(node, at: path)
    }

    /// Entries with unknown or repeated keys reported; the rest returned.
    private mutating func checkedEntries(_ entries: [AnswerNode.MappingEntry], allowed: [String], at path: String) -> [AnswerNode.MappingEntry] {
        uniqueEntries(entries, at: path).filter { entry in
            if allowed.contains(entry.key) { return true }
            let field = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            fail(field, "unknown key; allowed here: \(allowed.joined(separator: ", "))", entry.keyLine)
            return false
        }
    }

    private mutating func uniqueEntries(_ entries: [AnswerNode.MappingEntry], at path: String) -> [AnswerNode.MappingEntry] {
        var seen = Set<String>()
        return entries.filter { entry in
            let field = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            note(field, entry.keyLine)
            if seen.insert(entry.key).inserted { return true }
            fail(field, "appears more than once; keep one", entry.keyLine)
            return false
        }
    }

    private mutating func string(_ node: AnswerNode, at path: String) -> String? {
        note(path, node.line)
        if case .scalar(let s, _) = node { return s }
        fail(path, "must be a single text value, found \(node.kindDescription)", node.line)
        return nil
    }

    private mutating func optionalString(_ node: AnswerNode, at path: String) -> String? {
        if case .null = node { note(path, node.line); return nil }
        return string(node, at: path)
    }

    private mutating func integer(_ node: AnswerNode, at path: String) -> Int? {
        guard let s = string(node, at: path) else { return nil }
        guard let n = Int(s) else {
            fail(path, "'\(s)' is not a whole number", node.line)
            return nil
        }
        return n
    }

    /// A list of strings; a single scalar is accepted as a one-element list.
    private mutating func stringList(_ node: AnswerNode, at path: String) -> [String] {
        note(path, node.line)
        switch node {
        case .null: return []
        case .scalar(let s, _): return [s]
        case .sequence(let items, _):
            return items.enumerated().compactMap { i, item in string(item, at: "\(path)[\(i)]") }
        case .mapping:
            fail(path, "must be a list of values, found a mapping", node.line)
            return []
        }
    }
}
