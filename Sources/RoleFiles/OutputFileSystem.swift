/// The calls of a replacement that can fail while the output folder is half done: writing a
/// staged file (a full disk) and renaming a file into or out of place. Tests swap in versions
/// that fail at the n-th call to prove that every such failure leaves the previous output.
struct OutputFileSystem: Sendable {
    var createFile: @Sendable (_ path: String, _ content: String, _ executable: Bool) throws(SystemCallError) -> Void
    var rename: @Sendable (_ from: String, _ to: String) throws(SystemCallError) -> Void

    static let posix = OutputFileSystem(
        createFile: { path, content, executable throws(SystemCallError) in
            try FileCalls.createFile(path, content, executable: executable)
        },
        rename: { from, to throws(SystemCallError) in try FileCalls.rename(from, to) }
    )
}
