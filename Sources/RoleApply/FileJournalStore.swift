import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The journal of one role's apply on disk: `$XDG_STATE_HOME/smrole/apply/<account>/<role>.json`
/// (default `~/.local/state/…`), readable only by the user, written to a temporary file,
/// fsync'd and renamed before each call to IAM, so after kill -9 the next apply knows what
/// the run had set out to change. Beside it, `<role>.lock` is held with `flock` for the
/// whole run, so a second apply of the same role refuses instead of interleaving.
public final class FileJournalStore: JournalStore, @unchecked Sendable {
    public let directory: String
    public let path: String
    private let lockPath: String
    private var lockDescriptor: Int32 = -1
    private let guardLock = NSLock()

    /// IAM role names are `[\w+=,.@-]{1,64}`: never a slash, but `.` and `..` are valid names,
    /// so the file name always carries a suffix and is never a bare dot name.
    public init(account: String, role: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        let safeAccount = account.allSatisfy(\.isNumber) && !account.isEmpty ? account : "unknown-account"
        directory = base + "/smrole/apply/" + safeAccount
        path = directory + "/" + role + ".journal.json"
        lockPath = directory + "/" + role + ".lock"
    }

    public var location: String { path }

    public func lock() throws(JournalStoreError) {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard lockDescriptor < 0 else { return }
        try makeDirectory()
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalStoreError("\(lockPath): cannot be opened: \(Self.reason())") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw JournalStoreError("another smrole apply of this role is running"
                                    + (holder.isEmpty ? "" : " (pid \(holder))")
                                    + "; wait for it to finish, then run again (lock: \(lockPath))")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        lockDescriptor = fd
    }

    public func unlock() {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard lockDescriptor >= 0 else { return }
        _ = ftruncate(lockDescriptor, 0)
        close(lockDescriptor)
        lockDescriptor = -1
    }

    public func load() throws(JournalStoreError) -> JournalRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(JournalRecord.self, from: data)
        } catch {
            throw JournalStoreError("\(path): the journal of an earlier apply cannot be read (\(error)); "
                                    + "move it away to start afresh, after checking the role in IAM")
        }
    }

    public func save(_ record: JournalRecord) throws(JournalStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(record) else { throw JournalStoreError("the journal cannot be encoded") }
        try makeDirectory()
        let temporary = directory + "/.\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalStoreError("\(temporary): cannot be created: \(Self.reason())") }
        var failure: String?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Self.reason()
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = Self.reason() }
        close(fd)
        if failure == nil && rename(temporary, path) != 0 { failure = Self.reason() }
        if let failure {
            unlink(temporary)
            throw JournalStoreError(
                "\(path): the apply journal could not be written (\(failure)); nothing more was sent to IAM")
        }
        syncDirectory()
    }

    public func remove() throws(JournalStoreError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw JournalStoreError("\(path): cannot be removed: \(Self.reason())")
        }
        syncDirectory()
    }

    private func makeDirectory() throws(JournalStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw JournalStoreError(
                "\(directory): the apply journal's folder cannot be created: \(error.localizedDescription)")
        }
    }

    /// The rename itself must survive a power cut, not only the file's bytes.
    private func syncDirectory() {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
