/// A catalog resource template (`arn:{{partition}}:s3:::{{param:s3Buckets}}/*`) used the other
/// way round: does a resource a role holds have this shape, and which values fill the
/// placeholders? The template's own text, `*` included, must appear literally.
struct ResourcePattern: Sendable {
    enum Piece: Equatable, Sendable {
        case literal(String)
        /// `partition`, `region`, `account`, or a list placeholder (`param:KEY`, `subnets`, …).
        case placeholder(String)
    }

    let pieces: [Piece]

    init(_ template: String) {
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            pieces.append(.placeholder(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces
    }

    /// The placeholders that hold values of the role (not partition, region or account).
    var listPlaceholders: [String] {
        pieces.compactMap { if case .placeholder(let name) = $0, !Self.scalars.contains(name) { return name }; return nil }
    }

    static let scalars: Set<String> = ["partition", "region", "account"]

    /// Placeholder → the text it matched, or nil when `resource` does not have this shape.
    func match(_ resource: String) -> [String: String]? {
        let whole = pieces.count == 1
        return match(pieces[...], Substring(resource), whole: whole, bound: [:])
    }

    private func match(_ pieces: ArraySlice<Piece>, _ text: Substring, whole: Bool,
                       bound: [String: String]) -> [String: String]? {
        guard let first = pieces.first else { return text.isEmpty ? bound : nil }
        switch first {
        case .literal(let literal):
            guard text.hasPrefix(literal) else { return nil }
            return match(pieces.dropFirst(), text.dropFirst(literal.count), whole: whole, bound: bound)
        case .placeholder(let name):
            var end = text.startIndex
            while end < text.endIndex {
                end = text.index(after: end)
                let value = text[text.startIndex..<end]
                guard Self.allows(name, value, whole: whole) else {
                    if Self.stopsAt(value.last!, name: name, whole: whole) { break }
                    continue
                }
                var next = bound
                next[name] = String(value)
                if let found = match(pieces.dropFirst(), text[end...], whole: whole, bound: next) { return found }
            }
            return nil
        }
    }

    /// A value never holds wildcards or policy variables; only a placeholder that is the whole
    /// template (a role or repository ARN) spans `/` and `:`.
    private static func stopsAt(_ c: Character, name: String, whole: Bool) -> Bool {
        if c == "*" || c == "?" || c == "$" { return name != "region" && name != "account" || c != "*" }
        return !whole && (c == "/" || c == ":")
    }

    private static func allows(_ name: String, _ value: Substring, whole: Bool) -> Bool {
        switch name {
        case "partition": return value == "aws" || value == "aws-cn" || value == "aws-us-gov"
        case "region": return value == "*" || (value.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        case "account": return value == "*" || (value.count == 12 && value.allSatisfy { $0.isASCII && $0.isNumber })
        default:
            return !value.contains { $0 == "*" || $0 == "?" || $0 == "$" || (!whole && ($0 == "/" || $0 == ":")) }
        }
    }
}
