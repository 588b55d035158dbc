import Foundation

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
            throw OutputError(path: parent.path, message: "cannot be created: \(error.localizedDescription)")
        }
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).smrole-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.content.utf8).write(to: target)
                if file.path.hasSuffix(".sh") {
                    try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
                }
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
            throw OutputError(path: url.path, message: "could not be written: \(error.localizedDescription)")
        }
    }
}

public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
