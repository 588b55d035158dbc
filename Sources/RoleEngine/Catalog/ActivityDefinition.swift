/// An ML activity of the catalog: a named set of permissions with its parameters.
public struct ActivityDefinition: Codable, Equatable, Sendable, Identifiable {
    /// The answers-file key, e.g. `manage-ml-jobs`.
    public var id: String
    /// The title as the console shows it, e.g. `Manage ML Jobs`.
    public var title: String
    /// The Role Manager template this activity reproduces, e.g. `SM_CommonJobManagement`.
    public var template: String
    public var description: String
    /// Whether the activity honours the VPC settings (subnets and security groups).
    public var network: Bool
    /// Whether the activity honours the KMS settings (volume and data keys).
    public var encryption: Bool
    public var parameters: [ParameterDefinition]
    /// AWS-managed policy ARNs (with `{{partition}}`) the activity attaches instead of, or
    /// beside, its own statements.
    public var managedPolicies: [String]?
    public var statements: [StatementTemplate]

    public func parameter(_ key: String) -> ParameterDefinition? {
        parameters.first { $0.key == key }
    }
}

/// A persona: a title and the activities it preselects.
public struct PersonaDefinition: Codable, Equatable, Sendable, Identifiable {
    public var id: String
    public var title: String
    /// One line that tells the user who the persona is for.
    public var summary: String
    public var activities: [String]
}
