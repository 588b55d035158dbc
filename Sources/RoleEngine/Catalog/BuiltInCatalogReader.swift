/// Reads the built-in catalog without `JSONDecoder`, which every command that builds a plan paid for at start-up:
/// its generic decoding and the Swift runtime's protocol-conformance lookups behind it cost about as much as the
/// rest of building the plan. It reads the bytes straight into the catalog's types, with no tree in between.
///
/// It reads exactly the layout of `Catalog.File` and gives up (`nil`) on anything else (an unknown or repeated
/// key, a number that is not a small whole one), so the caller falls back to `JSONDecoder`, whose messages
/// describe what is wrong. User catalogs (`--catalog`) always go through `JSONDecoder`. `CatalogTests` checks
/// that both read the shipped catalog to the same value.
struct BuiltInCatalogReader {
    private struct Unreadable: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The catalog file in `bytes`, or `nil` when it is not exactly the layout this reader knows.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Catalog.File? {
        var reader = BuiltInCatalogReader(bytes: bytes)
        do {
            let file = try reader.file()
            reader.skipWhitespace()
            return reader.index == bytes.count ? file : nil
        } catch {
            return nil
        }
    }

    // MARK: - The catalog's types

    private mutating func file() throws(Unreadable) -> Catalog.File {
        var version: Int?
        var blocks: [String: ConditionBlock]?
        var personas: [PersonaDefinition]?
        var activities: [ActivityDefinition]?
        var seen = Seen()
        try beginObject()
        while let key = try nextKey() {
            switch key {
            case "formatVersion": try seen.mark(0); version = try number()
            case "conditionBlocks":
                try seen.mark(1)
                guard !skipNull() else { continue }
                var result: [String: ConditionBlock] = [:]
                try beginObject()
                while let name = try nextKey() {
                    guard result.updateValue(try conditionBlock(), forKey: name) == nil else { throw Unreadable() }
                }
                blocks = result
            case "personas":
                try seen.mark(2)
                guard !skipNull() else { continue }
                personas = try list { reader throws(Unreadable) in try reader.persona() }
            case "activities":
                try seen.mark(3)
                guard !skipNull() else { continue }
                activities = try list { reader throws(Unreadable) in try reader.activity() }
            default: throw Unreadable()
            }
        }
        guard let version else { throw Unreadable() }
        return Catalog.File(formatVersion: version, conditionBlocks: blocks, personas: personas,
                            activities: activities)
    }

    private mutating func conditionBlock() throws(Unreadable) -> ConditionBlock {
        var requires: RoleSetting?, why: String?, condition: ConditionTemplate?
        var seen = Seen()
        try beginObject()
        while let key = try nextKey() {
            switch key {
            case "requires": try seen.mark(0); requires = try setting()
            case "why": try seen.mark(1); why = try string()
            case "condition": try seen.mark(2); condition = try self.condition()
            default: throw Unreadable()
            }
        }
        guard let requires, let why, let condition else { throw Unreadable() }
        return ConditionBlock(requires: requires, why: why, condition: condition)
    }

    private mutating func persona() throws(Unreadable) -> PersonaDefinition {
        var id: String?, title: String?, summary: String?, activities: [String]?
        var seen = Seen()
        try beginObject()
        while let key = try nextKey() {
            switch key {
            case "id": try seen.mark(0); id = try string()
            case "title": try seen.mark(1); title = try string()
            case "summary": try seen.mark(2); summary = try string()
            case "activities": try seen.mark(3); activities = try strings()
            default: throw Unreadable()
            }
        }
        guard let id, let title, let summary, let activities else { throw Unreadable() }
        return PersonaDefinition(id: id, title: title, summary: summary, activities: activities)
    }

    private mutating func activity() throws(Unreadable) -> ActivityDefinition {
        var id: String?, title: String?, template: String?, description: String?
        var network: Bool?, encryption: Bool?
        var parameters: [ParameterDefinition]?, managedPolicies: [String]?, statements: [StatementTemplate]?
        var seen = Seen()
        try beginObject()
        while let key = try nextKey() {
            switch key {
            case "id": try seen.mark(0); id = try string()
            case "title": try seen.mark(1); title = try string()
            case "template": try seen.mark(2); template = try string()
            case "description": try seen.mark(3); description = try string()
            case "network": try seen.mark(4); network = try bool()
            case "encryption": try seen.mark(5); encryption = try bool()
            case "parameters":
                try seen.mark(6)
                parameters = try list { reader throws(Unreadable) in try reader.parameter() }
            case "managedPolicies":
                try seen.mark(7)
                if !skipNull() { managedPolicies = try strings() }
            case "statements":
                try seen.mark(8)
                statements = try list { reader throws(Unreadable) in try reader.statement() }
            default: throw Unreadable()
            }
        }
        guard let id, let title, let template, let description, let network, let encryption, let parameters,
              let statements else { throw Unreadable() }
        return ActivityDefinition(id: id, title: title, template: template, description: description,
                                  network: network, encryption: encryption, parameters: parameters,
                                  managedPolicies: managedPolicies, statements: statements)
    }

    private mutating func parameter() throws(Unreadable) -> ParameterDefinition {
        var key: String?, title: String?, kind: ParameterKind?, required: Bool?, defaults: [String]?, help: String?
        var seen = Seen()
        try beginObject()
        while let name = try nextKey() {
            switch name {
            case "key": try seen.mark(0); key = try string()
            case "title": try seen.mark(1); title = try string()
            case "kind":
                try seen.mark(2)
                guard let value = ParameterKind(rawValue: try string()) else { throw Unreadable() }
                kind = value
            case "required": try seen.mark(3); required = try bool()
            case "default":
                try seen.mark(4)
                if !skipNull() { defaults = try strings() }
            case "help": try seen.mark(5); help = try string()
            default: throw Unreadable()
            }
        }
        guard let key, let title, let kind, let required, let help else { throw Unreadable() }
        return ParameterDefinition(key: key, title: title, kind: kind, required: required, default: defaults,
                                   help: help)
    }

    private mutating func statement() throws(Unreadable) -> StatementTemplate {
        var sid: String?, why: String?, when: RoleSetting?, gates: [String]?
        var actions: [String]?, resources: [String]?, condition: ConditionTemplate?
        var seen = Seen()
        try beginObject()
        while let key = try nextKey() {
            switch key {
            case "sid": try seen.mark(0); sid = try string()
            case "why": try seen.mark(1); why = try string()
            case "when":
                try seen.mark(2)
                if !skipNull() { when = try setting() }
            case "gates":
                try seen.mark(3)
                if !skipNull() { gates = try strings() }
            case "actions": try seen.mark(4); actions = try strings()
            case "resources": try seen.mark(5); resources = try strings()
            case "condition":
                try seen.mark(6)
                if !skipNull() { condition = try self.condition() }
            default: throw Unreadable()
            }
        }
        guard let sid, let why, let actions, let resources else { throw Unreadable() }
        return StatementTemplate(sid: sid, why: why, when: when, gates: gates, actions: actions,
                                 resources: resources, condition: condition)
    }

    /// Operators and keys sorted, as `ConditionTemplate.init(from:)` sorts them; a value is one string or a list.
    private mutating func condition() throws(Unreadable) -> ConditionTemplate {
        var clauses: [ConditionTemplate.Clause] = []
        try beginObject()
        while let op = try nextKey() {
            guard !clauses.contains(where: { $0.op == op }) else { throw Unreadable() }
            var entries: [ConditionTemplate.Entry] = []
            try beginObject()
            while let key = try nextKey() {
                guard !entries.contains(where: { $0.key == key }) else { throw Unreadable() }
                skipWhitespace()
                let value: ConditionValue = peek(UInt8(ascii: "\"")) ? .single(try string()) : .list(try strings())
                entries.append(ConditionTemplate.Entry(key: key, value: value))
            }
            clauses.append(ConditionTemplate.Clause(op: op, entries: entries.sorted { $0.key < $1.key }))
        }
        return ConditionTemplate(clauses: clauses.sorted { $0.op < $1.op })
    }

    private mutating func setting() throws(Unreadable) -> RoleSetting {
        guard let setting = RoleSetting(rawValue: try string()) else { throw Unreadable() }
        return setting
    }

    /// The keys of one object seen so far, by their place in the type's list: a repeated key gives up.
    private struct Seen {
        private var bits: UInt32 = 0

        mutating func mark(_ bit: Int) throws(Unreadable) {
            guard bits & (1 << bit) == 0 else { throw Unreadable() }
            bits |= 1 << bit
        }
    }

    // MARK: - JSON

    private mutating func beginObject() throws(Unreadable) {
        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else { throw Unreadable() }
        firstPending = true
    }

    /// Whether the next member of the object being read is its first (no comma before it). One flag serves
    /// nested objects too: an inner object is read whole between two keys of the outer one.
    private var firstPending = false

    /// The next member's key (with its colon read), or `nil` at the end of the object.
    private mutating func nextKey() throws(Unreadable) -> String? {
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            firstPending = false
            return nil
        }
        if firstPending {
            firstPending = false
        } else {
            guard consume(UInt8(ascii: ",")) else { throw Unreadable() }
            skipWhitespace()
        }
        let key = try string()
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else { throw Unreadable() }
        return key
    }

    /// A list, each element read by `element`.
    private mutating func list<T>(_ element: (inout Self) throws(Unreadable) -> T) throws(Unreadable) -> [T] {
        skipWhitespace()
        guard consume(UInt8(ascii: "[")) else { throw Unreadable() }
        var items: [T] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return items }
        while true {
            items.append(try element(&self))
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return items }
            guard consume(UInt8(ascii: ",")) else { throw Unreadable() }
        }
    }

    private mutating func strings() throws(Unreadable) -> [String] {
        try list { reader throws(Unreadable) in try reader.string() }
    }

    /// Reads `null` if it is next; an optional member written as `null` is absent, as for `decodeIfPresent`.
    private mutating func skipNull() -> Bool {
        skipWhitespace()
        return literal("null")
    }

    private mutating func bool() throws(Unreadable) -> Bool {
        skipWhitespace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw Unreadable()
    }

    /// Only small whole numbers (formatVersion); anything else is left to JSONDecoder.
    private mutating func number() throws(Unreadable) -> Int {
        skipWhitespace()
        var number = 0
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start, index - start <= 9, index == start + 1 || bytes[start] != UInt8(ascii: "0") else {
            throw Unreadable()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
            throw Unreadable()
        }
        return number
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// A string. Plain runs are copied whole; escapes as RFC 8259 has them.
    private mutating func string() throws(Unreadable) -> String {
        skipWhitespace()
        guard consume(UInt8(ascii: "\"")) else { throw Unreadable() }
        var escaped: [UInt8]?
        var runStart = index
        while true {
            guard index < bytes.count else { throw Unreadable() }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else { throw Unreadable() }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            var text = escaped ?? []
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            index += 1
            try escape(into: &text)
            escaped = text
            runStart = index
        }
        let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
        index += 1
        // Invalid UTF-8 would be repaired by String(decoding:), so give up on it instead.
        let result: String?
        if var text = escaped {
            text.append(contentsOf: run)
            result = String(validating: text, as: UTF8.self)
        } else {
            result = String(validating: run, as: UTF8.self)
        }
        guard let result else { throw Unreadable() }
        return result
    }

    /// One escape, `index` just after its backslash; leaves `index` after it.
    private mutating func escape(into text: inout [UInt8]) throws(Unreadable) {
        guard index < bytes.count else { throw Unreadable() }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard literal("\\u") else { throw Unreadable() }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Unreadable() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Unreadable() }
            text.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw Unreadable()
        }
    }

    /// Four hex digits; leaves `index` after them.
    private mutating func hex4() throws(Unreadable) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Unreadable() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unreadable()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek(byte) else { return false }
        index += 1
        return true
    }
}
