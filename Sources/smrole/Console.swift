import Foundation
import RoleEngine

/// Where text goes: results to stdout, diagnostics to stderr, each written as `VisibleText`.
///
/// All CLI text passes through here, and much of it quotes a file, a flag or AWS, so this is
/// where control characters, C1 controls and bidirectional overrides become visible escapes.
/// Newlines stay: they are the line breaks of smrole's own messages. Where a line or a column
/// must hold exactly one value (onboard's results, a lint finding), that value is escaped with
/// `VisibleText.singleLine` before it is placed, or written with `record`.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((VisibleText.keepingNewlines(text) + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((VisibleText.keepingNewlines(text) + "\n").utf8))
    }

    /// One tab-separated line on stdout, for scripts: a tab or newline inside a field is
    /// escaped, so every line has exactly `fields.count` columns.
    static func record(_ fields: [String]) {
        FileHandle.standardOutput.write(Data((fields.map(VisibleText.singleLine).joined(separator: "\t") + "\n").utf8))
    }
}
