import RoleEngine

/// A permissions boundary given as a policy file (`simulate --boundary-file`). It is read as
/// IAM reads a policy; one IAM would refuse to store is refused here too, with the first of
/// its problems, rather than evaluated as far as it could be read.
public enum BoundaryDocument {
    public static func read(_ text: String, name: String) throws(BoundaryDocumentError) -> PolicySimulator.Source {
        let node: JSONNode
        do { node = try JSONNodeParser.parse(text) } catch {
            throw BoundaryDocumentError(problem: error.description)
        }
        let (policy, findings) = PolicyReader.read(node)
        let grammar: Set<String> = ["MALFORMED_JSON", "MALFORMED", "DUPLICATE_KEY", "DUPLICATE_SID", "INVALID_VERSION",
                                    "UNKNOWN_OPERATOR"]
        if let refused = findings.first(where: { grammar.contains($0.code) }) {
            let place = refused.line.map { "line \($0): " } ?? ""
            throw BoundaryDocumentError(problem: "\(place)\(refused.message) (smrole lint shows every problem)")
        }
        return PolicySimulator.Source(name: "permissions boundary \(name)", policy: policy)
    }
}

public struct BoundaryDocumentError: Error, CustomStringConvertible {
    public let problem: String
    public var description: String { "is not a policy IAM would accept as a permissions boundary: \(problem)" }
}
