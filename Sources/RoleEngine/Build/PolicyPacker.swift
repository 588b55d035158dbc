/// Fits the statements of the chosen activities into customer-managed policies within IAM's
/// quotas: each policy at most 6,144 characters (whitespace not counted), and the role at most
/// `quota` attached managed policies in all.
///
/// The preferred layout is one policy per activity (what the console makes, and the easiest to
/// review). An activity too large for one policy is split by statements, and a statement too
/// large by its resources. Only when the role would exceed the attachment quota are whole
/// activities merged, first-fit by decreasing size, into as few policies as needed.
public struct PolicyPacker {
    public static let policySizeLimit = 6144

    public struct Unit: Equatable, Sendable {
        public var activity: String
        public var title: String
        public var statements: [PolicyStatement]
        public init(activity: String, title: String, statements: [PolicyStatement]) {
            self.activity = activity
            self.title = title
            self.statements = statements
        }
    }

    public var roleName: String
    public var policyPath: String
    public var sizeLimit: Int = PolicyPacker.policySizeLimit

    public init(roleName: String, policyPath: String) {
        self.roleName = roleName
        self.policyPath = policyPath
    }

    /// Packs `units` into at most `budget` policies, or throws a `QuotaError` that says what to drop.
    public func pack(_ units: [Unit], budget: Int, fixedAttachments: [String], quota: Int) throws -> [ManagedPolicyPlan] {
        var perActivity: [[PolicyStatement]] = []
        var names: [String] = []
        var owners: [[Unit]] = []
        for unit in units {
            let parts = try split(unit)
            for (i, part) in parts.enumerated() {
                perActivity.append(part)
                names.append(i == 0 ? "\(roleName)-\(unit.activity)" : "\(roleName)-\(unit.activity)-part\(i + 1)")
                owners.append([unit])
            }
        }
        if perActivity.count <= budget {
            return zip(zip(perActivity, names), owners).map { pair, owner in
                plan(name: pair.1, units: owner, statements: pair.0)
            }
        }

        // Too many attachments: merge the two smallest policies that fit together, again and
        // again, until the role is within budget. Merging no more than needed keeps as many
        // activities as possible in policies of their own.
        struct Piece { var units: [Unit]; var statements: [PolicyStatement]; var name: String? }
        var pieces = perActivity.indices.map { i in
            Piece(units: owners[i], statements: perActivity[i], name: names[i])
        }
        while pieces.count > budget {
            var best: (i: Int, j: Int, size: Int)?
            for i in pieces.indices {
                for j in pieces.indices where j > i {
                    let size = PolicyDocument(statements: pieces[i].statements + pieces[j].statements).size
                    if size <= sizeLimit && size < (best?.size ?? Int.max) { best = (i, j, size) }
                }
            }
            guard let (i, j, _) = best else {
                throw QuotaError.tooManyPolicies(needed: pieces.count + fixedAttachments.count, quota: quota,
                                                 managedPolicies: fixedAttachments,
                                                 activities: units.map { ($0.title, PolicyDocument(statements: $0.statements).size) })
            }
            pieces[i].units += pieces[j].units.filter { u in !pieces[i].units.contains { $0.activity == u.activity } }
            pieces[i].statements += pieces[j].statements
            pieces[i].name = nil
            pieces.remove(at: j)
        }
        var bundle = 0
        return pieces.map { piece in
            if let name = piece.name { return plan(name: name, units: piece.units, statements: piece.statements) }
            bundle += 1
            return plan(name: "\(roleName)-bundle-\(bundle)", units: piece.units, statements: piece.statements)
        }
    }

    private func plan(name: String, units: [Unit], statements: [PolicyStatement]) -> ManagedPolicyPlan {
        let titles = units.map(\.title).joined(separator: ", ")
        return ManagedPolicyPlan(
            name: name, path: policyPath,
            description: "smrole: \(titles) for role \(roleName)",
            activities: units.map(\.activity),
            document: PolicyDocument(statements: statements))
    }

    /// One activity's statements as one or more documents, each within the size limit.
    private func split(_ unit: Unit) throws -> [[PolicyStatement]] {
        if PolicyDocument(statements: unit.statements).size <= sizeLimit { return [unit.statements] }
        var parts: [[PolicyStatement]] = []
        var current: [PolicyStatement] = []
        for statement in try unit.statements.flatMap({ try fit($0, activity: unit.title) }) {
            if PolicyDocument(statements: current + [statement]).size <= sizeLimit {
                current.append(statement)
            } else {
                parts.append(current)
                current = [statement]
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts.filter { !$0.isEmpty }
    }

    /// A statement that alone exceeds the limit is cut into statements over halves of its resources.
    private func fit(_ statement: PolicyStatement, activity: String) throws -> [PolicyStatement] {
        if PolicyDocument(statements: [statement]).size <= sizeLimit { return [statement] }
        guard statement.resources.count > 1 else {
            throw QuotaError.statementTooLarge(activity: activity, sid: statement.sid ?? "?",
                                               size: PolicyDocument(statements: [statement]).size)
        }
        let half = statement.resources.count / 2
        var first = statement, second = statement
        first.resources = Array(statement.resources[..<half])
        second.resources = Array(statement.resources[half...])
        second.sid = statement.sid.map { $0 + "Part" + String(half) }
        return try fit(first, activity: activity) + fit(second, activity: activity)
    }
}

/// The role cannot be built within IAM's quotas; the message says what to drop.
public enum QuotaError: Error, Equatable, CustomStringConvertible {
    case tooManyPolicies(needed: Int, quota: Int, managedPolicies: [String], activities: [(String, Int)])
    case statementTooLarge(activity: String, sid: String, size: Int)
    case trustPolicyTooLarge(size: Int)

    public static func == (a: QuotaError, b: QuotaError) -> Bool { a.description == b.description }

    public var description: String {
        switch self {
        case let .tooManyPolicies(needed, quota, managed, activities):
            var lines = ["The role needs \(needed) managed policies, but IAM attaches at most \(quota) to one role (even after merging activities into shared policies of up to \(PolicyPacker.policySizeLimit) characters)."]
            lines.append("Drop at least \(needed - quota) of these, or raise the quota with --max-managed-policies (up to 20, after raising it in Service Quotas, code L-0DA4ABF3):")
            for arn in managed { lines.append("  - managed policy \(arn)") }
            for (title, size) in activities.sorted(by: { $0.1 > $1.1 }) { lines.append("  - activity \(title) (\(size) characters)") }
            return lines.joined(separator: "\n")
        case let .statementTooLarge(activity, sid, size):
            return "Statement \(sid) of \(activity) is \(size) characters with a single resource, over IAM's \(PolicyPacker.policySizeLimit)-character policy limit; shorten its values."
        case let .trustPolicyTooLarge(size):
            return "The trust policy is \(size) characters, over IAM's default limit of 2048."
        }
    }
}
