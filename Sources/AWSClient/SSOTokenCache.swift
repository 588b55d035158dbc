import Foundation
import Glibc

/// `~/.aws/sso/cache`, where `aws sso login` keeps its sign-ins, one `<key>.json` each.
/// Files are read within a size limit, and a renewed token is written back as the AWS CLI
/// writes it, only more carefully: to a temporary file in the same folder, created with mode
/// 0600, fsync'd, then renamed over the old one. Another smrole or the AWS CLI reading at the
/// same time sees the old sign-in or the new one, never part of either.
public struct SSOTokenCache: Sendable {
    public var directory: String

    /// No sign-in file is anywhere near this; a larger one is refused rather than read.
    public static let maxBytes = 1 << 20

    public init(directory: String) { self.directory = directory }

    /// The CLI's folder under HOME, as botocore finds it (`~` is HOME).
    public init(environment: [String: String]) {
        self.init(directory: (environment["HOME"] ?? NSHomeDirectory()) + "/.aws/sso/cache")
    }

    public func path(forKey key: String) -> String { directory + "/" + key + ".json" }

    /// What reading a sign-in found.
    public enum Found: Sendable, Equatable {
        case missing
        case token(SSOToken)
        /// The file is there but cannot be used: why, in words that follow its path.
        case unusable(String)
    }

    public func read(key: String) -> Found {
        let path = path(forKey: key)
        var info = stat()
        guard stat(path, &info) == 0 else { return errno == ENOENT ? .missing : .unusable("cannot be read") }
        guard info.st_mode & S_IFMT == S_IFREG else { return .unusable("is not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .unusable("cannot be read") }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.maxBytes + 1) else { return .unusable("cannot be read") }
        guard data.count <= Self.maxBytes else { return .unusable("is larger than 1 MiB, which no sign-in is") }
        do {
            return .token(try SSOToken.parse(data))
        } catch {
            return .unusable(error.reason)
        }
    }

    /// Replaces the sign-in atomically; the reason when it could not.
    public func write(_ token: SSOToken, key: String) -> String? {
        let data = token.json()
        var template = Array((directory + "/.\(key).json.XXXXXX.tmp").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else { return "cannot create a file in \(directory): \(Self.reason())" }
        let temporary = String(cString: template)
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = Self.reason() }
        var offset = 0
        while failure == nil && offset < data.count {
            let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, data.count - offset) }
            if written < 0 {
                if errno != EINTR { failure = Self.reason() }
            } else {
                offset += written
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = Self.reason() }
        close(fd)
        if failure == nil && rename(temporary, path(forKey: key)) != 0 { failure = Self.reason() }
        if let failure {
            unlink(temporary)
            return failure
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
        return nil
    }

    static func reason() -> String { String(cString: strerror(errno)) }
}
