import AWSClient
import Foundation
import Testing

/// The transport's settings as the AWS CLI takes them from the environment and the profile:
/// proxies (urllib's rules, which botocore follows), the CA bundle, and the region, which
/// becomes part of every host name.
@Suite("Proxies, CA bundle and region")
struct SessionSettingsTests {
    static let iam = URL(string: "https://iam.amazonaws.com/")!
    static let imds = URL(string: "http://169.254.169.254/latest/api/token")!

    func proxies(_ environment: [String: String]) throws -> ProxySettings {
        try ProxySettings(environment: environment)
    }

    // MARK: - Proxies

    @Test func anUppercaseHTTPProxyIsUsedForHTTPEndpoints() throws {
        #expect(
            try proxies(["HTTP_PROXY": "http://proxy.corp:3128"]).proxy(for: Self.imds) == "http://proxy.corp:3128")
    }

    @Test func httpsEndpointsUseTheHTTPSProxyAndNeverAllProxy() throws {
        let settings = try proxies([
            "HTTP_PROXY": "http://plain:1", "HTTPS_PROXY": "http://tls:2", "ALL_PROXY": "http://all:3",
        ])
        #expect(settings.proxy(for: Self.iam) == "http://tls:2")
        #expect(try proxies(["ALL_PROXY": "http://all:3", "all_proxy": "http://all:3"]).proxy(for: Self.iam) == nil)
    }

    @Test func theLowercaseNameWinsAndAnEmptyOneCancelsTheUppercase() throws {
        #expect(
            try proxies(["HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2"]).proxy(for: Self.iam)
                == "http://lower:2")
        #expect(try proxies(["HTTPS_PROXY": "http://upper:1", "https_proxy": ""]).proxy(for: Self.iam) == nil)
    }

    @Test func underCGIAnUppercaseHTTPProxyIsIgnored() throws {
        #expect(
            try proxies(["HTTP_PROXY": "http://from-a-header:1", "REQUEST_METHOD": "GET"]).proxy(for: Self.imds) == nil
        )
        #expect(
            try proxies(["http_proxy": "http://mine:1", "REQUEST_METHOD": "GET"]).proxy(for: Self.imds)
                == "http://mine:1")
    }

    @Test func noProxyNamesHostsAndDomainSuffixes() throws {
        let settings = try proxies([
            "https_proxy": "http://p:1", "http_proxy": "http://p:1",
            "NO_PROXY": " .amazonaws.com , 169.254.169.254,localhost:8080",
        ])
        #expect(settings.proxy(for: Self.iam) == nil)
        #expect(settings.proxy(for: URL(string: "https://sts.eu-west-1.amazonaws.com")!) == nil)
        #expect(settings.proxy(for: Self.imds) == nil)
        #expect(settings.proxy(for: URL(string: "http://localhost:8080/")!) == nil)
        #expect(settings.proxy(for: URL(string: "http://localhost:9090/")!) == "http://p:1")
        #expect(settings.proxy(for: URL(string: "https://notamazonaws.com/")!) == "http://p:1")
    }

    @Test func aStarInNoProxyBypassesEveryHost() throws {
        #expect(try proxies(["https_proxy": "http://p:1", "no_proxy": "*"]).proxy(for: Self.iam) == nil)
    }

    @Test func aProxyWithoutASchemeIsHTTPAndSOCKSIsRefused() throws {
        #expect(try proxies(["https_proxy": "proxy.corp:3128"]).proxy(for: Self.iam) == "http://proxy.corp:3128")
        #expect(try proxies(["https_proxy": "//proxy.corp:3128"]).proxy(for: Self.iam) == "http://proxy.corp:3128")
        #expect(
            throws: AWSError.configuration(
                "https_proxy (or its uppercase twin) is 'socks5://proxy:1080'; only http:// and https:// "
                    + "proxies are supported, as in the AWS CLI")
        ) {
            _ = try proxies(["HTTPS_PROXY": "socks5://proxy:1080"])
        }
    }

    @Test func aRequestGoesThroughTheProxyTheUppercaseVariableNames() throws {
        let proxy = MisbehavingHTTPServer { _ in .answer(status: 200, body: "proxied") }
        defer { proxy.stop() }
        let transport = CurlTransport(proxies: try proxies(["HTTP_PROXY": proxy.url]))
        let response = try transport.send(
            HTTPRequest(method: "GET", url: URL(string: "http://smrole-test.invalid/creds")!), timeout: 5)
        #expect(response.body == Data("proxied".utf8))
        #expect(proxy.requests == ["GET http://smrole-test.invalid/creds HTTP/1.1"])
    }

    @Test func aHostInNoProxyIsReachedDirectly() throws {
        let proxy = MisbehavingHTTPServer { _ in .answer(status: 502, body: "") }
        let server = MisbehavingHTTPServer { _ in .answer(status: 200, body: "direct") }
        defer { proxy.stop(); server.stop() }
        let transport = CurlTransport(proxies: try proxies(["HTTP_PROXY": proxy.url, "NO_PROXY": "127.0.0.1"]))
        #expect(
            try transport.send(HTTPRequest(method: "GET", url: URL(string: server.url)!), timeout: 5).body
                == Data("direct".utf8))
        #expect(proxy.connections == 0)
    }

    // MARK: - CA bundle

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func profile(_ text: String) throws -> ProfileSettings? {
        ConfigFiles(
            credentialsFile: SharedConfigFile(path: "/home/ana/.aws/credentials", kind: .credentials),
            configFile: try SharedConfigFile.parse(Data(text.utf8), path: "/home/ana/.aws/config", kind: .config)
        ).profile("default")
    }

    @Test func awsCABundleWinsOverTheProfilesCABundleWhichWinsOverRequestsCABundle() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (a, b, c) = (
            directory.appendingPathComponent("a.pem").path, directory.appendingPathComponent("b.pem").path,
            directory.appendingPathComponent("c.pem").path
        )
        for path in [a, b, c] { #expect(FileManager.default.createFile(atPath: path, contents: Data("pem".utf8))) }
        let settings = try profile("[default]\nca_bundle = \(b)\n")
        #expect(
            try AWSSession.caBundle(environment: ["AWS_CA_BUNDLE": a, "REQUESTS_CA_BUNDLE": c], profile: settings) == a
        )
        #expect(try AWSSession.caBundle(environment: ["REQUESTS_CA_BUNDLE": c], profile: settings) == b)
        #expect(try AWSSession.caBundle(environment: ["REQUESTS_CA_BUNDLE": c], profile: nil) == c)
        #expect(try AWSSession.caBundle(environment: [:], profile: nil) == nil)
    }

    @Test func anEmptyAWSCABundleMeansTheSystemsCertificatesAsInBotocore() throws {
        #expect(
            try AWSSession.caBundle(
                environment: ["AWS_CA_BUNDLE": ""], profile: try profile("[default]\nca_bundle = /x.pem\n")) == nil)
    }

    @Test func aCABundleThatIsNotAReadableFileIsRefusedNamingWhereItWasSet() throws {
        #expect(
            throws: AWSError.configuration(
                "AWS_CA_BUNDLE is '/nonexistent/ca.pem', which is not a readable file of certificates (PEM)")
        ) {
            _ = try AWSSession.caBundle(environment: ["AWS_CA_BUNDLE": "/nonexistent/ca.pem"], profile: nil)
        }
        #expect(
            throws: AWSError.configuration(
                "the ca_bundle of profile 'default' (/home/ana/.aws/config, line 2) is '/tmp', "
                    + "which is not a readable file of certificates (PEM)")
        ) {
            _ = try AWSSession.caBundle(environment: [:], profile: try profile("[default]\nca_bundle = /tmp\n"))
        }
    }

    @Test func theSessionsTransportUsesTheBundleOfAWSCABundle() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundle = directory.appendingPathComponent("corp.pem").path
        #expect(FileManager.default.createFile(atPath: bundle, contents: Data("pem".utf8)))
        let session = try AWSSession.resolve(
            profile: nil, region: "eu-west-1", endpointURL: nil,
            environment: [
                "AWS_CA_BUNDLE": bundle, "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                "HTTPS_PROXY": "http://proxy.corp:3128",
            ])
        let transport = try #require(session.transport as? CurlTransport)
        #expect(transport.caBundle == bundle)
        #expect(transport.proxies.proxy(for: Self.iam) == "http://proxy.corp:3128")
    }

    @Test(.enabled(if: TLSServer.available, "needs openssl and python3"))
    func aServerSignedByTheBundlesCAIsTrustedAndOnlyWithTheBundle() throws {
        let server = try TLSServer()
        defer { server.stop() }
        let request = HTTPRequest(method: "GET", url: URL(string: "https://127.0.0.1:\(server.port)/")!)
        #expect(try CurlTransport(caBundle: server.certificate).send(request, timeout: 10).body == Data("ok".utf8))
        do {
            _ = try CurlTransport().send(request, timeout: 10)
            Issue.record("a self-signed server was trusted without the bundle")
        } catch {
            guard case .transport(_, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.lowercased().contains("certificate"))
        }
    }

    // MARK: - Region

    @Test(arguments: ["eu-west-1", "us-gov-west-1", "cn-north-1", "il-central-1"])
    func realRegionNamesAreAccepted(region: String) {
        #expect(EndpointResolver.isRegionName(region))
    }

    @Test(arguments: [
        "eu-west-1 # Ireland", "evil.example/x", "a@b", "", "-eu", "eu-", "123", String(repeating: "a", count: 64),
    ])
    func anythingElseNeverReachesAHostName(region: String) {
        #expect(!EndpointResolver.isRegionName(region))
        #expect(throws: AWSError.self) { _ = try EndpointResolver(region: region).endpoint(for: .sts) }
    }

    @Test func aBadRegionIsRefusedNamingWhereItCameFrom() {
        #expect(
            throws: AWSError.configuration(
                "AWS_REGION is 'eu-west-1 # Ireland', which is not a region name (letters, digits and "
                    + "inner hyphens, such as eu-west-1)")
        ) {
            _ = try AWSSession.resolve(
                profile: nil, region: nil, endpointURL: nil,
                environment: [
                    "AWS_REGION": "eu-west-1 # Ireland", "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s",
                    "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                ])
        }
    }
}

/// An HTTPS server on 127.0.0.1 with a certificate made for the test (openssl), served by
/// Python's http.server; it prints its port once listening, and is stopped by its PID.
final class TLSServer {
    static var available: Bool {
        ["/usr/bin/openssl", "/usr/bin/python3"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let script = #"""
        import http.server, ssl, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args): pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    let directory: URL
    let certificate: String
    let process = Process()
    let port: Int

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script, certificate, key]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The port line comes once the server listens (or never, if it failed: then give up).
        let line = Delivery<String>()
        Thread.detachNewThread {
            var bytes = Data()
            while let byte = try? output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty,
                byte != Data("\n".utf8)
            { bytes += byte }
            line.deliver(String(decoding: bytes, as: UTF8.self))
        }
        guard let text = line.wait(timeout: 20), let port = Int(text) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
