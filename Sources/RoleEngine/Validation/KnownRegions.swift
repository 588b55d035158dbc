/// The AWS regions smrole knows, in the three partitions it builds ARNs for. A region name
/// that is well formed but not listed (`us-east-9`) is a typo far more often than a region
/// opened since this release, so it is refused unless the user overrides the check
/// (`--allow-unknown-region` or `SMROLE_ALLOW_UNKNOWN_REGION=1`, docs/answers-file.md).
public enum KnownRegions {
    public static let names: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "af-south-1",
        "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
        "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ca-central-1", "ca-west-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
        "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
        "cn-north-1", "cn-northwest-1",
        "us-gov-east-1", "us-gov-west-1",
    ]

    /// The environment variable that turns the check off, for regions newer than this list.
    public static let overrideVariable = "SMROLE_ALLOW_UNKNOWN_REGION"

    /// Whether an environment asks for the override (any value but empty, 0 or false).
    public static func overridden(by environment: [String: String]) -> Bool {
        guard let value = environment[overrideVariable]?.lowercased() else { return false }
        return !["", "0", "false", "no"].contains(value)
    }

    /// Why `name` is not a region smrole accepts, or nil. `overrideHint` is how the person
    /// at the keyboard can turn the check off where the message appears.
    public static func problem(_ name: String, allowUnknown: Bool, overrideHint: String) -> String? {
        if let shape = IAMRules.region(name) { return shape }
        if allowUnknown || names.contains(name) { return nil }
        let near = suggestion(for: name).map { " (did you mean \($0)?)" } ?? ""
        return "\(VisibleText.quoted(name)) is not an AWS region smrole knows\(near). If it is new, \(overrideHint)"
    }

    /// The listed region with the same prefix (`us-east-9` → `us-east-1`), if there is one.
    static func suggestion(for name: String) -> String? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let stem = name[...dash]
        return names.filter { $0.hasPrefix(stem) }.sorted().first
    }

    /// The hint for answers files and flags.
    public static let commandLineHint = "pass --allow-unknown-region or set \(overrideVariable)=1."
}
