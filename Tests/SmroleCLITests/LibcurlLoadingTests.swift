import Foundation
import Testing

/// libcurl is loaded when the first request is sent, from the system or, in Studio's JupyterLab
/// images, from the conda environment. The system's copies are hidden with a private mount
/// namespace (`unshare -m`, root only), so the test sees what a machine without them sees.
@Suite("Loading libcurl", .namesTheBinaryUnderTest,
       .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
                "needs root for unshare -m"))
struct LibcurlLoadingTests {
    static let systemCopies = ["libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"]
        .map { "/usr/lib/x86_64-linux-gnu/" + $0 }

    /// `smrole onboard` against a closed port, with the system's libcurl hidden and `environment` set.
    func onboardWithoutSystemLibcurl(_ environment: [String: String]) throws -> CLI.Run {
        let hide = Self.systemCopies.map { "[ -e \($0) ] && mount --bind /dev/null \($0); " }.joined()
        let assignments = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let script = hide + "exec env AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y \(assignments) \"$0\" onboard "
            + "--domain-id d-abc --user ana --role arn:aws:iam::123456789012:role/R --region us-east-1 "
            + "--endpoint-url http://127.0.0.1:9"
        return try CLI.run(["-m", "sh", "-c", script, CLI.binary.path], in: try CLI.scratch(),
                           executable: URL(fileURLWithPath: "/usr/bin/unshare"))
    }

    @Test func withoutLibcurlTheErrorNamesThePackageToInstall() throws {
        let result = try onboardWithoutSystemLibcurl([:])
        #expect(result.status == 1)
        #expect(result.stderr.contains("libcurl is not installed (Debian, Ubuntu: apt-get install libcurl4; "
                                       + "Amazon Linux, Fedora: dnf install libcurl)"), "\(result.stderr)")
    }

    @Test func theCondaEnvironmentsLibcurlIsUsed() throws {
        let conda = try CLI.scratch()
        try FileManager.default.createDirectory(at: conda.appendingPathComponent("lib"), withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: "/usr/lib/x86_64-linux-gnu/libcurl.so.4").resolvingSymlinksInPath()
        try FileManager.default.copyItem(at: real, to: conda.appendingPathComponent("lib/libcurl.so.4"))
        let result = try onboardWithoutSystemLibcurl(["CONDA_PREFIX": conda.path])
        #expect(result.status == 1)
        // It got as far as the network: the closed port, not a missing library.
        #expect(result.stderr.contains("127.0.0.1"), "\(result.stderr)")
        #expect(!result.stderr.contains("libcurl is not installed"), "\(result.stderr)")
    }
}
