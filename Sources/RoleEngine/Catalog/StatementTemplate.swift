/// A policy statement of an activity, with placeholders filled in by `TemplateExpander`.
///
/// Placeholders: `{{param:KEY}}` (one copy per parameter value), `{{subnets}}`,
/// `{{securityGroups}}`, `{{volumeKeys}}`, `{{dataKeys}}` (key ARNs), and the single
/// values `{{partition}}`, `{{region}}`, `{{account}}` (`*` when not known).
public struct StatementTemplate: Codable, Equatable, Sendable {
    /// Statement id, unique across the catalog so packed policies keep unique Sids.
    public var sid: String
    /// Why the statement exists, in one sentence a reviewer can read.
    public var why: String
    /// Include only when this setting is present (`network` or `encryption`).
    public var when: RoleSetting?
    /// Names of catalog condition blocks added to this statement when their setting is present.
    public var gates: [String]?
    public var actions: [String]
    public var resources: [String]
    public var condition: ConditionTemplate?

    public init(sid: String, why: String, when: RoleSetting? = nil, gates: [String]? = nil,
                actions: [String], resources: [String], condition: ConditionTemplate? = nil) {
        self.sid = sid
        self.why = why
        self.when = when
        self.gates = gates
        self.actions = actions
        self.resources = resources
        self.condition = condition
    }
}

/// The optional role-wide settings an activity can honour.
public enum RoleSetting: String, Codable, Sendable {
    case network
    case encryption
}

/// A condition block shared by several activities (the VPC gate, the KMS gates).
public struct ConditionBlock: Codable, Equatable, Sendable {
    public var requires: RoleSetting
    public var why: String
    public var condition: ConditionTemplate
}
