import Foundation

/// Everything in a folder, to compare before and after: every path (hidden ones too) with its
/// bytes, a folder marker, or where a symbolic link points.
struct FolderSnapshot: Equatable, CustomStringConvertible {
    var entries: [String: String]

    init(_ folder: URL) throws {
        entries = [:]
        let fm = FileManager.default
        for case let relative as String in fm.enumerator(atPath: folder.path) ?? FileManager.DirectoryEnumerator() {
            let path = folder.appendingPathComponent(relative).path
            let type = try fm.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?: entries[relative] = "<folder>"
            case .typeSymbolicLink?: entries[relative] = "-> " + (try fm.destinationOfSymbolicLink(atPath: path))
            default:
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                entries[relative] = String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    var paths: [String] { entries.keys.sorted() }
    var description: String { paths.joined(separator: ", ") }
}
