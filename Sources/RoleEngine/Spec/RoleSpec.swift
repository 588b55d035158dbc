/// What the user asked for, nothing derived. Built from an answers file, the wizard or flags;
/// the `RoleBuilder` turns it into a `RolePlan`.
public struct RoleSpec: Equatable, Sendable {
    public static let defaultPath = "/service-role/"

    public var role: RoleSettings
    public var persona: String
    public var account: String?
    public var region: String?
    public var network: NetworkSettings?
    public var encryption: EncryptionSettings?
    /// The chosen activities in order; `nil` means "the persona's defaults".
    public var activities: [ActivitySelection]?
    public var managedPolicies: [String]
    public var tags: [RoleTag]

    public init(role: RoleSettings, persona: String, account: String? = nil, region: String? = nil,
                network: NetworkSettings? = nil, encryption: EncryptionSettings? = nil,
                activities: [ActivitySelection]? = nil, managedPolicies: [String] = [], tags: [RoleTag] = []) {
        self.role = role
        self.persona = persona
        self.account = account
        self.region = region
        self.network = network
        self.encryption = encryption
        self.activities = activities
        self.managedPolicies = managedPolicies
        self.tags = tags
    }

    /// The activities that apply: the explicit list, or the persona's defaults with no parameters.
    public func effectiveActivities(in catalog: Catalog) -> [ActivitySelection] {
        if let activities { return activities }
        return (catalog.persona(persona)?.activities ?? []).map { ActivitySelection(id: $0) }
    }
}

public struct RoleSettings: Equatable, Sendable {
    public var name: String
    public var path: String?
    public var description: String?
    public var maxSessionDuration: Int?
    public var permissionsBoundary: String?

    public init(name: String, path: String? = nil, description: String? = nil,
                maxSessionDuration: Int? = nil, permissionsBoundary: String? = nil) {
        self.name = name
        self.path = path
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.permissionsBoundary = permissionsBoundary
    }
}

public struct NetworkSettings: Equatable, Sendable {
    public var subnets: [String]
    public var securityGroups: [String]
    public init(subnets: [String], securityGroups: [String]) {
        self.subnets = subnets
        self.securityGroups = securityGroups
    }
}

public struct EncryptionSettings: Equatable, Sendable {
    public var volumeKeys: [String]
    public var dataKeys: [String]
    public init(volumeKeys: [String], dataKeys: [String]) {
        self.volumeKeys = volumeKeys
        self.dataKeys = dataKeys
    }
}

/// One chosen activity and the values of its parameters (parameter key → values).
public struct ActivitySelection: Equatable, Sendable {
    public var id: String
    public var parameters: [String: [String]]
    public init(id: String, parameters: [String: [String]] = [:]) {
        self.id = id
        self.parameters = parameters
    }
}

public struct RoleTag: Equatable, Sendable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
