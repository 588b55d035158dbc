import Foundation
import Testing

/// Files besides answers that smrole reads are bounded too: a wrong path (a device, a huge
/// export) gets a clear error naming the file and the limit, never all of the machine's memory.
@Suite(.namesTheBinaryUnderTest) struct InputBoundsTests {
    @Test func lintRefusesAnEndlessInputNamingItsLimit() throws {
        let result = try CLI.run(["lint", "/dev/zero"], in: try CLI.scratch())
        #expect(result.status == 1)
        #expect(result.stderr.contains("/dev/zero: goes on past 16 MiB"), "\(result.stderr)")
    }

    @Test func lintStillReadsAPolicyFromStandardInput() throws {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
        let result = try CLI.run(["lint", "-"], in: try CLI.scratch(), stdin: policy)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func onboardRefusesAUserListPastItsLimitBeforeAnyCall() throws {
        let result = try CLI.run(["onboard", "--domain-id", "d-abc", "--from-csv", "/dev/zero",
                                  "--role", "arn:aws:iam::123456789012:role/R", "--endpoint-url", "http://127.0.0.1:9",
                                  "--region", "us-east-1"], in: try CLI.scratch())
        #expect(result.status == 1)
        #expect(result.stderr.contains("--from-csv /dev/zero: goes on past 4 MiB"), "\(result.stderr)")
    }
}
