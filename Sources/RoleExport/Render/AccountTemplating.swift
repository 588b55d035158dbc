import RoleEngine

/// Splits strings of a plan into literal text and the account-specific parts a deployment
/// tool can fill in itself (partition, region, account id), so that a CloudFormation
/// template or Terraform module works in any account, not only the one it was planned for.
///
/// Only ARN fields equal to the plan's own values are replaced: an ARN in another account
/// (a cross-account PassRole, AWS-managed policies' `aws` account) stays as written.
struct AccountTemplating {
    enum Part: Equatable {
        case literal(String)
        case partition
        case region
        case account
    }

    let partition: String
    let region: String?
    let account: String?

    init(plan: RolePlan) {
        partition = plan.partition
        region = plan.region
        account = plan.account
    }

    /// The string as parts; a single `.literal` when nothing account-specific is in it.
    func parts(of value: String) -> [Part] {
        if let account, value == account { return [.account] }
        guard value.hasPrefix("arn:") else { return [.literal(value)] }
        let fields = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6 else { return [.literal(value)] }
        var parts: [Part] = [.literal("arn:")]
        parts.append(fields[1] == partition ? .partition : .literal(fields[1]))
        parts.append(.literal(":" + fields[2] + ":"))
        if let region, fields[3] == region { parts.append(.region) } else { parts.append(.literal(fields[3])) }
        parts.append(.literal(":"))
        if let account, fields[4] == account { parts.append(.account) } else { parts.append(.literal(fields[4])) }
        parts.append(.literal(":" + fields[5]))
        return merged(parts)
    }

    private func merged(_ parts: [Part]) -> [Part] {
        var out: [Part] = []
        for part in parts {
            if case .literal(let text) = part, case .literal(let previous)? = out.last {
                out[out.count - 1] = .literal(previous + text)
            } else {
                out.append(part)
            }
        }
        return out
    }
}
