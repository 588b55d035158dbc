import Foundation
import RoleEngine

/// One statement of a policy the role holds, in the shapes the matcher compares: actions,
/// resources and condition values as lists, whatever form the JSON used. `original` keeps the
/// statement as written, for the document of statements that map to no activity.
public struct ImportedStatement: Equatable, Sendable {
    public var sid: String?
    /// 1-based position in its policy, named in reports when there is no Sid.
    public var index: Int
    public var effect: String
    public var actions: [String]
    public var resources: [String]
    /// Operator → key → values; bools and numbers as their JSON text.
    public var condition: [String: [String: [String]]]
    /// Deny, NotAction, NotResource or a Principal: shapes no activity produces.
    public var unsupportedReason: String?
    public var original: [String: JSONValue]

    /// `Sid X` or `statement N`: how reports point at it.
    public var label: String { sid.map { "Sid \($0)" } ?? "statement \(index)" }
}

/// Parsing of IAM policy JSON text (as IAM stores it, whitespace and list forms as written).
public enum PolicyText {
    /// The statements of a policy document; throws a message when the text is not one.
    public static func statements(_ text: String) throws(ImportError) -> [ImportedStatement] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let document = object as? [String: Any] else {
            throw ImportError("is not a JSON policy document")
        }
        let raw: [Any]
        switch document["Statement"] {
        case let list as [Any]: raw = list
        case let one as [String: Any]: raw = [one]
        default: throw ImportError("has no Statement")
        }
        var result: [ImportedStatement] = []
        for (i, item) in raw.enumerated() {
            guard let statement = item as? [String: Any] else { throw ImportError("statement \(i + 1) is not an object") }
            result.append(parse(statement, index: i + 1))
        }
        return result
    }

    static func parse(_ statement: [String: Any], index: Int) -> ImportedStatement {
        let effect = statement["Effect"] as? String ?? ""
        var condition: [String: [String: [String]]] = [:]
        for (op, keys) in statement["Condition"] as? [String: Any] ?? [:] {
            var entries: [String: [String]] = [:]
            for (key, value) in keys as? [String: Any] ?? [:] { entries[key] = strings(value) }
            condition[op] = entries
        }
        var unsupported: String?
        if effect != "Allow" { unsupported = "Effect \(effect.isEmpty ? "missing" : effect)" }
        for element in ["NotAction", "NotResource", "Principal", "NotPrincipal"] where statement[element] != nil {
            unsupported = unsupported ?? element
        }
        if statement["Action"] == nil { unsupported = unsupported ?? "no Action" }
        return ImportedStatement(
            sid: statement["Sid"] as? String, index: index, effect: effect,
            actions: strings(statement["Action"] as Any), resources: strings(statement["Resource"] as Any),
            condition: condition, unsupportedReason: unsupported,
            original: (json(statement).objectMembers) ?? [:])
    }

    /// A JSON string or list of strings as a list; other scalars as their JSON text.
    static func strings(_ value: Any) -> [String] {
        switch value {
        case let s as String: return [s]
        case let list as [Any]: return list.flatMap { strings($0) }
        case let n as NSNumber: return [scalarText(n)]
        default: return []
        }
    }

    static func scalarText(_ n: NSNumber) -> String {
        if isBool(n) { return n.boolValue ? "true" : "false" }
        return n.stringValue
    }

    static func isBool(_ n: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(n) == CFBooleanGetTypeID()
        #else
        return type(of: n) == type(of: NSNumber(value: true)) && String(cString: n.objCType) == "c"
        #endif
    }

    /// Foundation's JSON objects as the engine's `JSONValue` (numbers other than integers as text).
    public static func json(_ value: Any) -> JSONValue {
        switch value {
        case let s as String: return .string(s)
        case let n as NSNumber:
            if isBool(n) { return .bool(n.boolValue) }
            if let i = Int(exactly: n.doubleValue), n.stringValue == String(i) { return .int(i) }
            return .string(n.stringValue)
        case let list as [Any]: return .array(list.map(json))
        case let object as [String: Any]: return .object(object.mapValues(json))
        default: return .null
        }
    }
}

extension JSONValue {
    var objectMembers: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

/// A role, file or policy that cannot be imported, in words for the person at the keyboard.
public struct ImportError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
