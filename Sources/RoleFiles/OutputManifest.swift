import Foundation

/// `.smrole-manifest`: the record, in an output folder, of the files smrole wrote there. smrole
/// replaces or removes only what it lists, so everything else in the folder is the user's.
///
/// One relative path per line. While files are being replaced the manifest also lists the run's
/// work folders (`.smrole-staging-<id>/`, `.smrole-previous-<id>/`), so that after a crash the
/// next run knows they are smrole's and every file in place is covered.
struct OutputManifest: Equatable {
    static let fileName = ".smrole-manifest"
    static let stagingPrefix = ".smrole-staging-"
    static let previousPrefix = ".smrole-previous-"
    /// A manifest lists a few dozen paths; anything near this is not one.
    static let sizeLimit = 1024 * 1024

    /// Relative paths of files smrole wrote.
    var files: Set<String>
    /// Top-level work folders of an interrupted run (names without the trailing `/`).
    var workFolders: Set<String> = []

    static let header = """
        # smrole output manifest: the files smrole wrote in this folder. smrole replaces or removes
        # only the files listed here and keeps everything else. Do not edit.

        """

    var text: String {
        Self.header + (files.sorted() + workFolders.sorted().map { $0 + "/" }).map { $0 + "\n" }.joined()
    }

    /// The manifest in `folder`, `nil` when there is none; refuses one that is not smrole's.
    static func read(in folder: String) throws(OutputError) -> OutputManifest? {
        let path = folder + "/" + fileName
        let kind: FileCalls.Kind?
        do throws(SystemCallError) { kind = try FileCalls.kind(at: path) } catch {
            throw OutputError(path: path, message: "cannot be read: \(error.reason)")
        }
        guard let kind else { return nil }
        guard kind == .file else {
            throw OutputError(path: path, message: "is not a file; smrole keeps its list of written files there. "
                              + "Move it away or choose another output folder")
        }
        let data: Data
        do throws(InputFileError) { data = try InputFile.read(path, limit: sizeLimit, what: "manifests") } catch {
            throw OutputError(path: path, message: error.message)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(OutputError) -> OutputManifest {
        var manifest = OutputManifest(files: [])
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let entry = String(line)
            if entry.hasSuffix("/") {
                let name = String(entry.dropLast())
                guard !name.contains("/"), name.hasPrefix(stagingPrefix) || name.hasPrefix(previousPrefix),
                      PathComponent.problem(name) == nil else {
                    throw notAManifest(path, line: index + 1, entry)
                }
                manifest.workFolders.insert(name)
            } else {
                guard PathComponent.isRelativePath(entry), entry != fileName else {
                    throw notAManifest(path, line: index + 1, entry)
                }
                manifest.files.insert(entry)
            }
        }
        return manifest
    }

    private static func notAManifest(_ path: String, line: Int, _ entry: String) -> OutputError {
        OutputError(path: path, message: "line \(line): '\(entry)' is not a file in this folder, so this is not "
                    + "a manifest smrole wrote. Restore it, or move it away and the folder's files become yours "
                    + "(smrole will then refuse to overwrite them)")
    }
}
