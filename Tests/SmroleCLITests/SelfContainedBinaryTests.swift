import Foundation
import Testing

/// Users copy one file to a bastion, CloudShell or /usr/local/bin: the binary must work with nothing beside it
/// (its data is compiled in), and say which version and commit it is.
@Suite("The binary on its own", .namesTheBinaryUnderTest)
struct SelfContainedBinaryTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the binary under test, alone in an empty folder, and that folder.
    func lonelyCopy() throws -> (binary: URL, folder: URL) {
        let folder = try CLI.scratch()
        let copy = folder.appendingPathComponent("smrole")
        // Copied by cp, not in this process: a child that another test forks while the copy's file is open for
        // writing would inherit it, and exec of the copy would then fail with "Text file busy".
        let cp = Process()
        cp.executableURL = URL(fileURLWithPath: "/bin/cp")
        cp.arguments = [CLI.binary.path, copy.path]
        try cp.run()
        cp.waitUntilExit()
        #expect(cp.terminationStatus == 0, "cp of the binary failed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["smrole"])
        return (copy, folder)
    }

    @Test func aCopyAloneInAnEmptyFolderGeneratesListsAndLints() throws {
        let (binary, folder) = try lonelyCopy()
        let answers = try String(contentsOf: Self.repository.appendingPathComponent("examples/data-scientist.yaml"),
                                 encoding: .utf8)
        try answers.write(to: folder.appendingPathComponent("ds.yaml"), atomically: true, encoding: .utf8)

        let generate = try CLI.run(["generate", "--answers", "ds.yaml", "--out", "out", "--format", "all"],
                                   in: folder, executable: binary)
        #expect(generate.status == 0, "\(generate.stderr)")
        let policies = folder.appendingPathComponent("out/policies").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: policies).count == 6)

        let activities = try CLI.run(["activities", "--persona", "data-scientist"], in: folder, executable: binary)
        #expect(activities.status == 0, "\(activities.stderr)")
        #expect(activities.stdout.contains("manage-ml-jobs"))

        // lint needs the IAM action database: a misspelt action is only found with it.
        let policy = #"""
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJobz", "Resource": "*"}]}
            """#
        try policy.write(to: folder.appendingPathComponent("typo.json"), atomically: true, encoding: .utf8)
        let lint = try CLI.run(["lint", "typo.json"], in: folder, executable: binary)
        #expect(lint.status == 1, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("sagemaker:CreateTrainingJobz"))
    }

    @Test func aCopyAloneStartsTheWizard() throws {
        let (binary, folder) = try lonelyCopy()
        // The wizard's state holds the managed-policy table from its start: reaching the first question, then
        // the end of input, shows the table was there (a missing one stopped the binary with SIGILL).
        // A state folder of its own: a draft of the user's would be offered first.
        let result = try CLI.run(["wizard", "--plain"], in: folder, stdin: "",
                                 environment: ["XDG_STATE_HOME": folder.path], executable: binary)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("input ended while asking: Role name"), "\(result.stderr)")
    }

    @Test func versionNamesTheReleaseAndTheCommitItWasBuiltFrom() throws {
        let (binary, folder) = try lonelyCopy()
        let result = try CLI.run(["--version"], in: folder, executable: binary)
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.trimmingCharacters(in: .newlines)
        let shape = /(?<version>[0-9]+\.[0-9]+\.[0-9]+[^ ]*)( \(commit (?<commit>[0-9a-f]{12})(, modified)?\))?/
        let match = try #require(try shape.wholeMatch(in: line), "unexpected --version output: \(line)")
        if let commit = match.output.commit {
            // A commit of this repository, not an invented one.
            let kind = try git(["cat-file", "-t", String(commit)])
            #expect(kind == "commit", "\(commit) is not a commit of \(Self.repository.path)")
        } else {
            #expect(try git(["rev-parse", "HEAD"]) == nil, "built from a git checkout, yet no commit in: \(line)")
        }
        if let tag = try git(["describe", "--tags", "--match", "v[0-9]*"]), match.output.commit != nil {
            #expect(String(match.output.version) == String(tag.dropFirst()))
        }
        let help = try CLI.run(["help"], in: folder, executable: binary)
        #expect(help.stdout.contains("smrole \(line)"), "\(help.stdout)")
    }

    /// git's answer in the repository, or nil when git fails there (not a checkout, no such object).
    func git(_ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", Self.repository.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
