import Foundation
import WizardCore

/// Where the wizard keeps its draft: `$XDG_STATE_HOME/smrole/draft.json` (default
/// `~/.local/state/smrole/draft.json`), written atomically and readable only by the user.
public struct DraftStore: Sendable {
    public let path: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        path = base + "/smrole/draft.json"
    }

    public init(path: String) { self.path = path }

    public func save(_ state: WizardState) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".draft-\(getpid()).json")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(WizardDraft.encode(state).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// A draft holds one role's answers as typed, a few KiB; a larger file is not a draft.
    public static let sizeLimit = 1024 * 1024

    public func load() throws -> WizardDraft.Restored? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        let data = try file.read(upToCount: Self.sizeLimit + 1) ?? Data()
        if data.count > Self.sizeLimit {
            throw WizardDraft.DraftError(description: "the draft is larger than 1 MiB, so it is not one smrole wrote; "
                                         + "remove it to start afresh")
        }
        return try WizardDraft.decode(String(decoding: data, as: UTF8.self))
    }

    /// When the draft was last written, in local time, for the offer to resume it.
    public func modificationTime() -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let date = attributes[.modificationDate] as? Date else { return nil }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
