import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder an output goes into, created if missing, with symbolic links followed (the link
/// itself is never replaced), and locked so two smrole runs never replace files in it at once.
struct LockedOutputFolder {
    /// The folder's real path, links resolved.
    let path: String
    /// Whether this run created the folder (so a failed first write can take it away again).
    let created: Bool
    private let descriptor: Int32

    static func open(_ given: String) throws(OutputError) -> LockedOutputFolder {
        let kind: FileCalls.Kind?
        let created: Bool
        do throws(SystemCallError) { kind = try FileCalls.kind(at: given) } catch {
            throw OutputError(path: given, message: "cannot be read: \(error.reason)")
        }
        switch kind {
        case nil:
            created = true
            do {
                try FileManager.default.createDirectory(atPath: given, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: given, message: "cannot be created: \(FileErrorText.reason(error))")
            }
        case .directory:
            created = false
        case .symbolicLink:
            created = false
            var info = stat()
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: given)) ?? "?"
            guard stat(given, &info) == 0 else {
                throw OutputError(path: given, message: "is a symbolic link to \(target), which does not exist; "
                                  + "create that folder or choose another output folder")
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw OutputError(path: given, message: "is a symbolic link to \(target), which is not a folder; "
                                  + "choose another output folder")
            }
        case .file, .other:
            throw OutputError(path: given, message: "exists and is not a folder; choose another output folder")
        }
        guard let resolved = realpath(given, nil) else {
            throw OutputError(path: given, message: "cannot be opened: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: resolved)
        free(resolved)
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OutputError(path: given, message: "cannot be opened: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            Glibc.close(descriptor)
            if reason == EWOULDBLOCK {
                throw OutputError(path: given, message: "another smrole is writing into this folder right now; "
                                  + "run again when it has finished")
            }
            throw OutputError(path: given, message: "cannot be locked: \(String(cString: strerror(reason)))")
        }
        return LockedOutputFolder(path: path, created: created, descriptor: descriptor)
    }

    /// Releases the lock.
    func close() { Glibc.close(descriptor) }
}
