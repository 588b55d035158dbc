import AWSClient
import Foundation
import Testing

/// The official SigV4 test suite (awslabs/aws-c-auth, Apache-2.0: Vectors/LICENSE, NOTICE)
/// and IAM/SageMaker/STS vectors made with botocore (Vectors/service-vectors.json).
@Suite("SigV4 signing")
struct SigV4SignerTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
    static let cases: [String] = (try? FileManager.default.contentsOfDirectory(atPath: vectors.appendingPathComponent("v4").path).sorted()) ?? []
    static let exampleDate = ISO8601DateFormatter().date(from: "2015-08-30T12:36:00Z")!

    static func file(_ name: String, _ file: String) throws -> String {
        try String(contentsOf: vectors.appendingPathComponent("v4/\(name)/\(file)"), encoding: .utf8)
    }

    /// `request.txt`: request line, headers (continuation lines start with spaces), blank line, body.
    static func request(_ text: String) -> HTTPRequest {
        let (head, body) = text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        let host = headers.first { $0.name.lowercased() == "host" }!.value
        let allowed = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: "?=&%"))
        let url = URL(string: "https://\(host)" + target.addingPercentEncoding(withAllowedCharacters: allowed)!)!
        return HTTPRequest(method: String(requestLine[0]), url: url, headers: headers, body: Data(body.utf8))
    }

    struct Context: Decodable {
        struct Credentials: Decodable { var access_key_id: String; var secret_access_key: String; var token: String? }
        var credentials: Credentials
        var region: String
        var service: String
        var normalize: Bool
        var sign_body: Bool
    }

    @Test(arguments: cases)
    func officialSuiteCase(name: String) throws {
        let context = try JSONDecoder().decode(Context.self, from: Data(try Self.file(name, "context.json").utf8))
        var request = Self.request(try Self.file(name, "request.txt"))
        let signer = SigV4Signer(service: context.service, region: context.region, normalizePath: context.normalize, signBody: context.sign_body)
        let credentials = AWSCredentials(accessKeyId: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                                         sessionToken: context.credentials.token, source: "test vector")
        signer.sign(&request, credentials: credentials, date: Self.exampleDate)
        var expectedCanonical = try Self.file(name, "header-canonical-request.txt")
        // The suite signs the token as part of the request only where its canonical request lists it.
        if !expectedCanonical.contains("x-amz-security-token") { request.headers.removeAll { $0.name == "X-Amz-Security-Token" } }
        var unsigned = request
        unsigned.headers.removeAll { $0.name == "Authorization" }
        if expectedCanonical.hasSuffix("\n") { expectedCanonical.removeLast() }
        #expect(signer.canonicalRequest(unsigned).request == expectedCanonical)
        var resigned = unsigned
        resigned.headers.removeAll { $0.name == "X-Amz-Date" || $0.name == "X-Amz-Content-Sha256" }
        let withToken = expectedCanonical.contains("x-amz-security-token") ? credentials
            : AWSCredentials(accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, source: "test vector")
        signer.sign(&resigned, credentials: withToken, date: Self.exampleDate)
        let signature = try Self.file(name, "header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(resigned.header("Authorization")?.hasSuffix("Signature=\(signature)") == true)
    }

    struct ServiceVectors: Decodable {
        struct Vector: Decodable {
            var name, service, region, method, url, body, canonical_request, authorization, x_amz_date: String
            var request_headers_in: [String: String]
            var x_amz_security_token: String?
        }
        var vectors: [Vector]
    }

    @Test func iamStsAndSageMakerVectorsMatchBotocore() throws {
        let data = try Data(contentsOf: Self.vectors.appendingPathComponent("service-vectors.json"))
        let vectors = try JSONDecoder().decode(ServiceVectors.self, from: data).vectors
        #expect(vectors.count >= 4)
        for vector in vectors {
            var request = HTTPRequest(method: vector.method, url: URL(string: vector.url)!,
                                      headers: vector.request_headers_in.map { ($0.key, $0.value) }, body: Data(vector.body.utf8))
            let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                             sessionToken: vector.x_amz_security_token, source: "test vector")
            SigV4Signer(service: vector.service, region: vector.region).sign(&request, credentials: credentials, date: Self.exampleDate)
            #expect(request.header("Authorization") == vector.authorization, "\(vector.name)")
        }
    }

    @Test func theSuiteIsComplete() {
        #expect(Self.cases.count == 38)
    }

    @Test func credentialsNeverPrintTheirSecret() {
        let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "SECRET-VALUE", sessionToken: "TOKEN-VALUE", source: "environment")
        let printed = "\(credentials) \(String(reflecting: credentials))"
        #expect(!printed.contains("SECRET-VALUE") && !printed.contains("TOKEN-VALUE"))
    }
}
