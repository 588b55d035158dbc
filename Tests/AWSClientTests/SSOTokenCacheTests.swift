import AWSClient
import Foundation
import Testing

/// The token cache's times, read as botocore reads them, and its file, written so that no
/// reader ever sees part of one.
@Suite("IAM Identity Center token cache")
struct SSOTokenCacheTests {
    static var noon: Date {
        var components = DateComponents(year: 2026, month: 12, day: 1, hour: 12)
        components.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: components)!
    }

    @Test(arguments: [
        "2026-12-01T12:00:00Z", "2026-12-01T12:00:00UTC", "2026-12-01T12:00:00 UTC", "2026-12-01T12:00:00z",
        "2026-12-01T12:00:00+00:00", "2026-12-01T13:00:00+01:00", "2026-12-01T07:00:00-0500", "2026-12-01 12:00:00Z",
        "2026-12-01T12:00:00GMT", "2026-12-01T14:00:00+02",
    ])
    func theFormsTheCLIAndSDKsWriteAreRead(text: String) {
        #expect(SSOTimestamp.parse(text) == Self.noon)
    }

    @Test func fractionalSecondsAreKept() throws {
        let date = try #require(SSOTimestamp.parse("2026-12-01T12:00:00.250Z"))
        #expect(abs(date.timeIntervalSince(Self.noon) - 0.25) < 0.001)
        #expect(SSOTimestamp.parse("2026-12-01T12:00:00.123456+00:00") != nil)
    }

    @Test(arguments: [
        "2026-12-01T12:00:00", "soon", "", "2026-02-30T00:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01T12:00:00.Z",
        "2026-12-01T12:00:00+1", "2026-12-01T12:00:00 PST", "1796126400",
    ])
    func anythingElseIsNotATime(text: String) {
        #expect(SSOTimestamp.parse(text) == nil)
    }

    @Test func timesAreWrittenAsTheAWSCLIWritesThem() {
        #expect(SSOTimestamp.format(Self.noon.addingTimeInterval(0.9)) == "2026-12-01T12:00:00Z")
    }

    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.venv-test/bin/python").standardized.path

    /// botocore's own reading (dateutil, which it uses for `expiresAt`) is the oracle: the same
    /// instant, or no time with a zone.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "needs .venv-test (make deps)"))
    func everyFormIsReadAsBotocoresDateutilReadsIt() throws {
        let texts = [
            "2026-12-01T12:00:00Z", "2026-12-01T12:00:00UTC", "2026-12-01T12:00:00.250Z", "2026-12-01T13:30:00+01:30",
            "2026-12-01T07:00:00-0500", "2026-12-01 12:00:00 UTC", "2026-12-01T12:00:00", "2026-06-01T00:00:00GMT",
            "2026-12-01T12:00:00.123456+00:00",
        ]
        let script = """
            import json, sys, dateutil.parser
            out = []
            for text in json.load(sys.stdin):
                try:
                    value = dateutil.parser.parse(text)
                    out.append(value.timestamp() if value.tzinfo is not None else None)
                except Exception:
                    out.append(None)
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: texts))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        for (text, theirs) in zip(texts, expected) {
            let ours = SSOTimestamp.parse(text)?.timeIntervalSince1970
            if let seconds = theirs as? Double {
                #expect(
                    ours.map { abs($0 - seconds) < 0.000_01 } == true,
                    "\(text): botocore \(seconds), ours \(String(describing: ours))")
            } else {
                #expect(ours == nil, "\(text): botocore finds no time with a zone")
            }
        }
    }

    func scratch() throws -> SSOTokenCache {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smrole-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return SSOTokenCache(directory: directory.path)
    }

    @Test func aWrittenSignInReadsBackWithBotocoresKeys() throws {
        let cache = try scratch()
        defer { try? FileManager.default.removeItem(atPath: cache.directory) }
        let token = SSOToken(
            accessToken: "a", expiresAt: Self.noon, refreshToken: "r", clientId: "c", clientSecret: "s",
            registrationExpiresAt: "2027-01-01T00:00:00UTC", startURL: "https://x.awsapps.com/start",
            region: "eu-west-1")
        #expect(cache.write(token, key: "k") == nil)
        #expect(cache.read(key: "k") == .token(token))
        let object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: cache.path(forKey: "k"))))
        #expect(
            (object as? [String: String]) == [
                "accessToken": "a", "expiresAt": "2026-12-01T12:00:00Z", "refreshToken": "r", "clientId": "c",
                "clientSecret": "s", "registrationExpiresAt": "2027-01-01T00:00:00UTC",
                "startUrl": "https://x.awsapps.com/start", "region": "eu-west-1",
            ])
    }

    @Test func aSignInNeverShowsItsTokens() {
        let token = SSOToken(accessToken: "the-access-token", expiresAt: Self.noon, refreshToken: "the-refresh-token")
        #expect("\(token)" == "IAM Identity Center token expiring 2026-12-01T12:00:00Z")
        #expect(String(reflecting: token) == "IAM Identity Center token expiring 2026-12-01T12:00:00Z")
    }

    @Test func aFileLargerThanAnySignInIsRefusedUnread() throws {
        let cache = try scratch()
        defer { try? FileManager.default.removeItem(atPath: cache.directory) }
        try Data(count: SSOTokenCache.maxBytes + 1).write(to: URL(fileURLWithPath: cache.path(forKey: "big")))
        #expect(cache.read(key: "big") == .unusable("is larger than 1 MiB, which no sign-in is"))
    }

    @Test func readersNeverSeePartOfASignInWhileOthersReplaceIt() throws {
        let cache = try scratch()
        defer { try? FileManager.default.removeItem(atPath: cache.directory) }
        // Long tokens, so a write that is not atomic would be seen half done.
        @Sendable func token(_ n: Int) -> SSOToken {
            SSOToken(
                accessToken: String(repeating: "\(n % 10)", count: 200_000), expiresAt: Self.noon, refreshToken: "r\(n)"
            )
        }
        #expect(cache.write(token(0), key: "k") == nil)
        let writers = DispatchGroup()
        let failures = Warnings()
        for writer in 0..<4 {
            writers.enter()
            Thread.detachNewThread {
                for round in 1...25 {
                    if let failure = cache.write(token(writer * 100 + round), key: "k") { failures.add(failure) }
                }
                writers.leave()
            }
        }
        var reads = 0
        while writers.wait(timeout: .now()) == .timedOut || reads == 0 {
            switch cache.read(key: "k") {
            case .token(let read):
                let digit = read.accessToken.first!
                if !read.accessToken.allSatisfy({ $0 == digit }) { failures.add("a mixed token was read") }
            case let other:
                failures.add("read \(other)")
            }
            reads += 1
        }
        #expect(failures.all.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory) == ["k.json"])
    }
}
