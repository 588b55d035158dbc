import RoleEngine

/// What a pick list offers, read from the account (or, for JupyterLab versions, known): the
/// console's drop-downs, for the fields where people choose rather than remember ids.
public enum LookupKind: String, Hashable, Sendable, CaseIterable {
    case domains, jupyterLabVersions, passRoles, subnets, securityGroups, kmsKeys, policies

    /// What the list is called on screen ("Looking up subnets…", "No subnets in us-east-1").
    public var noun: String {
        switch self {
        case .domains: return "Studio domains"
        case .jupyterLabVersions: return "JupyterLab versions"
        case .passRoles: return "roles SageMaker may assume"
        case .subnets: return "subnets"
        case .securityGroups: return "security groups"
        case .kmsKeys: return "KMS keys"
        case .policies: return "managed policies"
        }
    }

    /// The AWS call behind it, named in help and when the call is refused.
    public var call: String? {
        switch self {
        case .domains: return "sagemaker:ListDomains"
        case .jupyterLabVersions: return nil
        case .passRoles: return "iam:ListRoles"
        case .subnets: return "ec2:DescribeSubnets"
        case .securityGroups: return "ec2:DescribeSecurityGroups"
        case .kmsKeys: return "kms:ListAliases"
        case .policies: return "iam:ListPolicies"
        }
    }

    /// Whether the list is known without asking AWS.
    public var isBuiltIn: Bool { self == .jupyterLabVersions }

    /// Whether the list depends on the region (IAM's lists are the same in every region).
    public var isRegional: Bool {
        switch self {
        case .passRoles, .policies, .jupyterLabVersions: return false
        case .domains, .subnets, .securityGroups, .kmsKeys: return true
        }
    }

    /// The versions the onboarding dialog offers (`JupyterLabImage` maps them to image ARNs).
    public static let jupyterLabRows: [PickItem] = [
        PickItem(value: "3", title: "JupyterLab 3", detail: "SageMaker image jupyter-server-3 (current)"),
        PickItem(value: "1", title: "JupyterLab 1", detail: "SageMaker image jupyter-server (legacy)"),
    ]
}

/// One row of a pick list: the value that goes into the field, and what the row shows.
public struct PickItem: Equatable, Sendable {
    public var value: String
    public var title: String
    public var detail: String
    /// Value, title and detail in lower case as UTF-8, for the filter: a byte search keeps a
    /// keystroke in a list of thousands of rows well under a millisecond (String's `contains`
    /// costs about a microsecond a row).
    let searchBytes: [UInt8]

    public init(value: String, title: String, detail: String) {
        self.value = value
        self.title = title
        self.detail = detail
        searchBytes = Array((value + " " + title + " " + detail).lowercased().utf8)
    }

    /// The rows holding every word of `filter` (case ignored), in order.
    public static func matching(_ rows: [PickItem], filter: String) -> [PickItem] {
        let words = filter.lowercased().split(separator: " ").map { Array($0.utf8) }
        guard !words.isEmpty else { return rows }
        return rows.filter { row in words.allSatisfy { Self.bytes(row.searchBytes, contain: $0) } }
    }

    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

/// Why a lookup gave nothing: one line for the status row (the field still takes typing).
public struct LookupFailure: Error, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A lookup the core asks the driver to run off the loop. `serial` ties its results to the
/// pick list that asked, so a late answer to a closed list is dropped.
public struct LookupRequest: Equatable, Sendable {
    public var serial: Int
    public var kind: LookupKind
    /// The region of the answers (empty: the profile's).
    public var region: String

    public init(serial: Int, kind: LookupKind, region: String) {
        self.serial = serial
        self.kind = kind
        self.region = region
    }
}

/// An open pick list: its rows as they arrive, the filter typed, the highlighted row, and
/// the values marked. Lists that fill a list field (subnets, roles, policies) take several
/// marks; the others take the highlighted row.
public struct PickList: Equatable, Sendable {
    public var kind: LookupKind
    /// The field the choice goes into (`.policyFilter` stands for the managed-policy list).
    public var target: FieldID
    public var multiple: Bool
    public var serial: Int
    public var items: [PickItem] = []
    /// True until the lookup's last page arrived (or it failed).
    public var loading: Bool
    public var filter = ""
    /// Index into `visible`.
    public var highlight = 0
    /// Marked values in the order they will be written; values typed earlier that the list
    /// does not hold stay marked, so picking never drops them.
    public var marked: [String]
    /// The marks the list opened with: Enter with none changed takes the highlighted row too.
    public var initialMarks: [String]
    /// The dialog the list returns to (onboarding), or nil for a step.
    public var returnTo: WizardState.Modal?

    /// Rows matching every word of the filter.
    public var visible: [PickItem] { PickItem.matching(items, filter: filter) }

    public var highlighted: PickItem? {
        let rows = visible
        return rows.indices.contains(highlight) ? rows[highlight] : nil
    }

    mutating func move(by delta: Int) {
        let count = visible.count
        highlight = count == 0 ? 0 : max(0, min(count - 1, highlight + delta))
    }

    mutating func toggleHighlighted() {
        guard let item = highlighted else { return }
        if let index = marked.firstIndex(of: item.value) { marked.remove(at: index) } else { marked.append(item.value) }
    }

    /// Rows arrived; the highlight stays on the row it was on.
    mutating func receive(_ rows: [PickItem]) {
        let current = highlighted?.value
        let known = Set(items.map(\.value))
        items += rows.filter { !known.contains($0.value) }
        if let current, let index = visible.firstIndex(where: { $0.value == current }) { highlight = index }
    }
}
