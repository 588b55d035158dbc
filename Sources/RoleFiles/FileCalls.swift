import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which one, on what, and the system's reason in plain words.
struct SystemCallError: Error, CustomStringConvertible {
    var call: String
    var path: String
    var code: Int32

    init(_ call: String, _ path: String, code: Int32 = errno) {
        self.call = call
        self.path = path
        self.code = code
    }

    var reason: String { String(cString: strerror(code)) }
    var description: String { "\(path): \(reason)" }
}

/// The plain POSIX calls the output folder needs. Foundation's `FileManager` follows symbolic
/// links where smrole must not, and hides which call failed.
enum FileCalls {
    enum Kind: Equatable { case file, directory, symbolicLink, other }

    /// What is at `path` itself (a link is not followed), or `nil` when nothing is.
    static func kind(at path: String) throws(SystemCallError) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemCallError("lstat", path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// Creates one folder; the umask applies to `mode`.
    static func makeDirectory(_ path: String, mode: mode_t = 0o777) throws(SystemCallError) {
        guard mkdir(path, mode) == 0 else { throw SystemCallError("mkdir", path) }
    }

    /// Writes a new file (never an existing one) with `0666 & ~umask`, or `0777 & ~umask` when
    /// it is a script, as every other tool a user runs does.
    static func createFile(_ path: String, _ content: String, executable: Bool) throws(SystemCallError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, executable ? 0o777 : 0o666)
        guard fd >= 0 else { throw SystemCallError("open", path) }
        var bytes = Array(content.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let failure = SystemCallError("write", path)
                close(fd)
                throw failure
            }
            offset += n
        }
        guard close(fd) == 0 else { throw SystemCallError("close", path) }
    }

    static func rename(_ from: String, _ to: String) throws(SystemCallError) {
        guard Glibc.rename(from, to) == 0 else { throw SystemCallError("rename", from) }
    }

    static func removeFile(_ path: String) throws(SystemCallError) {
        guard unlink(path) == 0 else { throw SystemCallError("unlink", path) }
    }

    /// Removes a folder only if it is empty; `false` when it is not (or cannot be removed).
    @discardableResult
    static func removeEmptyDirectory(_ path: String) -> Bool { rmdir(path) == 0 }

    /// Removes a folder smrole made and everything in it, without following links.
    static func removeTree(_ path: String) {
        guard let kind = try? kind(at: path) else { return }
        if kind == .directory, let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for name in names { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
