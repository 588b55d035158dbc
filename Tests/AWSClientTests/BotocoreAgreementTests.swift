import AWSClient
import Foundation
import Testing

/// The oracle for the shared files: botocore itself (installed in .venv-test by `make deps`),
/// given the same bytes. For every case both must refuse the file, or both must find the same
/// profiles with the same values.
@Suite("Shared files agree with botocore")
struct BotocoreAgreementTests {
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.venv-test/bin/python").standardized.path
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    /// Reads the cases (JSON: kind and base64 bytes) on stdin; prints, per case, the profiles
    /// botocore finds (subsections unparsed, as raw strings) or null when it refuses the file.
    static let oracle = #"""
        import base64, json, os, sys, tempfile
        from botocore import configloader
        results = []
        for case in json.load(sys.stdin):
            fd, path = tempfile.mkstemp()
            os.write(fd, base64.b64decode(case["bytes"])); os.close(fd)
            try:
                raw = configloader.raw_config_parse(path, parse_subsections=False)
                profiles = raw if case["kind"] == "credentials" else configloader.build_profile_map(raw)["profiles"]
                results.append(profiles)
            except Exception:
                results.append(None)
            finally:
                os.unlink(path)
        print(json.dumps(results))
        """#

    static let cases: [(SharedConfigFile.Kind, [UInt8])] = {
        let texts: [(SharedConfigFile.Kind, String)] = [
            (.credentials, "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n"),
            (.credentials, "[default]\naws_access_key_id = AKIAEXAMPLE # mine\naws_secret_access_key = secret ; x\n"),
            (.credentials, "[default]\naws_access_key_id =\naws_secret_access_key=\n"),
            (.credentials, "[default]\naws_access_key_id: A\naws_secret_access_key:s\n"),
            (.credentials, "[default]\naws_access_key_id = A\naws_access_key_id = B\n"),
            (.credentials, "[default]\nregion = a\n[default]\nregion = b\n"),
            (.credentials, "[default]\ngarbage line\n"),
            (.credentials, "region = a\n[default]\n"),
            (.credentials, "# only a comment\n\n[default]\nregion = a\n"),
            (.credentials, "[default]\naws_access_key_id = A\n  aws_secret_access_key = s\n"),
            (.credentials, "[default]\naws_access_key_id = A\n\n  more\n\nregion = b\n"),
            (.credentials, "[default] # work\nregion = a\n"),
            (.credentials, "[ default ]\nregion = a\n"),
            (.credentials, "[DEFAULT]\nregion = a\n[dev]\nx = 1\n[prod]\nregion = b\n"),
            (.credentials, "[default]\rregion = a\r\nx = y\r"),
            (.credentials, "[default]\n  # indented comment\nregion = a\n\t; tab comment\n"),
            (.credentials, "[default]\n= value\n"),
            (.credentials, "[]\nregion = a\n"),
            (.credentials, "[a]b]\nregion = a\n"),
            (.credentials, "[Dev]\nRegion = EU-West-1\n"),
            (.credentials, ""),
            (.config, "[default]\nregion = a\n[profile dev]\nregion = b\n[dev2]\nregion = c\n"),
            (
                .config,
                "[profile \"my team\"]\nregion = a\n[profile 'q x']\nregion = b\n[profile  spaced  ]\nregion = c\n"
            ),
            (
                .config,
                "[profile]\nregion = a\n[profiles dev]\nregion = b\n[profile a b]\nregion = c\n"
                    + "[profile \"open]\nregion = d\n"
            ),
            (.config, "[sso-session corp]\nsso_region = a\n[services x]\nsts =\n  endpoint_url = y\n"),
            (.config, "[profile dev]\ns3 =\n  max_concurrent_requests = 20\nregion = eu-west-1\n"),
            (.config, "[default]\nregion = a\n[profile default]\nregion = b\n"),
        ]
        return texts.map { ($0.0, Array($0.1.utf8)) } + [
            (.credentials, [0xEF, 0xBB, 0xBF] + Array("[default]\nregion = a\n".utf8)),
            (.credentials, [0xFF, 0xFE] + Array("[default]\nregion = a\n".data(using: .utf16LittleEndian)!)),
            (.credentials, Array("[default]\nregion = a\u{E9}\n".data(using: .isoLatin1)!)),
            (.credentials, Array("[default]\nregion = \u{E9}t\u{E9}\n".utf8)),
        ]
    }()

    func botocore() throws -> [[String: [String: String]]?] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", Self.oracle]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let cases = Self.cases.map {
            ["kind": $0.0 == .credentials ? "credentials" : "config", "bytes": Data($0.1).base64EncodedString()]
        }
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: cases))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let decoded = try JSONSerialization.jsonObject(with: data) as? [Any]
        return try #require(decoded).map { $0 as? [String: [String: String]] }
    }

    /// The config file's other sections, as botocore's `build_profile_map` sorts them.
    static let sectionOracle = #"""
        import json, os, sys, tempfile
        from botocore import configloader
        fd, path = tempfile.mkstemp()
        os.write(fd, sys.stdin.buffer.read()); os.close(fd)
        parsed = configloader.build_profile_map(configloader.raw_config_parse(path, parse_subsections=False))
        os.unlink(path)
        print(json.dumps({"sso_sessions": parsed["sso_sessions"], "services": parsed["services"]}))
        """#

    @Test(.enabled(if: available, "needs .venv-test (make deps)"))
    func ssoSessionAndServicesSectionsAreFoundAsBotocoreFindsThem() throws {
        let text = "[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://x.awsapps.com/start\n"
            + "[sso-session \"my team\"]\nsso_region = a\n[sso-session]\nsso_region = b\n[sso-sessions x]\nk = v\n"
            + "[services local]\nsso =\n  endpoint_url = http://127.0.0.1:1\nsso_oidc =\n  endpoint_url = x\n"
            + "[services a b]\nsts =\n  endpoint_url = y\n[profile dev]\nservices = local\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", Self.sectionOracle]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: String]]])
        let ours = try SharedConfigFile.parse(Data(text.utf8), path: "config", kind: .config)
        #expect(ours.ssoSessions.mapValues { $0.mapValues(\.value) } == expected["sso_sessions"])
        #expect(ours.services.mapValues { $0.mapValues(\.value) } == expected["services"])
    }

    @Test(.enabled(if: available, "needs .venv-test (make deps)"))
    func everyCaseIsRefusedOrReadAsBotocoreReadsIt() throws {
        let expected = try botocore()
        #expect(expected.count == Self.cases.count)
        for (index, (kind, bytes)) in Self.cases.enumerated() {
            let ours = try? SharedConfigFile.parse(Data(bytes), path: "case \(index)", kind: kind).profiles.mapValues {
                $0.mapValues(\.value)
            }
            #expect(
                ours == expected[index], "case \(index): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }
}
