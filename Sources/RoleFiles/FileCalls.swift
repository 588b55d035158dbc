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
        guard kind == .directory else {
            unlink(path)
            return
        }
        if let names = entries(of: path) {
            for name in names { removeTree(path + "/" + name) }
        }
        rmdir(path)
    }

    /// The names in a folder, `.` and `..` aside; `nil` when it cannot be read.
    static func entries(of path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The umask, read from /proc/self/status (setting it to read it would race with other threads creating
    /// files); `nil` where that is not available.
    static func currentUmask() -> mode_t? {
        guard let status = try? InputFile.read("/proc/self/status", limit: 64 * 1024, what: "status files") else {
            return nil
        }
        for line in String(decoding: status, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Umask:") {
            return mode_t(String(line.dropFirst("Umask:".count).filter { $0 != " " && $0 != "\t" }), radix: 8)
        }
        return nil
    }

    /// Whether `path` is already, byte for byte and in every attribute `createFile` would give it, the file
    /// `createFile` would write: a regular file (not a link, one name only) of this content, with this mode,
    /// owner and group. smrole then leaves it in place instead of replacing it with an identical copy.
    static func holds(_ path: String, _ content: String, mode: mode_t, group: gid_t) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1,
              info.st_mode & 0o7777 == mode, info.st_uid == geteuid(), info.st_gid == group else { return false }
        var content = content
        return content.withUTF8 { expected in
            guard Int(info.st_size) == expected.count else { return false }
            // One byte more than expected, to see a file that grew since fstat.
            var found = [UInt8](repeating: 0, count: expected.count + 1)
            var total = 0
            while total < found.count {
                let n = found.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                total += n
            }
            return total == expected.count && found[..<total].elementsEqual(expected)
        }
    }

    /// The group a file created in `folder` gets: the folder's own when it is set-group-ID, else the process's.
    static func groupOfNewFiles(in folder: String) -> gid_t {
        var info = stat()
        if stat(folder, &info) == 0, info.st_mode & S_ISGID != 0 { return info.st_gid }
        return getegid()
    }
}
