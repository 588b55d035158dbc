#if canImport(Glibc)
import Glibc
#endif

/// One replacement of smrole's files in an output folder, atomic as far as the user can tell.
///
/// 1. Stage: every new file (and the new manifest) is written into `.smrole-staging-<id>/` in
///    the folder, side by side under numbers (no subfolders to make and remove). A full disk fails
///    here, and the folder is as it was.
/// 2. Swap: a manifest that lists old and new files and both work folders is put in place, so
///    that even after a crash every smrole file in the folder is covered. Each old file is then
///    moved into `.smrole-previous-<id>/` (made when the first one moves) and its new version
///    renamed into place; files the new output no longer has are moved out too. Every step is
///    journaled.
/// 3. Commit: the new manifest is renamed into place, then the work folders are removed.
///
/// If any step of the swap fails, the journal is undone backwards and the folder holds exactly
/// the previous output again.
///
/// A file of the previous output that already is, byte for byte and in mode and owner, what
/// smrole would write takes no part: it stays as it is (its modification time too). When that holds
/// for every file and nothing is dropped, nothing is written at all. Every file and folder made and
/// removed costs the file system a journal entry, and on a disk mounted with `discard` each block
/// freed is a synchronous discard the process waits for.
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
        let final = OutputManifest(files: newPaths.union(kept))

        let umask = FileCalls.currentUmask()
        let changed = files.filter { !isInPlace($0, umask: umask) }
        if changed.isEmpty, stale.isEmpty, leftovers.isEmpty, previous == final,
           let umask, FileCalls.holds(at(OutputManifest.fileName), final.text, mode: 0o666 & ~umask,
                                      group: FileCalls.groupOfNewFiles(in: folder)) {
            return
        }
        // Staged under their place in `changed`: the names in the staging folder are smrole's alone.
        let staged = changed.indices.map { at(staging, String($0)) }

        try stage(changed, as: staged, into: staging, final: final, intent: intent)

        var journal: [Step] = []
        var backupMade = false
        /// The backup folder, made before the first file is moved into it.
        func moveAside(_ path: String) throws(SystemCallError) {
            if !backupMade {
                try FileCalls.makeDirectory(at(backup), mode: 0o700)
                journal.append(.madeFolder(at(backup)))
                backupMade = true
            }
            try makeParents(of: path, under: at(backup), journal: &journal)
            try fileSystem.rename(at(path), at(backup, path))
            journal.append(.moved(from: at(path), to: at(backup, path)))
        }
        do throws(SystemCallError) {
            try fileSystem.rename(at(staging, intentManifest), at(OutputManifest.fileName))
            journal.append(.placedManifest)
            for leftover in leftovers { FileCalls.removeTree(at(leftover)) }
            for (file, stagedPath) in zip(changed, staged) {
                try makeParents(of: file.path, under: folder, journal: &journal)
                let target = at(file.path)
                if try FileCalls.kind(at: target) != nil { try moveAside(file.path) }
                try fileSystem.rename(stagedPath, target)
                journal.append(.moved(from: stagedPath, to: target))
            }
            for path in stale { try moveAside(path) }
            try fileSystem.rename(at(staging, OutputManifest.fileName), at(OutputManifest.fileName))
        } catch {
            throw undo(journal, staging: staging, backup: backup, cause: error)
        }
        if backupMade { FileCalls.removeTree(at(backup)) }
        FileCalls.removeTree(at(staging))
        removeFoldersEmptiedBy(stale, keeping: newPaths)
    }

    /// Whether a file of the new output is already in place as smrole would write it (see the type's comment).
    /// Only a file of smrole's previous output qualifies; without the umask nothing does.
    private func isInPlace(_ file: (path: String, content: String), umask: mode_t?) -> Bool {
        guard let umask, previous?.files.contains(file.path) == true else { return false }
        let target = at(file.path)
        let parent = String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)])
        let mode: mode_t = (file.path.hasSuffix(".sh") ? 0o777 : 0o666) & ~umask
        return FileCalls.holds(target, file.content, mode: mode, group: FileCalls.groupOfNewFiles(in: parent))
    }

    /// Writes the new files and both manifests into the staging folder; on failure removes it.
    private func stage(_ changed: [(path: String, content: String)], as staged: [String], into staging: String,
                       final: OutputManifest, intent: OutputManifest) throws(Failure) {
        do throws(SystemCallError) {
            try FileCalls.makeDirectory(at(staging), mode: 0o700)
        } catch {
            throw Failure(message: "cannot be written: \(error.reason); nothing was changed")
        }
        do throws(SystemCallError) {
            for (file, path) in zip(changed, staged) {
                try fileSystem.createFile(path, file.content, file.path.hasSuffix(".sh"))
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
