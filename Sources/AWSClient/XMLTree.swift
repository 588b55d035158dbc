import Foundation

/// An XML response as a small tree: what IAM and STS (Query protocol) answer. Read by a
/// small parser of its own (elements, attributes skipped, text, entities, comments, CDATA),
/// so the binary does not load libxml2 on every start for answers this simple.
public final class XMLTree: @unchecked Sendable {
    public let name: String
    public internal(set) var text = ""
    public internal(set) var children: [XMLTree] = []

    init(name: String) { self.name = name }

    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Follows a path of element names: `tree["CreateRoleResult", "Role", "Arn"]`.
    public subscript(path: String...) -> XMLTree? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// The first element with this name, searched depth first.
    public func find(_ name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children { if let found = child.find(name) { return found } }
        return nil
    }

    /// `member` children of a list element.
    public var members: [XMLTree] { children.filter { $0.name == "member" } }

    /// Nil when the data is not well-formed XML.
    public static func parse(_ data: Data) -> XMLTree? {
        let bytes = [UInt8](data)
        var i = 0
        var root: XMLTree?
        var stack: [XMLTree] = []
        var text: [UInt8] = []
        func startsWith(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return bytes.count - i >= u.count && Array(bytes[i..<(i + u.count)]) == u
        }
        func skip(past terminator: String) -> Bool {
            let t = Array(terminator.utf8)
            while i + t.count <= bytes.count {
                if Array(bytes[i..<(i + t.count)]) == t { i += t.count; return true }
                i += 1
            }
            return false
        }
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                text.append(bytes[i])
                i += 1
                continue
            }
            if startsWith("<?") { guard skip(past: "?>") else { return nil }; continue }
            if startsWith("<!--") { guard skip(past: "-->") else { return nil }; continue }
            if startsWith("<![CDATA[") {
                i += 9
                let start = i
                guard skip(past: "]]>") else { return nil }
                text += bytes[start..<(i - 3)]
                continue
            }
            if startsWith("<!") { guard skip(past: ">") else { return nil }; continue }
            // A tag: flush text into the open element.
            if let open = stack.last { open.text += decode(text) }
            text.removeAll()
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            var inner = Array(bytes[(i + 1)..<close])
            i = close + 1
            if inner.first == UInt8(ascii: "/") {
                let name = String(decoding: inner.dropFirst().prefix { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }, as: UTF8.self)
                guard let node = stack.popLast(), node.name == name else { return nil }
                // A value's text is kept exactly (a description may end in a space); only the
                // indentation between the children of a container is dropped.
                if !node.children.isEmpty { node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines) }
                continue
            }
            let selfClosing = inner.last == UInt8(ascii: "/")
            if selfClosing { inner.removeLast() }
            let name = String(decoding: inner.prefix { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }, as: UTF8.self)
            guard !name.isEmpty else { return nil }
            let node = XMLTree(name: name)
            if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node } else { return nil }
            if !selfClosing { stack.append(node) }
        }
        return stack.isEmpty ? root : nil
    }

    /// Text with the five XML entities and numeric character references decoded.
    static func decode(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else { out += "&\(entity);" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }
}
