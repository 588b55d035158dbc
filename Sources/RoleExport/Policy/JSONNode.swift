import RoleEngine

/// JSON as written in a file, with the line and column of every value and object keys in
/// file order (duplicates kept), so findings can point at the statement they sit in.
public struct JSONNode: Sendable {
    public indirect enum Value: Sendable {
        case string(String)
        /// The number's text as written; IAM compares condition values as text.
        case number(String)
        case bool(Bool)
        case null
        case array([JSONNode])
        case object([Member])
    }

    public struct Member: Sendable {
        public let key: String
        public let line: Int
        /// Of the key's opening quote, in bytes from 1.
        public var column: Int = 0
        public let value: JSONNode
    }

    public let value: Value
    public let line: Int
    public let column: Int

    public init(_ value: Value, line: Int = 0, column: Int = 0) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// The value of the last member with this key (what most JSON readers keep).
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    public var members: [Member]? {
        if case .object(let m) = value { return m }
        return nil
    }

    public var typeName: String {
        switch value {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// A plan's JSON (no positions) in the same form, so simulate reads plans and files alike.
    public init(_ json: JSONValue) {
        let value: Value
        switch json {
        case .string(let s): value = .string(s)
        case .int(let n): value = .number(String(n))
        case .bool(let b): value = .bool(b)
        case .null: value = .null
        case .array(let items): value = .array(items.map(JSONNode.init))
        case .object(let members):
            value = .object(members.keys.sorted().map { Member(key: $0, line: 0, value: JSONNode(members[$0]!)) })
        }
        self.init(value, line: 0, column: 0)
    }
}

public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Not JSON (RFC 8259).
        case syntax
        /// JSON, but nested deeper than `JSONNodeParser.maximumDepth`: the reader stops there.
        case nestedTooDeep
    }

    public let line: Int
    public let column: Int
    public let message: String
    public var kind: Kind = .syntax
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict JSON reader (RFC 8259) that records positions.
public struct JSONNodeParser {
    /// Lists and objects inside each other, at most. IAM documents nest five levels at most;
    /// the bound keeps hostile input (100 000 `[`) off the stack, since the reader recurses
    /// once per level.
    public static let maximumDepth = 32

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONNodeParser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.offset < parser.bytes.count { throw parser.error("unexpected text after the end of the document") }
        return node
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3; lineStart = 3 }
    }

    private var column: Int { offset - lineStart + 1 }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D: offset += 1
            case 0x0A: offset += 1; line += 1; lineStart = offset
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < Self.maximumDepth else {
            var tooDeep = error("lists and objects nest more than \(Self.maximumDepth) levels deep")
            tooDeep.kind = .nestedTooDeep
            throw tooDeep
        }
        guard offset < bytes.count else { throw error("unexpected end of the document; a value was expected") }
        let (startLine, startColumn) = (line, column)
        let value: JSONNode.Value
        switch bytes[offset] {
        case UInt8(ascii: "{"): value = try parseObject(depth: depth)
        case UInt8(ascii: "["): value = try parseArray(depth: depth)
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[offset])))'; a value was expected")
        }
        return JSONNode(value, line: startLine, column: startColumn)
    }

    private mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        let w = Array(word.utf8)
        guard bytes.count - offset >= w.count, Array(bytes[offset..<(offset + w.count)]) == w else {
            throw error("unexpected text; a value was expected")
        }
        offset += w.count
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = offset
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        func digits(_ p: inout JSONNodeParser) -> Int {
            let s = p.offset
            while p.offset < p.bytes.count, (48...57).contains(p.bytes[p.offset]) { p.offset += 1 }
            return p.offset - s
        }
        let leadingZero = offset < bytes.count && bytes[offset] == UInt8(ascii: "0")
        let count = digits(&self)
        guard count > 0 else { throw error("a number needs digits") }
        if leadingZero && count > 1 { throw error("a number cannot start with 0") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        offset += 1
        var out: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw error("unterminated string") }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") { offset += 1; break }
            if byte < 0x20 { throw error("control character in a string; write it as an escape") }
            if byte != UInt8(ascii: "\\") { out.append(byte); offset += 1; continue }
            offset += 1
            guard offset < bytes.count else { throw error("unterminated string") }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard bytes.count - offset >= 6, bytes[offset] == 0x5C, bytes[offset + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    offset += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw error("the string is not valid UTF-8") }
        return text
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[offset]) else { throw error("a \\u escape needs four hex digits") }
            value = value * 16 + UInt32(digit)
            offset += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        offset += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard offset < bytes.count else { throw error("unterminated list; ']' expected") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            if bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
            throw error("',' or ']' expected in a list")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        offset += 1
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("a quoted key was expected") }
            let (keyLine, keyColumn) = (line, column)
            let key = try parseString()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw error("':' expected after the key \"\(key)\"") }
            offset += 1
            skipWhitespace()
            members.append(JSONNode.Member(key: key, line: keyLine, column: keyColumn,
                                           value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard offset < bytes.count else { throw error("unterminated object; '}' expected") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            if bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
            throw error("',' or '}' expected in an object")
        }
    }
}
