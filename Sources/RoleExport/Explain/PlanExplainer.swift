import RoleEngine

/// `smrole explain`: every statement of every policy of a plan, with what it allows (derived
/// from the statement itself), the activity and parameters it came from and why it is there —
/// what a reviewer reads before approving, and where intent and grant can be compared.
public enum PlanExplainer {
    public static func text(_ plan: RolePlan, catalog: Catalog, describer: StatementDescriber) -> String {
        var out = "Role \(plan.path)\(plan.roleName)"
        if let arn = plan.roleArn { out += " (\(arn))" }
        out += "\n  persona: \(title(ofPersona: plan.normalizedSpec.persona, catalog))\n"
        if let description = plan.description { out += "  description: \(description)\n" }
        out += "  max session: \(plan.maxSessionDuration) s"
        if let boundary = plan.permissionsBoundary { out += "; permissions boundary \(boundary)" }
        out += "\n  attachments: \(plan.attachmentCount) of \(plan.managedPolicyQuota) allowed per role\n"
        if !plan.tags.isEmpty { out += "  tags: " + plan.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "\n" }

        out += "\nTrust policy (\(plan.trustPolicy.size) of \(RoleBuilder.trustPolicyLimit) characters)\n"
        for (i, statement) in plan.trustPolicy.statements.enumerated() {
            out += describe(statement, number: i + 1, catalog: catalog, describer: describer)
        }
        for policy in plan.policies {
            let activities = policy.activities.map { title(ofActivity: $0, catalog) }.joined(separator: "; ")
            out += "\nPolicy \(policy.name) (\(policy.size) of \(PolicyPacker.policySizeLimit) characters) for \(activities)\n"
            for (i, statement) in policy.document.statements.enumerated() {
                out += describe(statement, number: i + 1, catalog: catalog, describer: describer)
            }
        }
        if !plan.managedPolicyArns.isEmpty {
            out += "\nExisting managed policies attached\n"
            for arn in plan.managedPolicyArns { out += "  \(arn)\n" }
        }
        if !plan.warnings.isEmpty {
            out += "\nWarnings\n"
            for warning in plan.warnings { out += "  \(warning)\n" }
        }
        return out
    }

    public static func json(_ plan: RolePlan, describer: StatementDescriber) -> JSONValue {
        func statements(_ document: PolicyDocument) -> JSONValue {
            .array(document.statements.map { statement in
                var entry: [String: JSONValue] = [
                    "statement": statement.json,
                    "allows": .string(allows(statement, describer)),
                    "why": .string(statement.provenance.why),
                    "parameters": .array(statement.provenance.parameters.map(JSONValue.string)),
                ]
                if let activity = statement.provenance.activity { entry["activity"] = .string(activity) }
                return .object(entry)
            })
        }
        return .object([
            "role": .string(plan.roleName),
            "trustPolicy": statements(plan.trustPolicy),
            "policies": .array(plan.policies.map { policy in
                .object([
                    "name": .string(policy.name),
                    "size": .int(policy.size),
                    "activities": .array(policy.activities.map(JSONValue.string)),
                    "statements": statements(policy.document),
                ])
            }),
            "managedPolicyArns": .array(plan.managedPolicyArns.map(JSONValue.string)),
            "warnings": .array(plan.warnings.map(JSONValue.string)),
        ])
    }

    /// The sentence for a plan's statement, read back as IAM will read it.
    static func allows(_ statement: PolicyStatement, _ describer: StatementDescriber) -> String {
        let document = JSONValue.object([
            "Version": .string(PolicyDocument.version), "Statement": .array([statement.json]),
        ])
        guard let read = PolicyReader.read(JSONNode(document)).policy.statements.first else { return "" }
        return describer.sentence(read)
    }

    static func describe(_ statement: PolicyStatement, number: Int, catalog: Catalog,
                         describer: StatementDescriber) -> String {
        var out = "  \(number). \(statement.effect)"
        if let sid = statement.sid { out += " [\(sid)]" }
        out += "\n     meaning: \(allows(statement, describer))\n"
        out += "     actions: " + statement.actions.joined(separator: ", ")
        if let service = statement.principalService { out += " (for \(service))" }
        out += "\n"
        if !statement.resources.isEmpty {
            out += "     on " + statement.resources.joined(separator: "\n        ") + "\n"
        }
        for clause in statement.condition.clauses {
            for entry in clause.entries {
                let values: String
                switch entry.value {
                case .single(let v): values = v
                case .list(let vs): values = vs.joined(separator: ", ")
                }
                out += "     when \(clause.op) \(entry.key): \(values)\n"
            }
        }
        let provenance = statement.provenance
        if let activity = provenance.activity {
            out += "     from \(title(ofActivity: activity, catalog))"
            if !provenance.parameters.isEmpty { out += ", with " + provenance.parameters.joined(separator: ", ") }
            out += "\n"
        }
        out += "     why: \(provenance.why)\n"
        return out
    }

    static func title(ofActivity id: String, _ catalog: Catalog) -> String {
        catalog.activity(id).map { "\($0.title) (\(id))" } ?? id
    }

    static func title(ofPersona id: String, _ catalog: Catalog) -> String {
        catalog.persona(id).map { "\($0.title) (\(id))" } ?? id
    }
}
