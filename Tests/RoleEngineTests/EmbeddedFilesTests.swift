import CEmbeddedFiles
import Foundation
import Testing

/// The data files compiled into the binary (CEmbeddedFiles) are the files in the source tree: a stale or missing
/// copy fails here, so the files under `Sources/*/Resources` stay the one source of truth.
@Suite("Embedded files")
struct EmbeddedFilesTests {
    /// `Sources/`, found from this file's own path.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    static var embedded: [smrole_embedded_file] {
        (0..<SMROLE_EMBEDDED_FILE_COUNT.rawValue).map {
            smrole_embedded_file_get(smrole_embedded_file_id(rawValue: $0))
        }
    }

    static let embeddedPaths: [String] = embedded.map { String(cString: $0.path) }

    /// Every file in a `Resources` folder of a module, relative to `Sources/`.
    static func resourceFiles() throws -> Set<String> {
        var found: Set<String> = []
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
            let folder = sources.appendingPathComponent(module).appendingPathComponent("Resources")
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names { found.insert("\(module)/Resources/\(name)") }
        }
        return found
    }

    @Test func everyResourceFileOfTheSourceTreeIsEmbedded() throws {
        #expect(Set(Self.embeddedPaths) == (try Self.resourceFiles()))
        #expect(Self.embeddedPaths.count == Set(Self.embeddedPaths).count)
    }

    @Test(arguments: embeddedPaths)
    func theEmbeddedBytesAreTheDataFile(_ path: String) throws {
        let file = try #require(Self.embedded.first { String(cString: $0.path) == path })
        let onDisk = try Data(contentsOf: Self.sources.appendingPathComponent(path))
        let compiledIn = Data(UnsafeBufferPointer(start: file.bytes, count: file.count))
        #expect(compiledIn == onDisk, "\(path): the binary holds \(compiledIn.count) bytes, the file \(onDisk.count)")
    }

    @Test func anIdPastTheLastFileGivesNoBytes() {
        let none = smrole_embedded_file_get(SMROLE_EMBEDDED_FILE_COUNT)
        #expect(none.bytes == nil)
        #expect(none.count == 0)
    }
}
