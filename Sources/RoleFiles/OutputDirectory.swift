import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a set of files as one directory, atomically: everything is written into a
/// temporary sibling directory which then replaces the target in one rename. A failure
/// leaves the previous output untouched and no partial files behind.
public struct OutputDirectory {
    /// Marks a directory as ours, so re-running may replace it but a user's folder is never wiped.
    public static let marker = "role.json"

    public let url: URL

    public init(path: String) {
        url = URL(fileURLWithPath: path).standardizedFileURL
    }

    public func write(_ files: [(path: String, content: String)]) throws {
        let fm = FileManager.default
        let parent = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else {
                throw OutputError(path: url.path, message: "exists and is not a directory; choose another --out")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw OutputError(path: url.path, message: "exists and is not an smrole output directory (no \(Self.marker)); choose an empty or new --out so nothing of yours is replaced")
            }
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: parent.path, message: "cannot be created: \(FileErrorText.reason(error))")
        }
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).smrole-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            var made: Set<String> = [staging.path]
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                let folder = target.deletingLastPathComponent().path
                if made.insert(folder).inserted {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                try Self.writeFile(target.path, file.content, mode: file.path.hasSuffix(".sh") ? 0o755 : 0o644)
            }
            if exists {
                let old = parent.appendingPathComponent(".\(url.lastPathComponent).smrole-old-\(getpid())")
                try fm.moveItem(at: url, to: old)
                do {
                    try fm.moveItem(at: staging, to: url)
                } catch {
                    try? fm.moveItem(at: old, to: url)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: url)
            }
        } catch let error as OutputError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw OutputError(path: url.path, message: "could not be written: \(FileErrorText.reason(error))")
        }
    }
}

extension OutputDirectory {
    /// Plain POSIX writes: a handful of small files, without Foundation's per-file overhead.
    static func writeFile(_ path: String, _ content: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw OutputError(path: path, message: "cannot be created: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = Array(content.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, message: "could not be written: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        if fchmod(fd, mode) != 0 {
            throw OutputError(path: path, message: "permissions could not be set: \(String(cString: strerror(errno)))")
        }
    }
}

public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
