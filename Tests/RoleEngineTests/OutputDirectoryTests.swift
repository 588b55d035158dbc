import Foundation
import Testing
@testable import RoleFiles
#if canImport(Glibc)
import Glibc
#endif

/// The replacement of an output folder, with failures injected at every step it can fail:
/// whatever fails, the folder holds exactly the previous output.
@Suite("Output folder replacement")
struct OutputDirectoryTests {
    static let first: [(path: String, content: String)] = [
        ("answers.yaml", "v1 answers\n"), ("role.json", "v1 role\n"),
        ("policies/a.json", "v1 a\n"), ("policies/b.json", "v1 b\n"),
    ]
    /// Changes every file, drops policies/b.json, adds main.tf and a policy in a new folder.
    static let second: [(path: String, content: String)] = [
        ("answers.yaml", "v2 answers\n"), ("role.json", "v2 role\n"), ("policies/a.json", "v2 a\n"),
        ("main.tf", "v2 terraform\n"), ("extra/c.json", "v2 c\n"),
    ]

    /// Counts the replacement's calls and makes the n-th call of one kind fail (n = 0: none).
    final class Faults: @unchecked Sendable {
        enum Call { case createFile, rename }
        let failing: Call
        let failAt: Int
        private let lock = NSLock()
        private var counts: [Call: Int] = [:]

        init(failing: Call, at n: Int) {
            self.failing = failing
            failAt = n
        }

        func count(_ call: Call) -> Int { lock.withLock { counts[call, default: 0] } }

        private func next(_ call: Call, _ path: String) throws(SystemCallError) {
            let n = lock.withLock { () -> Int in
                counts[call, default: 0] += 1
                return counts[call]!
            }
            if call == failing && n == failAt {
                throw SystemCallError(call == .rename ? "rename" : "write", path, code: EIO)
            }
        }

        var fileSystem: OutputFileSystem {
            OutputFileSystem(
                createFile: { path, content, executable throws(SystemCallError) in
                    try self.next(.createFile, path)
                    try FileCalls.createFile(path, content, executable: executable)
                },
                rename: { from, to throws(SystemCallError) in
                    try self.next(.rename, from)
                    try FileCalls.rename(from, to)
                })
        }
    }

    /// Lines collected from the file-system closures.
    final class Findings: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [String] = []
        func add(_ line: String) { lock.withLock { collected.append(line) } }
        var lines: [String] { lock.withLock { collected } }
    }

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every path under `folder` (hidden ones too) with its content, or `<folder>`.
    func snapshot(_ folder: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: folder.path)! {
            let url = folder.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            entries[relative] = isFolder.boolValue ? "<folder>" : try String(contentsOf: url, encoding: .utf8)
        }
        return entries
    }

    /// A folder holding the first output and a file of the user's.
    func previousOutput() throws -> URL {
        let dir = try scratch()
        try OutputDirectory(path: dir.path).write(Self.first)
        try "state".write(to: dir.appendingPathComponent("terraform.tfstate"), atomically: false, encoding: .utf8)
        return dir
    }

    @Test func aReplacementWritesTheNewFilesRemovesDroppedOnesAndKeepsTheUsers() throws {
        let dir = try previousOutput()
        try OutputDirectory(path: dir.path).write(Self.second)
        let after = try snapshot(dir)
        #expect(after.keys.sorted() == [
            ".smrole-manifest", "answers.yaml", "extra", "extra/c.json", "main.tf", "policies", "policies/a.json",
            "role.json", "terraform.tfstate",
        ])
        #expect(after["policies/a.json"] == "v2 a\n")
        #expect(after["terraform.tfstate"] == "state")
    }

    @Test func aFailureAtAnyRenameLeavesThePreviousOutput() throws {
        let counting = Faults(failing: .rename, at: 0)
        try OutputDirectory(path: try previousOutput().path, fileSystem: counting.fileSystem).write(Self.second)
        let renames = counting.count(.rename)
        #expect(renames >= 10)
        for n in 1...renames {
            let dir = try previousOutput()
            let before = try snapshot(dir)
            #expect(throws: OutputError.self, "rename \(n) of \(renames)") {
                try OutputDirectory(path: dir.path, fileSystem: Faults(failing: .rename, at: n).fileSystem)
                    .write(Self.second)
            }
            #expect(try snapshot(dir) == before, "rename \(n) of \(renames)")
        }
    }

    @Test func aFailureAtAnyStagedWriteLeavesThePreviousOutput() throws {
        let counting = Faults(failing: .createFile, at: 0)
        try OutputDirectory(path: try previousOutput().path, fileSystem: counting.fileSystem).write(Self.second)
        let writes = counting.count(.createFile)
        #expect(writes == Self.second.count + 2)
        for n in 1...writes {
            let dir = try previousOutput()
            let before = try snapshot(dir)
            do {
                try OutputDirectory(path: dir.path, fileSystem: Faults(failing: .createFile, at: n).fileSystem)
                    .write(Self.second)
                Issue.record("write \(n) did not fail")
            } catch {
                #expect(error.message.hasSuffix("nothing was changed"))
            }
            #expect(try snapshot(dir) == before, "write \(n) of \(writes)")
        }
    }

    func inode(_ url: URL) -> ino_t {
        var info = stat()
        _ = lstat(url.path, &info)
        return info.st_ino
    }

    /// A file already in place as smrole would write it is left alone; with every file so, nothing is written.
    @Test func writingTheSameOutputAgainLeavesEveryFileAsItIs() throws {
        let dir = try previousOutput()
        let before = try snapshot(dir)
        let inodes = Self.first.map { inode(dir.appendingPathComponent($0.path)) }
        let counting = Faults(failing: .rename, at: 0)
        try OutputDirectory(path: dir.path, fileSystem: counting.fileSystem).write(Self.first)
        #expect(counting.count(.createFile) == 0 && counting.count(.rename) == 0)
        #expect(try snapshot(dir) == before)
        #expect(Self.first.map { inode(dir.appendingPathComponent($0.path)) } == inodes)
    }

    @Test func onlyTheFilesThatChangedAreReplaced() throws {
        let dir = try previousOutput()
        let kept = inode(dir.appendingPathComponent("policies/a.json"))
        var next = Self.first
        next[1].content = "v2 role\n"
        let counting = Faults(failing: .rename, at: 0)
        try OutputDirectory(path: dir.path, fileSystem: counting.fileSystem).write(next)
        #expect(counting.count(.createFile) == 3)  // role.json and both manifests
        #expect(inode(dir.appendingPathComponent("policies/a.json")) == kept)
        #expect(try snapshot(dir)["role.json"] == "v2 role\n")
        #expect(try snapshot(dir).keys.filter { $0.hasPrefix(".smrole-") } == [".smrole-manifest"])
    }

    /// Same bytes are not enough: a file whose mode, or number of names, differs from what smrole creates is
    /// replaced as before (the umask is honoured; a hard link elsewhere keeps the old file).
    @Test func aFileWithOtherAttributesIsReplacedEvenWithTheSameContent() throws {
        let dir = try previousOutput()
        let role = dir.appendingPathComponent("role.json"), answers = dir.appendingPathComponent("answers.yaml")
        chmod(role.path, 0o600)
        let elsewhere = try scratch().appendingPathComponent("linked")
        #expect(link(answers.path, elsewhere.path) == 0)
        let (roleInode, answersInode) = (inode(role), inode(answers))
        try OutputDirectory(path: dir.path).write(Self.first)
        var info = stat()
        _ = lstat(role.path, &info)
        let mask = umask(0)
        umask(mask)
        #expect(info.st_mode & 0o777 == 0o666 & ~mask)
        #expect(inode(role) != roleInode && inode(answers) != answersInode)
        #expect(inode(elsewhere) == answersInode)
    }

    @Test func aFailedFirstWriteLeavesNoFolderBehind() throws {
        let dir = try scratch().appendingPathComponent("new")
        #expect(throws: OutputError.self) {
            try OutputDirectory(path: dir.path, fileSystem: Faults(failing: .createFile, at: 2).fileSystem)
                .write(Self.first)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func theFailureSaysWhichCallFailedAndThatThePreviousFilesAreBack() throws {
        let dir = try previousOutput()
        do {
            try OutputDirectory(path: dir.path, fileSystem: Faults(failing: .rename, at: 4).fileSystem)
                .write(Self.second)
            Issue.record("did not fail")
        } catch {
            #expect(error.message.hasPrefix("could not be written (rename "), "\(error.message)")
            #expect(error.message.hasSuffix("the previous files are back as they were"))
        }
    }

    /// The files in `folder` that its manifest on disk does not list, the user's own file aside:
    /// what a crash at this moment would leave unaccounted for.
    func unlistedFiles(in folder: URL) throws -> [String] {
        let manifest = try OutputManifest.read(in: folder.path) ?? OutputManifest(files: [])
        var unlisted: [String] = []
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)! {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            if isFolder.boolValue || path == "terraform.tfstate" || path == OutputManifest.fileName { continue }
            let top = String(path.split(separator: "/")[0])
            let listed = top.hasPrefix(".smrole-") ? manifest.workFolders.contains(top) : manifest.files.contains(path)
            if !listed { unlisted.append(path) }
        }
        return unlisted
    }

    @Test func atEveryStepOfASwapTheManifestOnDiskCoversEverySmroleFileInTheFolder() throws {
        let dir = try previousOutput()
        let found = Findings()
        let watching = OutputFileSystem(
            createFile: { path, content, executable throws(SystemCallError) in
                try FileCalls.createFile(path, content, executable: executable)
            },
            rename: { from, to throws(SystemCallError) in
                for path in (try? self.unlistedFiles(in: dir)) ?? ["(manifest unreadable)"] {
                    found.add("\(path), before renaming \(from)")
                }
                try FileCalls.rename(from, to)
            })
        try OutputDirectory(path: dir.path, fileSystem: watching).write(Self.second)
        // Before the first rename the staged files are in a work folder the old manifest does not
        // list yet; that rename is the one that puts the covering manifest in place.
        let afterTheFirstRename = found.lines.filter { !$0.hasSuffix(".smrole-manifest.intent") }
        #expect(afterTheFirstRename.isEmpty, "\(afterTheFirstRename)")
    }

    @Test func aFolderLeftEmptyByRemovalsIsRemovedAndOneWithTheUsersFilesIsKept() throws {
        let dir = try previousOutput()
        try "mine".write(to: dir.appendingPathComponent("policies/README"), atomically: false, encoding: .utf8)
        let noPolicies = Array(Self.first.prefix(2))
        try OutputDirectory(path: dir.path).write(noPolicies)
        #expect(try snapshot(dir)["policies/README"] == "mine")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("policies/README"))
        try OutputDirectory(path: dir.path).write(Self.first)
        try OutputDirectory(path: dir.path).write(noPolicies)
        #expect(try snapshot(dir).keys.sorted() == [
            ".smrole-manifest", "answers.yaml", "role.json", "terraform.tfstate",
        ])
    }

    @Test func aListedFileThatIsALinkIsReplacedAndItsTargetLeftAlone() throws {
        let dir = try previousOutput()
        let outside = try scratch().appendingPathComponent("precious.json")
        try "precious".write(to: outside, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("role.json"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("role.json"),
                                                   withDestinationURL: outside)
        try OutputDirectory(path: dir.path).write(Self.second)
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious")
        #expect(try FileCalls.kind(at: dir.appendingPathComponent("role.json").path) == .file)
        #expect(try snapshot(dir)["role.json"] == "v2 role\n")
    }

    @Test func aSubfolderThatIsALinkIsRefusedAndNothingIsWrittenThrough() throws {
        let dir = try previousOutput()
        let outside = try scratch()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("policies"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("policies"),
                                                   withDestinationURL: outside)
        do {
            try OutputDirectory(path: dir.path).write(Self.second)
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("policies (a symbolic link where smrole writes a folder)"),
                    "\(error.message)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func anOutThatIsALinkToAFileIsRefused() throws {
        let dir = try scratch()
        try "x".write(to: dir.appendingPathComponent("file"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("out").path,
                                                   withDestinationPath: "file")
        do {
            try OutputDirectory(path: dir.appendingPathComponent("out").path).write(Self.first)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "is a symbolic link to file, which is not a folder; choose another output folder")
        }
    }

    @Test func aManifestThatListsAPathOutsideTheFolderIsRefused() throws {
        let dir = try previousOutput()
        try "../escape\n".write(to: dir.appendingPathComponent(".smrole-manifest"), atomically: false, encoding: .utf8)
        let before = try snapshot(dir)
        do {
            try OutputDirectory(path: dir.path).write(Self.second)
            Issue.record("accepted")
        } catch {
            #expect(error.message.hasPrefix("line 1: '../escape' is not a file in this folder"), "\(error.message)")
        }
        #expect(try snapshot(dir) == before)
    }

    @Test func aFileOfTheManifestThatBecameAFolderIsRefused() throws {
        let dir = try previousOutput()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("role.json"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("role.json"),
                                                withIntermediateDirectories: false)
        #expect(throws: OutputError.self) { try OutputDirectory(path: dir.path).write(Self.second) }
        #expect(try snapshot(dir)["role.json"] == "<folder>")
    }

    @Test func aFolderAnotherRunIsWritingIsRefused() throws {
        let dir = try previousOutput()
        let held = open(dir.path, O_RDONLY | O_DIRECTORY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)
        do {
            try OutputDirectory(path: dir.path).write(Self.second)
            Issue.record("accepted")
        } catch {
            #expect(error.message.hasPrefix("another smrole is writing into this folder"))
        }
    }

    @Test func theWorkFoldersOfAnInterruptedRunAreRemovedAndNoOthers() throws {
        let dir = try previousOutput()
        for name in [".smrole-staging-1-dead", ".smrole-previous-1-dead", ".smrole-staging-mine"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(name + "/policies"),
                                                    withIntermediateDirectories: true)
            try "x".write(to: dir.appendingPathComponent(name + "/policies/a.json"), atomically: false, encoding: .utf8)
        }
        let manifest = dir.appendingPathComponent(".smrole-manifest")
        try (String(contentsOf: manifest, encoding: .utf8) + ".smrole-staging-1-dead/\n.smrole-previous-1-dead/\n")
            .write(to: manifest, atomically: false, encoding: .utf8)
        try OutputDirectory(path: dir.path).write(Self.second)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".smrole-") }
        #expect(names.sorted() == [".smrole-manifest", ".smrole-staging-mine"])
    }
}
