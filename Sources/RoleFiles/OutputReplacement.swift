#if canImport(Glibc)
import Glibc
#endif

/// One replacement of smrole's files in an output folder, atomic as far as the user can tell.
///
/// 1. Stage: every new file (and the new manifest) is written into `.smrole-staging-<id>/` in
///    the folder. A full disk fails here, and the folder is as it was.
/// 2. Swap: a manifest that lists old and new files and both work folders is put in place, so
///    that even after a crash every smrole file in the folder is covered. Each old file is then
///    moved into `.smrole-previous-<id>/` and its new version renamed into place; files the new
///    output no longer has are moved out too. Every step is journaled.
/// 3. Commit: the new manifest is renamed into place, then the work folders are removed.
///
/// If any step of the swap fails, the journal is undone backwards and the folder holds exactly
/// the previous output again.
struct OutputReplacement {
    let folder: String
    let files: [(path: String, content: String)]
    let previous: OutputManifest?
    let fileSystem: OutputFileSystem
    /// When set, only these of smrole's earlier files may go; its other files stay listed and
    /// in place (an import writing one answers file into a folder `generate` also wrote).
    var replaceable: Set<String>? = nil

    struct Failure: Error {
        var message: String
    }

    /// A done step of the swap and how to take it back.
    private enum Step {
        case moved(from: String, to: String)
        case madeFolder(String)
        case placedManifest
    }

    func run() throws(Failure) {
        let id = "\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))"
        let staging = OutputManifest.stagingPrefix + id
        let backup = OutputManifest.previousPrefix + id
        let newPaths = Set(files.map(\.path))
        let leftovers = previous?.workFolders.sorted() ?? []
        let earlier = previous?.files ?? []
        let stale = earlier.subtracting(newPaths).filter { replaceable?.contains($0) ?? true }.sorted().filter(isRemovable)
        let kept = replaceable == nil ? [] : earlier.subtracting(newPaths).subtracting(stale)
        let intent = OutputManifest(files: newPaths.union(previous?.files ?? []),
                                    workFolders: Set(leftovers + [staging, backup]))

        try stage(into: staging, final: OutputManifest(files: newPaths.union(kept)), intent: intent)

        var journal: [Step] = []
        do throws(SystemCallError) {
            try fileSystem.rename(at(staging, intentManifest), at(OutputManifest.fileName))
            journal.append(.placedManifest)
            for leftover in leftovers { FileCalls.removeTree(at(leftover)) }
            try FileCalls.makeDirectory(at(backup), mode: 0o700)
            journal.append(.madeFolder(at(backup)))
            for file in files {
                try makeParents(of: file.path, under: folder, journal: &journal)
                let target = at(file.path)
                if try FileCalls.kind(at: target) != nil {
                    try makeParents(of: file.path, under: at(backup), journal: &journal)
                    try fileSystem.rename(target, at(backup, file.path))
                    journal.append(.moved(from: target, to: at(backup, file.path)))
                }
                try fileSystem.rename(at(staging, file.path), target)
                journal.append(.moved(from: at(staging, file.path), to: target))
            }
            for path in stale {
                try makeParents(of: path, under: at(backup), journal: &journal)
                try fileSystem.rename(at(path), at(backup, path))
                journal.append(.moved(from: at(path), to: at(backup, path)))
            }
            try fileSystem.rename(at(staging, OutputManifest.fileName), at(OutputManifest.fileName))
        } catch {
            throw undo(journal, staging: staging, backup: backup, cause: error)
        }
        FileCalls.removeTree(at(backup))
        FileCalls.removeTree(at(staging))
        removeFoldersEmptiedBy(stale, keeping: newPaths)
    }

    /// Writes the new files and both manifests into the staging folder; on failure removes it.
    private func stage(into staging: String, final: OutputManifest, intent: OutputManifest) throws(Failure) {
        do throws(SystemCallError) {
            try FileCalls.makeDirectory(at(staging), mode: 0o700)
        } catch {
            throw Failure(message: "cannot be written: \(error.reason); nothing was changed")
        }
        do throws(SystemCallError) {
            var ignored: [Step] = []
            for file in files {
                try makeParents(of: file.path, under: at(staging), journal: &ignored)
                try fileSystem.createFile(at(staging, file.path), file.content, file.path.hasSuffix(".sh"))
            }
            try fileSystem.createFile(at(staging, OutputManifest.fileName), final.text, false)
            try fileSystem.createFile(at(staging, intentManifest), intent.text, false)
            if previous != nil, link(at(OutputManifest.fileName), at(staging, previousManifest)) != 0 {
                throw SystemCallError("link", at(OutputManifest.fileName))
            }
        } catch {
            FileCalls.removeTree(at(staging))
            throw Failure(message: "could not be written: \(error.reason); nothing was changed")
        }
    }

    /// Takes back every step of the swap, newest first; says whether the previous output is whole.
    private func undo(_ journal: [Step], staging: String, backup: String, cause: SystemCallError) -> Failure {
        var stuck: [String] = []
        for step in journal.reversed() {
            switch step {
            case .moved(let from, let to):
                do { try fileSystem.rename(to, from) } catch { stuck.append(from) }
            case .madeFolder(let path):
                if path == at(backup) { continue }
                FileCalls.removeEmptyDirectory(path)
            case .placedManifest:
                do {
                    if previous != nil {
                        try fileSystem.rename(at(staging, previousManifest), at(OutputManifest.fileName))
                    } else {
                        try FileCalls.removeFile(at(OutputManifest.fileName))
                    }
                } catch {
                    stuck.append(OutputManifest.fileName)
                }
            }
        }
        let reason = "could not be written (\(cause.call) \(relative(cause.path)): \(cause.reason))"
        guard stuck.isEmpty else {
            return Failure(message: "\(reason), and \(stuck.count) of the previous files could not be put back; "
                           + "they are in \(backup)/ inside the folder. The next smrole run there finishes the job")
        }
        FileCalls.removeTree(at(backup))
        FileCalls.removeTree(at(staging))
        return Failure(message: "\(reason); the previous files are back as they were")
    }

    /// Creates the folders above `path` under `root` that are missing, journaling each.
    private func makeParents(of path: String, under root: String, journal: inout [Step]) throws(SystemCallError) {
        var current = root
        for component in path.split(separator: "/").dropLast() {
            current += "/" + component
            if try FileCalls.kind(at: current) == nil {
                try FileCalls.makeDirectory(current)
                journal.append(.madeFolder(current))
            }
        }
    }

    /// Whether an old manifest entry is still a file smrole may take away (not since replaced by
    /// a folder, and not below a folder that became a link).
    private func isRemovable(_ path: String) -> Bool {
        var current = folder
        for component in path.split(separator: "/").dropLast() {
            current += "/" + component
            guard (try? FileCalls.kind(at: current)) == .directory else { return false }
        }
        let kind = try? FileCalls.kind(at: at(path))
        return kind == .file || kind == .symbolicLink
    }

    /// Removes folders (never the output folder) that only held files the new output dropped.
    private func removeFoldersEmptiedBy(_ stale: [String], keeping kept: Set<String>) {
        let needed = Set(kept.flatMap(Self.folders(above:)))
        let emptied = Set(stale.flatMap(Self.folders(above:))).subtracting(needed)
        for folder in emptied.sorted(by: { $0.count > $1.count }) { FileCalls.removeEmptyDirectory(at(folder)) }
    }

    static func folders(above path: String) -> [String] {
        let components = path.split(separator: "/").dropLast()
        return components.indices.map { components[...$0].joined(separator: "/") }
    }

    /// In the staging folder: the manifest to put in place first, and a link to the one it replaces.
    private let intentManifest = OutputManifest.fileName + ".intent"
    private let previousManifest = OutputManifest.fileName + ".previous"

    /// A path in the output folder, or in one of its work folders.
    private func at(_ relative: String) -> String { folder + "/" + relative }
    private func at(_ base: String, _ relative: String) -> String {
        base.hasPrefix("/") ? base + "/" + relative : at(base + "/" + relative)
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }
}
