/// One input an activity asks for, such as the roles it may pass or the buckets it may use.
public struct ParameterDefinition: Codable, Equatable, Sendable {
    /// The answers-file key, e.g. `passRoles`.
    public var key: String
    /// The label the wizard shows, e.g. `PassRoles`.
    public var title: String
    public var kind: ParameterKind
    /// A required parameter must hold at least one value (after defaults are applied).
    public var required: Bool
    /// Values used when the answers give none.
    public var `default`: [String]?
    /// One sentence that tells the user what to enter.
    public var help: String

    public init(key: String, title: String, kind: ParameterKind, required: Bool, default: [String]? = nil, help: String) {
        self.key = key
        self.title = title
        self.kind = kind
        self.required = required
        self.default = `default`
        self.help = help
    }
}
