import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a file smrole takes as input, refusing one larger than a limit before holding it in
/// memory: a mistaken or hostile file (a disk image, `/dev/zero`, millions of keys) costs at
/// most the limit, and the message says what the limit is for.
public enum InputFile {
    /// The file's bytes; `what` names the kind of file in messages ("answers files").
    public static func read(_ path: String, limit: Int, what: String) throws(InputFileError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                throw InputFileError(path: path, message: "is a folder, not a file")
            }
            if info.st_mode & S_IFMT == S_IFREG && Int(info.st_size) > limit {
                let size = ByteCount.text(Int(info.st_size)), most = ByteCount.text(limit)
                throw InputFileError(path: path, message: "is \(size); smrole reads \(what) of at most \(most)")
            }
        }
        // Pipes and devices have no size: read one byte past the limit to know.
        var data = Data(count: limit + 1)
        var total = 0
        while total <= limit {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, limit + 1 - total) }
            if n < 0 {
                if errno == EINTR { continue }
                throw unreadable(path)
            }
            if n == 0 { break }
            total += n
        }
        if total > limit {
            throw InputFileError(path: path,
                                 message: "goes on past \(ByteCount.text(limit)), the most smrole reads of \(what)")
        }
        data.count = total
        return data
    }

    private static func unreadable(_ path: String) -> InputFileError {
        InputFileError(path: path, message: "cannot be read: \(String(cString: strerror(errno)))")
    }
}

/// An input file smrole would not read, and why.
public struct InputFileError: Error, CustomStringConvertible {
    public var path: String
    /// Starts with a verb: "is a folder, not a file".
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Sizes as people read them: 512 bytes, 128 KiB, 5.2 MiB.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return scaled(bytes, 1024, "KiB") }
        return scaled(bytes, 1024 * 1024, "MiB")
    }

    private static func scaled(_ bytes: Int, _ unit: Int, _ name: String) -> String {
        bytes % unit == 0 ? "\(bytes / unit) \(name)" : String(format: "%.1f \(name)", Double(bytes) / Double(unit))
    }
}
