/// An output folder that smrole shares with its user.
///
/// smrole replaces only the files it wrote there, which it lists in `.smrole-manifest`; every
/// other file (Terraform's state, `.terraform/`, notes) is kept. A file smrole would write that
/// already exists but is not in the manifest belongs to someone else: the write is refused and
/// nothing changes. `OutputReplacement` makes the change itself look atomic. See
/// docs/guarantees.md, "Output folders".
public struct OutputDirectory {
    /// The folder as the user gave it (messages name it so).
    public let path: String
    let fileSystem: OutputFileSystem

    public init(path: String) {
        self.init(path: path, fileSystem: .posix)
    }

    init(path: String, fileSystem: OutputFileSystem) {
        self.path = path
        self.fileSystem = fileSystem
    }

    /// Writes `files` (relative paths such as `policies/x.json`) into the folder. With
    /// `replacing`, smrole's earlier files other than those stay (for commands that write a
    /// few files into a folder another command fills).
    public func write(_ files: [(path: String, content: String)], replacing: Set<String>? = nil) throws(OutputError) {
        for file in files where !PathComponent.isRelativePath(file.path) || file.path == OutputManifest.fileName {
            throw OutputError(path: file.path, message: "is not a file name smrole may write into an output folder")
        }
        let folder = try LockedOutputFolder.open(path)
        defer { folder.close() }
        do throws(OutputError) {
            let manifest = try OutputManifest.read(in: folder.path)
            let foreign = try foreignFiles(among: files.map(\.path), in: folder.path, manifest: manifest)
            if !foreign.isEmpty { throw refusal(foreign) }
            var replacement = OutputReplacement(folder: folder.path, files: files, previous: manifest,
                                                fileSystem: fileSystem)
            replacement.replaceable = replacing
            do throws(OutputReplacement.Failure) { try replacement.run() } catch {
                throw OutputError(path: path, message: error.message)
            }
        } catch {
            if folder.created { FileCalls.removeEmptyDirectory(folder.path) }
            throw error
        }
    }

    /// The paths smrole would overwrite (or write through) that are not its own, each with what
    /// is in the way.
    func foreignFiles(among paths: [String], in folder: String,
                      manifest: OutputManifest?) throws(OutputError) -> [String] {
        var foreign: [String] = []
        var checkedFolders: Set<String> = []
        for path in paths {
            let components = path.split(separator: "/").map(String.init)
            var prefix = ""
            var blocked = false
            for component in components.dropLast() {
                prefix += prefix.isEmpty ? component : "/" + component
                guard checkedFolders.insert(prefix).inserted else { continue }
                switch try kind(of: prefix, in: folder) {
                case nil, .directory?: continue
                case .symbolicLink?: foreign.append("\(prefix) (a symbolic link where smrole writes a folder)")
                default: foreign.append("\(prefix) (a file where smrole writes a folder)")
                }
                blocked = true
            }
            if blocked { continue }
            switch try kind(of: path, in: folder) {
            case nil: continue
            case .directory?: foreign.append("\(path) (a folder)")
            case .other?: foreign.append("\(path) (not a regular file)")
            case .file?, .symbolicLink?:
                if manifest?.files.contains(path) != true { foreign.append(path) }
            }
        }
        return foreign
    }

    private func kind(of relative: String, in folder: String) throws(OutputError) -> FileCalls.Kind? {
        do throws(SystemCallError) { return try FileCalls.kind(at: folder + "/" + relative) } catch {
            throw OutputError(path: path, message: "\(relative) cannot be read: \(error.reason)")
        }
    }

    private func refusal(_ foreign: [String]) -> OutputError {
        let more = foreign.count > 10 ? " and \(foreign.count - 10) more" : ""
        let shown = foreign.prefix(10).joined(separator: ", ") + more
        return OutputError(path: path, message: """
            holds files smrole did not write and would overwrite: \(shown). Nothing was changed. \
            smrole replaces only the files listed in its \(OutputManifest.fileName); move these away \
            (or delete them if an older smrole wrote them), or choose another output folder
            """)
    }
}
