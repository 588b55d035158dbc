import RoleEngine

/// Everything the user typed or chose, as text: the wizard keeps invalid input as typed (to
/// show it with its error, and to save it in the draft), and turns it into a `RoleSpec`
/// for the engine only when asked.
public struct WizardAnswers: Equatable, Sendable {
    public struct Tag: Equatable, Sendable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public var roleName = ""
    public var description = ""
    public var persona = ""
    public var account = ""
    public var region = ""
    public var path = RoleSpec.defaultPath
    public var maxSession = ""
    public var boundary = ""
    public var subnets = ""
    public var securityGroups = ""
    public var volumeKeys = ""
    public var dataKeys = ""
    /// Chosen activity ids, kept in catalog order.
    public var activities: [String] = []
    /// Parameter text per activity and parameter key; kept when an activity is unticked.
    public var parameters: [String: [String: String]] = [:]
    public var managedPolicies: [String] = []
    public var tags: [Tag] = []

    public init() {}

    /// Prefills from an answers file or a resumed draft.
    public init(spec: RoleSpec, catalog: Catalog) {
        roleName = spec.role.name
        description = spec.role.description ?? ""
        persona = spec.persona
        account = spec.account ?? ""
        region = spec.region ?? ""
        path = spec.role.path ?? RoleSpec.defaultPath
        maxSession = spec.role.maxSessionDuration.map(String.init) ?? ""
        boundary = spec.role.permissionsBoundary ?? ""
        subnets = spec.network?.subnets.joined(separator: ", ") ?? ""
        securityGroups = spec.network?.securityGroups.joined(separator: ", ") ?? ""
        volumeKeys = spec.encryption?.volumeKeys.joined(separator: ", ") ?? ""
        dataKeys = spec.encryption?.dataKeys.joined(separator: ", ") ?? ""
        let selections = spec.effectiveActivities(in: catalog)
        activities = selections.map(\.id)
        for selection in selections {
            parameters[selection.id] = selection.parameters.mapValues { $0.joined(separator: ", ") }
        }
        managedPolicies = spec.managedPolicies
        tags = spec.tags.map { Tag(key: $0.key, value: $0.value) }
    }

    /// Values typed into a list field: separated by commas, spaces or new lines.
    public static func list(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" || $0 == ";" }.map(String.init)
    }

    /// Selects a persona: its default activities become the selection, as in the console.
    public mutating func choosePersona(_ id: String, catalog: Catalog) {
        persona = id
        activities = catalog.persona(id)?.activities ?? []
    }

    public mutating func toggleActivity(_ id: String, catalog: Catalog) {
        if activities.contains(id) {
            activities.removeAll { $0 == id }
        } else {
            let order = catalog.activities.map(\.id)
            activities = order.filter { activities.contains($0) || $0 == id }
        }
    }

    /// The answers as the engine's input. Problems that stop the conversion itself (a
    /// session length that is not a number) come back as issues with the field path.
    public func spec() -> (spec: RoleSpec, issues: [ValidationIssue]) {
        var issues: [ValidationIssue] = []
        var seconds: Int?
        let trimmedSession = maxSession.trimmingSpaces
        if !trimmedSession.isEmpty {
            if let value = Int(trimmedSession) { seconds = value } else {
                issues.append(ValidationIssue(path: "role.maxSessionDuration", message: "'\(trimmedSession)' is not a whole number of seconds; allowed: 3600 to 43200"))
            }
        }
        let network: NetworkSettings? = subnets.trimmingSpaces.isEmpty && securityGroups.trimmingSpaces.isEmpty ? nil
            : NetworkSettings(subnets: Self.list(subnets), securityGroups: Self.list(securityGroups))
        let encryption: EncryptionSettings? = volumeKeys.trimmingSpaces.isEmpty && dataKeys.trimmingSpaces.isEmpty ? nil
            : EncryptionSettings(volumeKeys: Self.list(volumeKeys), dataKeys: Self.list(dataKeys))
        let spec = RoleSpec(
            role: RoleSettings(name: roleName.trimmingSpaces,
                               path: path.trimmingSpaces.isEmpty ? nil : path.trimmingSpaces,
                               description: description.isEmpty ? nil : description,
                               maxSessionDuration: seconds,
                               permissionsBoundary: boundary.trimmingSpaces.isEmpty ? nil : boundary.trimmingSpaces),
            persona: persona,
            account: account.trimmingSpaces.isEmpty ? nil : account.trimmingSpaces,
            region: region.trimmingSpaces.isEmpty ? nil : region.trimmingSpaces,
            network: network, encryption: encryption,
            activities: activities.map { id in
                ActivitySelection(id: id, parameters: (parameters[id] ?? [:]).compactMapValues { text in
                    let values = Self.list(text)
                    return values.isEmpty ? nil : values
                })
            },
            managedPolicies: managedPolicies,
            tags: tags.map { RoleTag(key: $0.key, value: $0.value) })
        return (spec, issues)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
