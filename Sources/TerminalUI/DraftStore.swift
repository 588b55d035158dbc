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

    public func load() throws -> WizardDraft.Restored? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try WizardDraft.decode(String(decoding: data, as: UTF8.self))
    }
}
