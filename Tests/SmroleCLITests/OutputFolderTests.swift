import Foundation
import Testing

/// `generate` and the wizard share the output folder with the user: smrole replaces only the
/// files it wrote (listed in .smrole-manifest) and never anything else (docs/guarantees.md).
@Suite("Output folders: smrole replaces only what it wrote")
struct OutputFolderTests {
    static func answers(role: String = "SageMaker-DS", buckets: Bool = true) -> String {
        """
        role: { name: "\(role)" }
        persona: data-scientist
        account: "111122223333"
        region: us-east-1
        activities:
          manage-ml-jobs: { passRoles: [arn:aws:iam::111122223333:role/service-role/SageMaker-Compute] }
        \(buckets ? "  s3-bucket-access: { s3Buckets: [sagemaker-us-east-1-111122223333] }" : "")
        """
    }

    /// A folder holding the answers file and a user's notes.
    func workspace(role: String = "SageMaker-DS") throws -> URL {
        let dir = try CLI.scratch()
        try write(Self.answers(role: role), to: "a.yaml", in: dir)
        try write("my notes", to: "notes.md", in: dir)
        return dir
    }

    func write(_ text: String, to name: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ name: String, in dir: URL) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: ["..", "."])
    func aRoleNamedLikeAFolderShortcutIsRefusedAndNothingIsWritten(role: String) throws {
        let dir = try workspace(role: role)
        let before = try FolderSnapshot(dir)
        let result = try CLI.run(["generate", "--answers", "a.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("role.name '\(role)' means"), "\(result.stderr)")
        #expect(result.stderr.contains("--out DIR"))
        #expect(try FolderSnapshot(dir) == before)
    }

    @Test func aRoleNamedDotDotWithAnExplicitOutIsWrittenThere() throws {
        let dir = try workspace(role: "..")
        let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/role.json").path))
    }

    @Test func theWizardRefusesToSaveARoleNamedDotDotIntoItsDefaultFolder() throws {
        let dir = try workspace(role: "..")
        let state = try CLI.scratch()
        let before = try FolderSnapshot(dir)
        // Enter accepts every prefilled answer, including the offered folder smrole-out/.. .
        let result = try MeasuredRun.run(["wizard", "--plain", "--answers", "a.yaml"], in: dir,
                                         stdin: String(repeating: "\n", count: 200),
                                         environment: ["XDG_STATE_HOME": state.path])
        #expect(result.status == 1)
        // The plain wizard talks on stderr: stdout is kept for the saved folder.
        #expect(result.stderr.contains("Not saved: the role name '..' means the folder above"), "\(result.stderr)")
        #expect(try FolderSnapshot(dir) == before)
    }

    @Test func outDotOverAForeignRoleJsonIsRefusedWithNothingChanged() throws {
        let dir = try workspace()
        try write("{\"mine\": true}\n", to: "role.json", in: dir)
        let before = try FolderSnapshot(dir)
        let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "."], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("would overwrite: role.json."), "\(result.stderr)")
        #expect(result.stderr.contains("Nothing was changed"))
        #expect(try FolderSnapshot(dir) == before)
    }

    @Test func outDotWritesBesideTheUsersFilesAndKeepsThem() throws {
        let dir = try workspace()
        let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "."], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try read("notes.md", in: dir) == "my notes")
        #expect(try read("a.yaml", in: dir) == Self.answers())
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("role.json").path))
    }

    @Test func aRerunKeepsTerraformStateAndTheUsersNotes() throws {
        let dir = try workspace()
        let out = dir.appendingPathComponent("out")
        let generate = ["generate", "--answers", "a.yaml", "--out", "out", "--format", "terraform"]
        #expect(try CLI.run(generate, in: dir).status == 0)
        try write("{\"version\": 4, \"serial\": 7}", to: "terraform.tfstate", in: out)
        try write("# lock", to: ".terraform.lock.hcl", in: out)
        try write("provider binary", to: ".terraform/providers/registry/aws", in: out)
        try write("why this role", to: "NOTES.md", in: out)
        let theirs = try FolderSnapshot(out).entries.filter { ["terraform.tfstate", ".terraform.lock.hcl", "NOTES.md",
                                                               ".terraform/providers/registry/aws"].contains($0.key) }
        let again = try CLI.run(generate, in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        let after = try FolderSnapshot(out).entries
        for (path, content) in theirs { #expect(after[path] == content, "\(path)") }
        #expect(after["main.tf"] != nil)
    }

    @Test func aForeignFileWithOneOfSmrolesNamesIsRefusedWithNothingChanged() throws {
        let dir = try workspace()
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir).status == 0)
        try write("# my own terraform", to: "main.tf", in: out)
        let before = try FolderSnapshot(dir)
        let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out", "--format", "terraform"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("would overwrite: main.tf."), "\(result.stderr)")
        #expect(try FolderSnapshot(dir) == before)
    }

    @Test func aSymlinkedOutFolderIsFollowedAndTheLinkIsKept() throws {
        let dir = try workspace()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("real"), withIntermediateDirectories: false)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "real")
        for _ in 0..<2 {
            let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "link"], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link").path) == "real")
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("real/role.json").path))
    }

    @Test func aSymlinkToNothingIsRefused() throws {
        let dir = try workspace()
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path,
                                                   withDestinationPath: "gone")
        let before = try FolderSnapshot(dir)
        let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "link"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is a symbolic link to gone, which does not exist"), "\(result.stderr)")
        #expect(try FolderSnapshot(dir) == before)
    }

    @Test(arguments: [
        ("077", "-rw-------", "-rwx------", "drwx------"), ("022", "-rw-r--r--", "-rwxr-xr-x", "drwxr-xr-x"),
    ])
    func writtenFilesHonourTheUmask(mask: String, file: String, script: String, folder: String) throws {
        let dir = try workspace()
        let result = try MeasuredRun.run(["generate", "--answers", "a.yaml", "--out", "out", "--format", "cli"],
                                         in: dir, umask: mask)
        #expect(result.status == 0, "\(result.stderr)")
        func mode(_ path: String) throws -> String {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(path).path)
            let bits = (attributes[.posixPermissions] as? Int) ?? -1
            let kind = (attributes[.type] as? FileAttributeType) == .typeDirectory ? "d" : "-"
            let letters = Array("rwxrwxrwx")
            return kind + (0..<9).map { bits & (0o400 >> $0) != 0 ? String(letters[$0]) : "-" }.joined()
        }
        #expect(try mode("out/role.json") == file)
        #expect(try mode("out/.smrole-manifest") == file)
        #expect(try mode("out/create-role.sh") == script)
        #expect(try mode("out/policies") == folder)
        #expect(try mode("out") == folder)
    }

    @Test func theFileOfARemovedActivityIsRemovedOnRerun() throws {
        let dir = try workspace()
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir).status == 0)
        try write("mine", to: "policies/README", in: out)
        let dropped = out.appendingPathComponent("policies/SageMaker-DS-s3-bucket-access.json")
        #expect(FileManager.default.fileExists(atPath: dropped.path))
        try write(Self.answers(buckets: false), to: "a.yaml", in: dir)
        let again = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FolderSnapshot(out).paths == [
            ".smrole-manifest", "answers.yaml", "policies", "policies/README",
            "policies/SageMaker-DS-manage-ml-jobs.json", "role.json", "trust-policy.json",
        ])
        #expect(!(try read(".smrole-manifest", in: out)).contains("s3-bucket-access"))
    }

    @Test func anOutputFromBeforeManifestsIsRefusedWithWhatToDo() throws {
        let dir = try workspace()
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir).status == 0)
        try FileManager.default.removeItem(at: out.appendingPathComponent(".smrole-manifest"))
        let before = try FolderSnapshot(dir)
        let result = try CLI.run(["generate", "--answers", "a.yaml", "--out", "out"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("would overwrite: answers.yaml, role.json, trust-policy.json, policies/"),
                "\(result.stderr)")
        #expect(result.stderr.contains("delete them if an older smrole wrote them"))
        #expect(try FolderSnapshot(dir) == before)
    }
}
