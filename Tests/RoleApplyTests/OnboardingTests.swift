import AWSClient
import Foundation
import Glibc
import RoleApply
import Testing
import TestServers

/// The SageMaker stub (Tests/stubs/sagemaker_stub.py): state, AWS error shapes, and every
/// request validated against botocore's SageMaker model.
final class SageMakerStub: @unchecked Sendable {
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.venv-test/bin/python").standardized.path
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../stubs/sagemaker_stub.py").standardized.path
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    let port: Int
    let process = Process()
    var url: String { "http://127.0.0.1:\(port)" }

    init(domains: String = "d-workshop1:IAM,d-ssodomain1:SSO", failOnce: [String] = []) throws {
        let failFile = FileManager.default.temporaryDirectory.appendingPathComponent("fail-once-\(UUID().uuidString)")
        try failOnce.joined(separator: "\n").write(to: failFile, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, "0", domains, failFile.path]
        port = try ServerAnnouncement.launch(process, what: "the SageMaker stub")
        // Ready when it answers; a stub that never does fails the test here, not in a later call.
        let deadline = Date().addingTimeInterval(60)
        while !MotoServer.answers(port: port, path: "/state") {
            guard process.isRunning, Date() < deadline else {
                let message = "the SageMaker stub did not answer on port \(port) within 60 s"
                throw NSError(domain: "SageMakerStub", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var client: SageMakerClient {
        SageMakerClient(client: ServiceClient(endpoint: try! EndpointResolver(region: "us-east-1", override: url).endpoint(for: .sagemaker),
                                              credentials: StaticCredentialProvider(Fixture.keys), transport: CurlTransport(),
                                              retry: RetryPolicy(maxAttempts: 1)))
    }
}

@Suite("Onboarding Studio users", .serialized, .enabled(if: SageMakerStub.available, "the stub runs in .venv-test (make deps)"))
struct OnboardingTests {
    static let role = "arn:aws:iam::123456789012:role/service-role/SageMaker-DataScientist"

    static func csv(_ count: Int) -> String {
        "user,team,sso_user\n" + (1...count).map { "student-\(String(format: "%03d", $0)),team \($0 % 7)," }.joined(separator: "\n") + "\n"
    }

    @Test func threeHundredRowsWithFailuresThenARerunThatRetriesOnlyThem() throws {
        let failing = ["student-007", "student-150", "student-299"]
        let stub = try SageMakerStub(failOnce: failing)
        let rows = try OnboardingCSV.parse(Self.csv(300), file: "class.csv")
        let onboarder = Onboarder(sageMaker: stub.client)
        let domain = try onboarder.validate(domainId: "d-workshop1", rows: rows, roleArn: Self.role, image: nil)
        let counter = ProgressCounter()
        let first = try onboarder.run(domain: domain, rows: rows, roleArn: Self.role, image: nil, concurrency: 8) { done, total, _ in counter.record(done, total) }
        #expect(first.filter { $0.status == .created }.count == 297)
        #expect(Set(first.filter { if case .failed = $0.status { return true }; return false }.map(\.row.user)) == Set(failing))
        #expect(counter.last == 300 && counter.calls == 300)
        let second = try onboarder.run(domain: domain, rows: rows, roleArn: Self.role, image: nil, concurrency: 8) { _, _, _ in }
        #expect(second.filter { $0.status == .created }.map(\.row.user).sorted() == failing)
        #expect(second.filter { $0.status == .alreadyExists }.count == 297)
        #expect(try stub.client.listUserProfiles(domainId: "d-workshop1").count == 300)
    }

    @Test func theExecutionRoleAndJupyterLabImageAreSet() throws {
        let stub = try SageMakerStub()
        let onboarder = Onboarder(sageMaker: stub.client)
        let rows = [OnboardingRow(user: "ana")]
        let image = "arn:aws:sagemaker:us-east-1:081325390199:image/jupyter-server-3"
        let domain = try onboarder.validate(domainId: "d-workshop1", rows: rows, roleArn: Self.role, image: image)
        _ = try onboarder.run(domain: domain, rows: rows, roleArn: Self.role, image: image, concurrency: 1) { _, _, _ in }
        let profile = try #require(try stub.client.describeUserProfile(domainId: "d-workshop1", name: "ana"))
        let settings = profile["UserSettings"] as? [String: Any]
        #expect(settings?["ExecutionRole"] as? String == Self.role)
        let spec = (settings?["JupyterServerAppSettings"] as? [String: Any])?["DefaultResourceSpec"] as? [String: Any]
        #expect(spec?["SageMakerImageArn"] as? String == image)
    }

    @Test func badNamesAreReportedBeforeAnythingIsCreated() throws {
        let stub = try SageMakerStub()
        let rows = try OnboardingCSV.parse("user\nana\nbad_name\n-dash\nANA\n", file: "c.csv")
        let onboarder = Onboarder(sageMaker: stub.client)
        do throws(OnboardingInputError) {
            _ = try onboarder.validate(domainId: "d-workshop1", rows: rows, roleArn: Self.role, image: nil)
            Issue.record("bad names were accepted")
        } catch {
            #expect(error.problems.count == 3)
            #expect(error.problems.contains { $0.hasPrefix("line 3:") && $0.contains("bad_name") })
            #expect(error.problems.contains { $0.contains("listed twice") })
        }
        #expect(try stub.client.listUserProfiles(domainId: "d-workshop1").isEmpty)
    }

    @Test func anUnknownDomainIsNamed() throws {
        let stub = try SageMakerStub()
        #expect(throws: OnboardingInputError(problems: ["--domain-id: no Studio domain d-missing in this account and region"])) {
            _ = try Onboarder(sageMaker: stub.client).validate(domainId: "d-missing", rows: [OnboardingRow(user: "ana")], roleArn: Self.role, image: nil)
        }
    }

    @Test func aStopLeavesTheRowsNotStartedForTheRetry() throws {
        let stub = try SageMakerStub()
        let onboarder = Onboarder(sageMaker: stub.client)
        let rows = (1...20).map { OnboardingRow(user: "user-\($0)", line: $0) }
        let domain = try onboarder.validate(domainId: "d-workshop1", rows: rows, roleArn: Self.role, image: nil)
        let done = Counter()
        let results = try onboarder.run(domain: domain, rows: rows, roleArn: Self.role, image: nil, concurrency: 1,
                                        stopped: { done.value >= 3 }) { _, _, _ in done.increment() }
        #expect(results.prefix(3).allSatisfy { $0.status == .created })
        #expect(results.dropFirst(3).allSatisfy { $0.status == .failed(Onboarder.notAttempted) })
        #expect(try stub.client.listUserProfiles(domainId: "d-workshop1").count == 3)
    }

    @Test func aDomainNameFindsItsId() throws {
        let stub = try SageMakerStub(domains: "d-workshop1:IAM:ml-lab,d-ssodomain1:SSO:prod")
        let onboarder = Onboarder(sageMaker: stub.client)
        #expect(try onboarder.domainId(for: "ml-lab", region: "us-east-1") == "d-workshop1")
        #expect(try onboarder.domainId(for: "PROD", region: "us-east-1") == "d-ssodomain1")
        #expect(try onboarder.domainId(for: "d-anything", region: "us-east-1") == "d-anything")
    }

    @Test func anUnknownDomainNameListsTheDomainsThere() throws {
        let stub = try SageMakerStub(domains: "d-workshop1:IAM:ml-lab")
        #expect(throws: OnboardingInputError(problems: [
            "Domain: no Studio domain in us-east-1 is named 'ml-lab2'; there are 'ml-lab' (d-workshop1)",
        ])) {
            _ = try Onboarder(sageMaker: stub.client).domainId(for: "ml-lab2", region: "us-east-1",
                                                               names: .init(domain: "Domain", image: "JupyterLab version"))
        }
    }

    @Test func twoDomainsOfOneNameIgnoringCaseAskForTheId() throws {
        let stub = try SageMakerStub(domains: "d-one1:IAM:Lab,d-two2:IAM:lab")
        #expect(try Onboarder(sageMaker: stub.client).domainId(for: "lab", region: "us-east-1") == "d-two2")
        #expect(throws: OnboardingInputError(problems: ["--domain-id: 2 domains are named 'LAB' (d-one1, d-two2); give the id"])) {
            _ = try Onboarder(sageMaker: stub.client).domainId(for: "LAB", region: "us-east-1")
        }
    }

    @Test func identityCenterDomainsNeedAnSSOUserPerRow() throws {
        let stub = try SageMakerStub()
        let rows = try OnboardingCSV.parse("user,sso_user\nana,ana@example.com\nbo,\n", file: "c.csv")
        #expect(throws: OnboardingInputError(problems: ["line 3: 'bo' needs an sso_user: the domain uses IAM Identity Center"])) {
            _ = try Onboarder(sageMaker: stub.client).validate(domainId: "d-ssodomain1", rows: rows, roleArn: Self.role, image: nil)
        }
        let good = [rows[0]]
        let domain = try Onboarder(sageMaker: stub.client).validate(domainId: "d-ssodomain1", rows: good, roleArn: Self.role, image: nil)
        let results = try Onboarder(sageMaker: stub.client).run(domain: domain, rows: good, roleArn: Self.role, image: nil, concurrency: 2) { _, _, _ in }
        #expect(results.map(\.status) == [.created])
    }
}

@Suite("Onboarding CSV")
struct OnboardingCSVTests {
    @Test func quotedFieldsBOMAndExtraColumns() throws {
        let rows = try OnboardingCSV.parse("\u{FEFF}team,user,sso_user\n\"a, \"\"quoted\"\"\",ana,ana@x\n\n\"b\",bo,\n", file: "c.csv")
        #expect(rows == [OnboardingRow(user: "ana", ssoUser: "ana@x", line: 2), OnboardingRow(user: "bo", ssoUser: nil, line: 4)])
    }

    @Test func aMissingUserColumnIsNamed() {
        #expect(throws: OnboardingInputError(problems: ["c.csv line 1: no 'user' column in the header (name, email)"])) {
            _ = try OnboardingCSV.parse("name,email\nana,a@x\n", file: "c.csv")
        }
    }

    @Test func anEmptyFileIsAnError() {
        #expect(throws: OnboardingInputError.self) { _ = try OnboardingCSV.parse("", file: "c.csv") }
    }
}

final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var calls = 0
    private(set) var last = 0
    func record(_ done: Int, _ total: Int) {
        lock.lock()
        calls += 1
        last = max(last, done)
        lock.unlock()
    }
}

@Suite("JupyterLab version")
struct JupyterLabImageTests {
    @Test func versionsBecomeTheRegionsFirstPartyImage() throws {
        #expect(try JupyterLabImage.arn("3", region: "us-east-1") == "arn:aws:sagemaker:us-east-1:081325390199:image/jupyter-server-3")
        #expect(try JupyterLabImage.arn("1", region: "eu-west-2") == "arn:aws:sagemaker:eu-west-2:712779665605:image/jupyter-server")
    }

    @Test func anARNIsTakenAsGiven() throws {
        #expect(try JupyterLabImage.arn("arn:aws:sagemaker:us-east-1:1:image/custom", region: "us-east-1") == "arn:aws:sagemaker:us-east-1:1:image/custom")
    }

    @Test func anUnknownVersionOrRegionIsNamed() {
        #expect(throws: JupyterLabImage.UnknownError.self) { try JupyterLabImage.arn("2", region: "us-east-1") }
        do {
            _ = try JupyterLabImage.arn("3", region: "xx-nowhere-1")
            Issue.record("an unknown region was accepted")
        } catch {
            #expect(error.description.contains("xx-nowhere-1"))
        }
    }
}

/// A count shared with a callback on worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    func increment() { lock.lock(); count += 1; lock.unlock() }
}
