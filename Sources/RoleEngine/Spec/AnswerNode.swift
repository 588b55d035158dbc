/// A parsed answers document before it is interpreted: mappings, sequences and scalars,
/// each with the line it started on. The YAML/JSON parser lives outside the engine
/// (target AnswersFile) and hands the engine this neutral tree.
public indirect enum AnswerNode: Equatable, Sendable {
    case scalar(String, line: Int?)
    case sequence([AnswerNode], line: Int?)
    case mapping([MappingEntry], line: Int?)
    case null(line: Int?)

    public struct MappingEntry: Equatable, Sendable {
        public var key: String
        public var keyLine: Int?
        public var value: AnswerNode
        public init(key: String, keyLine: Int?, value: AnswerNode) {
            self.key = key
            self.keyLine = keyLine
            self.value = value
        }
    }

    public var line: Int? {
        switch self {
        case .scalar(_, let line), .sequence(_, let line), .mapping(_, let line), .null(let line):
            return line
        }
    }

    /// What the user wrote, in words, for "expected X, found Y" messages.
    var kindDescription: String {
        switch self {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "nothing"
        }
    }
}
