/// What `smrole --version` and `smrole help` say: the version and the commit the binary was built from, so a
/// copy found on a bastion or in CloudShell can be traced to its source.
enum SmroleVersion {
    /// The version of this source tree. A `v*` tag at build time (`git describe`) takes its place.
    static let number = "1.0.0"

    /// "1.0.0 (commit 58a777c076c4)", "1.1.0-3-g58a777c (commit 58a777c076c4, modified)", or without a commit
    /// when it was built outside a git checkout.
    static var text: String {
        let version = BuildVersion.describe.map { $0.hasPrefix("v") ? String($0.dropFirst()) : $0 } ?? number
        guard let commit = BuildVersion.commit else { return version }
        return "\(version) (commit \(commit)\(BuildVersion.modified ? ", modified" : ""))"
    }
}
