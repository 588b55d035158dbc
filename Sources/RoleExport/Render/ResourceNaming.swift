import RoleEngine

/// Names for the resources of one plan inside a template: CloudFormation logical ids
/// (alphanumeric) and Terraform resource names (snake case), derived from the part of
/// each policy name after the role name so they read like the activity they hold.
struct ResourceNaming {
    /// Per customer-managed policy, in plan order, unique within the plan.
    let logicalIds: [String]
    let terraformNames: [String]

    init(plan: RolePlan) {
        var logical: [String] = []
        var snake: [String] = []
        for policy in plan.policies {
            let words = Self.words(in: Self.suffix(of: policy.name, role: plan.roleName))
            logical.append(Self.unique(words.map(Self.capitalized).joined() + "Policy", in: logical))
            snake.append(Self.unique(words.map { $0.lowercased() }.joined(separator: "_"), in: snake))
        }
        logicalIds = logical
        terraformNames = snake
    }

    static func suffix(of name: String, role: String) -> String {
        name.hasPrefix(role + "-") ? String(name.dropFirst(role.count + 1)) : name
    }

    /// ASCII letters and digits only; everything else separates words.
    static func words(in text: String) -> [String] {
        let words = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        return words.isEmpty ? ["policy"] : words
    }

    static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }

    static func unique(_ candidate: String, in taken: [String]) -> String {
        var name = candidate.first?.isLetter == true ? candidate : "P" + candidate
        var n = 2
        while taken.contains(name) || name == "Role" || name == "role" {
            name = candidate + String(n)
            n += 1
        }
        return name
    }
}
