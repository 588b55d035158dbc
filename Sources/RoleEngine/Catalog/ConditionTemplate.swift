/// An IAM Condition element: operator → condition key → value(s).
///
/// Operators and keys keep the order in which they were written so rendered policies read
/// like the catalog; JSON rendering sorts keys anyway for byte-stable output.
public struct ConditionTemplate: Codable, Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: ConditionValue
    }
    public struct Clause: Equatable, Sendable {
        public var op: String
        public var entries: [Entry]
    }
    public var clauses: [Clause]

    public init(clauses: [Clause] = []) { self.clauses = clauses }

    public var isEmpty: Bool { clauses.isEmpty }

    /// Adds every clause of `other`; entries for the same operator and key are replaced,
    /// which never happens between a statement and its gates in the shipped catalog.
    public func merged(with other: ConditionTemplate) -> ConditionTemplate {
        var result = self
        for clause in other.clauses {
            if let i = result.clauses.firstIndex(where: { $0.op == clause.op }) {
                for entry in clause.entries {
                    if let j = result.clauses[i].entries.firstIndex(where: { $0.key == entry.key }) {
                        result.clauses[i].entries[j] = entry
                    } else {
                        result.clauses[i].entries.append(entry)
                    }
                }
            } else {
                result.clauses.append(clause)
            }
        }
        return result
    }

    public func mapValues(_ transform: (ConditionValue) -> ConditionValue) -> ConditionTemplate {
        ConditionTemplate(clauses: clauses.map { clause in
            Clause(op: clause.op, entries: clause.entries.map { Entry(key: $0.key, value: transform($0.value)) })
        })
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let outer = try decoder.container(keyedBy: DynamicKey.self)
        clauses = try outer.allKeys.sorted { $0.stringValue < $1.stringValue }.map { opKey in
            let inner = try outer.nestedContainer(keyedBy: DynamicKey.self, forKey: opKey)
            let entries = try inner.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
                Entry(key: key.stringValue, value: try inner.decode(ConditionValue.self, forKey: key))
            }
            return Clause(op: opKey.stringValue, entries: entries)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var outer = encoder.container(keyedBy: DynamicKey.self)
        for clause in clauses {
            var inner = outer.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey(stringValue: clause.op))
            for entry in clause.entries {
                try inner.encode(entry.value, forKey: DynamicKey(stringValue: entry.key))
            }
        }
    }
}

/// A condition value is written either as one string or as a list; IAM treats both alike,
/// and we keep the author's form.
public enum ConditionValue: Codable, Equatable, Sendable {
    case single(String)
    case list([String])

    public var values: [String] {
        switch self {
        case .single(let v): return [v]
        case .list(let vs): return vs
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let s = try? container.decode(String.self) {
            self = .single(s)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let v): try container.encode(v)
        case .list(let vs): try container.encode(vs)
        }
    }
}
