import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML response as a small tree: what IAM and STS (Query protocol) answer.
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

    /// The text of a descendant, searched depth first.
    public func find(_ name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children { if let found = child.find(name) { return found } }
        return nil
    }

    /// `member` children of a list element.
    public var members: [XMLTree] { children.filter { $0.name == "member" } }

    public static func parse(_ data: Data) -> XMLTree? {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        return parser.parse() ? builder.root : nil
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let node = XMLTree(name: name)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if let node = stack.popLast() { node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }
}
