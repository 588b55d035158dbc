import Foundation
import RoleEngine
import RoleExport
import Testing

/// Runs the generated script with a stand-in `aws` on PATH that records every call and can
/// fail a chosen one, so quoting and rollback are checked by bash itself.
@Suite struct CLIScriptRendererTests {
    struct Run {
        var status: Int32
        var calls: [[String]]
        var stderr: String
    }

    static let fakeAWS = #"""
    #!/usr/bin/env bash
    n=$(( $(cat "$FAKE_DIR/count" 2>/dev/null || echo 0) + 1 ))
    echo "$n" > "$FAKE_DIR/count"
    ( IFS=$'\x1f'; printf '%s\n' "$*" ) >> "$FAKE_DIR/calls"
    if [ "$n" = "${FAIL_AT:-0}" ]; then echo "An error occurred (LimitExceeded)" >&2; exit 254; fi
    case "$2" in
      create-policy) echo "arn:aws:iam::111122223333:policy/p$n" ;;
      create-role) echo "arn:aws:iam::111122223333:role/service-role/SageMaker-DataScientist" ;;
    esac
    """#

    static func run(_ script: String, failAt: Int = 0) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let aws = dir.appendingPathComponent("aws")
        try fakeAWS.write(to: aws, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: aws.path)
        let scriptURL = dir.appendingPathComponent("create-role.sh")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [scriptURL.path]
        process.currentDirectoryURL = dir
        process.environment = ["PATH": dir.path + ":/usr/bin:/bin", "FAKE_DIR": dir.path, "FAIL_AT": String(failAt), "HOME": dir.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let log = (try? String(contentsOf: dir.appendingPathComponent("calls"), encoding: .utf8)) ?? ""
        let calls = log.split(separator: "\n").map { $0.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init) }
        return Run(status: process.terminationStatus, calls: calls, stderr: stderr)
    }

    static func input(of call: [String]) throws -> [String: Any] {
        let index = try #require(call.firstIndex(of: "--cli-input-json"))
        return try #require(try JSONSerialization.jsonObject(with: Data(call[index + 1].utf8)) as? [String: Any])
    }

    @Test func createsPoliciesThenTheRoleThenEveryAttachment() throws {
        let plan = try Sample.plan()
        let run = try Self.run(CLIScriptRenderer.render(plan))
        #expect(run.status == 0, "\(run.stderr)")
        let verbs = run.calls.map { $0[1] }
        #expect(verbs == Array(repeating: "create-policy", count: plan.policies.count) + ["create-role"]
                + Array(repeating: "attach-role-policy", count: plan.attachmentCount))
        let names = try run.calls.prefix(plan.policies.count).map { try Self.input(of: $0)["PolicyName"] as? String }
        #expect(names == plan.policies.map(\.name))
    }

    @Test func aHostileDescriptionArrivesIntactAndRunsNothing() throws {
        try? FileManager.default.removeItem(atPath: "/tmp/smrole-pwned")
        let plan = try Sample.plan(description: Sample.hostileDescription)
        let run = try Self.run(CLIScriptRenderer.render(plan))
        #expect(run.status == 0, "\(run.stderr)")
        let createRole = try #require(run.calls.first { $0[1] == "create-role" })
        #expect(try Self.input(of: createRole)["Description"] as? String == Sample.hostileDescription)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/smrole-pwned"))
    }

    @Test func thePolicyDocumentSentIsThePlansDocument() throws {
        let plan = try Sample.plan()
        let run = try Self.run(CLIScriptRenderer.render(plan))
        let sent = try #require(try Self.input(of: run.calls[0])["PolicyDocument"] as? String)
        #expect(sent == plan.policies[0].document.json.minified())
    }

    @Test(arguments: [1, 2, 4, 5, 8])
    func aFailedCallUndoesEverythingCreatedBefore(failAt: Int) throws {
        let plan = try Sample.plan()
        let run = try Self.run(CLIScriptRenderer.render(plan), failAt: failAt)
        #expect(run.status == 254)
        let before = run.calls.prefix(failAt - 1)
        let undo = run.calls.dropFirst(failAt)
        let policies = before.filter { $0[1] == "create-policy" }.count
        let roleCreated = before.contains { $0[1] == "create-role" }
        let attached = before.filter { $0[1] == "attach-role-policy" }.count
        let expected = Array(repeating: "detach-role-policy", count: attached) + (roleCreated ? ["delete-role"] : [])
            + Array(repeating: "delete-policy", count: policies)
        #expect(undo.map { $0[1] } == expected)
        // Policies are deleted newest first.
        let deleted = undo.filter { $0[1] == "delete-policy" }.map { $0.last! }
        #expect(deleted == (1...max(policies, 1)).prefix(policies).reversed().map { "arn:aws:iam::111122223333:policy/p\($0)" })
    }

    @Test func singleQuotingSurvivesQuotes() {
        #expect(CLIScriptRenderer.quote("it's") == #"'it'\''s'"#)
    }
}
