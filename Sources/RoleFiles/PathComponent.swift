/// The rule for a name that becomes one folder or file name: a role name in
/// `./smrole-out/<role name>/`, a component of a path in an output folder's manifest.
///
/// IAM allows role names such as `..` and `.`; as a folder name they mean the folder above or
/// the current folder, so smrole would write where the user never asked it to.
public enum PathComponent {
    /// Why `name` cannot be a single folder or file name, or `nil` when it can.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "'\(name)' means \(name == "." ? "this folder" : "the folder above")" }
        if name.contains("/") { return "'\(name)' contains '/'" }
        if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "'\(name)' contains a control character" }
        return nil
    }

    /// Whether `path` is a relative path of safe components, such as `policies/x.json`.
    static func isRelativePath(_ path: String) -> Bool {
        !path.hasPrefix("/") && path.split(separator: "/", omittingEmptySubsequences: false)
            .allSatisfy { problem(String($0)) == nil }
    }
}

/// The folder `generate` writes into without `--out`, `smrole-out/<role name>` (the wizard offers the same).
public enum DefaultOutputFolder {
    public static func path(forRole name: String) throws(UnsafeRoleFolderError) -> String {
        if let problem = PathComponent.problem(name) { throw UnsafeRoleFolderError(roleName: name, problem: problem) }
        return "smrole-out/\(name)"
    }
}

/// A role name that cannot be the name of its default output folder.
public struct UnsafeRoleFolderError: Error, CustomStringConvertible {
    public var roleName: String
    public var problem: String

    public var description: String {
        "role.name \(problem), so it cannot name the output folder smrole-out/<role name>/; "
            + "choose the folder with --out DIR (or rename the role)"
    }
}
