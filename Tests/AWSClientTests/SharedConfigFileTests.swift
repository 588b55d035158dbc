import AWSClient
import Foundation
import Testing

/// The shared files read as the AWS CLI (botocore, Python's strict configparser) reads them:
/// what it accepts is accepted with the same values, what it refuses is refused with the
/// file, the line and the reason; values no AWS setting can hold are refused where used.
@Suite("Shared config and credentials files")
struct SharedConfigFileTests {
    func credentials(_ text: String) throws(ConfigFileError) -> SharedConfigFile {
        try SharedConfigFile.parse(Data(text.utf8), path: "/home/ana/.aws/credentials", kind: .credentials)
    }

    func config(_ text: String) throws(ConfigFileError) -> SharedConfigFile {
        try SharedConfigFile.parse(Data(text.utf8), path: "/home/ana/.aws/config", kind: .config)
    }

    func refusal(_ bytes: [UInt8]) -> ConfigFileError? {
        do {
            _ = try SharedConfigFile.parse(Data(bytes), path: "/home/ana/.aws/credentials", kind: .credentials)
            return nil
        } catch {
            return error
        }
    }

    func profile(_ text: String, _ name: String = "default") throws -> ProfileSettings {
        try #require(ConfigFiles(credentialsFile: try credentials(text), configFile: try config("")).profile(name))
    }

    static let keys = "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n"

    // MARK: - Encodings the CLI refuses

    @Test func aUTF8ByteOrderMarkIsRefusedAsTheCLIRefusesIt() {
        let error = refusal([0xEF, 0xBB, 0xBF] + Array(Self.keys.utf8))
        #expect(
            error
                == ConfigFileError(
                    path: "/home/ana/.aws/credentials", line: 1,
                    reason: "starts with a UTF-8 byte-order mark, which the AWS CLI refuses "
                        + "(\"File contains no section headers\"): save it as UTF-8 without one"
                ))
    }

    @Test(arguments: [String.Encoding.utf16LittleEndian, .utf16BigEndian])
    func utf16WithAByteOrderMarkIsRefusedAsNotUTF8(encoding: String.Encoding) {
        let bom: [UInt8] = encoding == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let error = refusal(bom + Array(Self.keys.data(using: encoding)!))
        #expect(error?.line == 1)
        #expect(error?.reason.hasPrefix("is UTF-16 (it starts with a UTF-16 byte-order mark)") == true)
    }

    @Test func utf16WithoutAByteOrderMarkIsRefusedForItsNULBytes() {
        let error = refusal(Array(Self.keys.data(using: .utf16LittleEndian)!))
        #expect(error?.line == 1)
        #expect(error?.reason.hasPrefix("holds a NUL byte") == true)
    }

    @Test func aLineThatIsNotUTF8IsNamed() {
        let error = refusal(Array("[default]\naws_access_key_id = AKIA".utf8) + [0xE9] + Array("\n".utf8))
        #expect(
            error
                == ConfigFileError(
                    path: "/home/ana/.aws/credentials", line: 2,
                    reason: "is not UTF-8 text, the only encoding the AWS CLI reads here"))
    }

    // MARK: - Syntax the CLI refuses

    @Test func aSettingBeforeAnySectionIsRefused() {
        #expect(
            throws: ConfigFileError(
                path: "/home/ana/.aws/credentials", line: 2,
                reason:
                    "comes before any [section]; the AWS CLI refuses the file (\"File contains no section headers\")")
        ) {
            _ = try credentials("# keys\naws_access_key_id = AKIA\n[default]\n")
        }
    }

    @Test func aLineWithoutEqualsOrColonIsRefused() {
        #expect(
            throws: ConfigFileError(
                path: "/home/ana/.aws/credentials", line: 3,
                reason:
                    "is neither a [section], a `name = value` setting nor a comment (# or ; first on its line)")
        ) {
            _ = try credentials("[default]\naws_access_key_id = AKIA\nAKIAEXAMPLE secret\n")
        }
    }

    @Test func aRepeatedSettingIsRefusedWithBothLines() {
        #expect(
            throws: ConfigFileError(
                path: "/home/ana/.aws/credentials", line: 3,
                reason: "sets aws_access_key_id again (it is set on line 2 of the same section); "
                    + "the AWS CLI refuses a file that does"
            )
        ) {
            _ = try credentials("[default]\naws_access_key_id = A\nAWS_ACCESS_KEY_ID = B\n")
        }
    }

    @Test func aRepeatedSectionIsRefusedWithBothLines() {
        #expect(
            throws: ConfigFileError(
                path: "/home/ana/.aws/credentials", line: 3,
                reason:
                    "repeats the section [default] of line 1; the AWS CLI refuses a file that does")
        ) {
            _ = try credentials("[default]\naws_access_key_id = A\n[default]\naws_secret_access_key = s\n")
        }
    }

    @Test func aSettingWithoutANameIsRefused() {
        #expect(
            throws: ConfigFileError(
                path: "/home/ana/.aws/credentials", line: 2, reason: "has no setting name before its '='")
        ) {
            _ = try credentials("[default]\n = value\n")
        }
    }

    // MARK: - What the CLI accepts, read as it reads it

    @Test func colonsSeparateLikeEqualsSigns() throws {
        let file = try credentials("[default]\naws_access_key_id: AKIAEXAMPLE\naws_secret_access_key:secret\n")
        #expect(
            file.profiles["default"]?["aws_access_key_id"] == SharedConfigFile.Setting(value: "AKIAEXAMPLE", line: 2))
        #expect(file.profiles["default"]?["aws_secret_access_key"]?.value == "secret")
    }

    @Test func namesAreFoldedToLowercaseAndValuesKeepTheirCase() throws {
        #expect(
            try credentials("[Dev]\nAWS_Access_Key_ID = AKIAExample\n").profiles["Dev"]?["aws_access_key_id"]?.value
                == "AKIAExample")
    }

    @Test func aCommentAfterASectionHeaderIsIgnored() throws {
        #expect(
            try credentials("[default] # work account\nregion = eu-west-1\n").profiles["default"]?["region"]?.value
                == "eu-west-1")
    }

    @Test func aCommentAfterAValueIsPartOfTheValueAsForTheCLI() throws {
        let file = try credentials("[default]\nregion = eu-west-1 # Ireland\n")
        #expect(file.profiles["default"]?["region"]?.value == "eu-west-1 # Ireland")
    }

    @Test func commentLinesMayBeIndentedAndStartWithEitherMark() throws {
        let file = try credentials(
            "# top\n[default]\n  ; note\naws_access_key_id = A\n    # note\naws_secret_access_key = s\n")
        #expect(
            file.profiles["default"]?.mapValues(\.value) == ["aws_access_key_id": "A", "aws_secret_access_key": "s"])
    }

    @Test func anIndentedLineContinuesTheValueAbove() throws {
        let file = try config(
            "[default]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 20\n\n  addressing_style = path\n")
        #expect(file.profiles["default"]?["s3"]?.value == "\nmax_concurrent_requests = 20\n\naddressing_style = path")
        #expect(file.profiles["default"]?["region"]?.value == "eu-west-1")
    }

    @Test func everyLineEndingSplitsLines() throws {
        for ending in ["\n", "\r\n", "\r"] {
            let file = try credentials(
                ["[default]", "aws_access_key_id = A", "aws_secret_access_key = s"].joined(separator: ending))
            #expect(
                file.profiles["default"]?["aws_secret_access_key"] == SharedConfigFile.Setting(value: "s", line: 3))
        }
    }

    @Test func theDEFAULTSectionIsInheritedByEverySection() throws {
        let file = try credentials(
            "[DEFAULT]\nregion = eu-west-1\n[dev]\naws_access_key_id = A\n[prod]\nregion = us-east-1\n")
        #expect(file.profiles["dev"]?["region"]?.value == "eu-west-1")
        #expect(file.profiles["prod"]?["region"]?.value == "us-east-1")
        #expect(file.profiles["DEFAULT"] == nil)
    }

    @Test func configSectionsAreProfilesOnlyAsProfileNameOrDefault() throws {
        let file = try config(
            "[default]\nregion = a\n[profile dev]\nregion = b\n[profile \"my team\"]\nregion = c\n"
                + "[staging]\nregion = d\n[sso-session corp]\nsso_region = e\n")
        #expect(file.profiles.mapValues { $0["region"]?.value } == ["default": "a", "dev": "b", "my team": "c"])
    }

    @Test func credentialsSectionsAreProfileNamesAsWritten() throws {
        #expect(Set(try credentials("[dev]\n[profile prod]\n").profiles.keys) == ["dev", "profile prod"])
    }

    // MARK: - Values no AWS setting can hold, refused where they are used

    @Test func anEmptySecretIsRefusedWithItsFileAndLine() throws {
        let settings = try profile("[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key =\n")
        #expect(
            throws: AWSError.configuration(
                "/home/ana/.aws/credentials, line 3: aws_secret_access_key of profile 'default' is empty")
        ) {
            _ = try settings.word("aws_secret_access_key")
        }
    }

    @Test func aCommentAfterAKeyIsRefusedWithoutShowingTheKey() throws {
        let settings = try profile("[default]\naws_access_key_id = AKIAEXAMPLE ; work\n")
        #expect(
            throws: AWSError.configuration(
                "/home/ana/.aws/credentials, line 2: aws_access_key_id of profile 'default' has a comment "
                    + "after its value; the AWS CLI reads ' ; …' as part of the value, not as a comment: put the "
                    + "comment on a line of its own")
        ) {
            _ = try settings.word("aws_access_key_id")
        }
    }

    @Test func aValueContinuedOnAnIndentedLineIsRefused() throws {
        let settings = try profile("[default]\naws_access_key_id = AKIAEXAMPLE\n  aws_secret_access_key = secret\n")
        #expect(
            throws: AWSError.configuration(
                "/home/ana/.aws/credentials, line 2: aws_access_key_id of profile 'default' continues on "
                    + "the indented line below it, which the AWS CLI reads as part of its value; remove that "
                    + "line's indentation")
        ) {
            _ = try settings.word("aws_access_key_id")
        }
    }

    // MARK: - Files on disk

    @Test func aMissingFileADirectoryAndDevNullAreEmptyAsForTheCLI() throws {
        for path in ["/nonexistent/credentials", FileManager.default.temporaryDirectory.path, "/dev/null"] {
            #expect(try SharedConfigFile.read(path: path, kind: .credentials).profiles.isEmpty)
        }
    }

    @Test func aFileLargerThanTheCapIsRefusedUnread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-huge-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(SharedConfigFile.maxBytes + 1))
        try handle.close()
        #expect(
            throws: ConfigFileError(
                path: path, line: nil, reason: "is larger than 16 MiB, which no AWS config file is")
        ) {
            _ = try SharedConfigFile.read(path: path, kind: .config)
        }
    }

    @Test func theFileVariablesExpandAHomeTildeAndVariables() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try Data(Self.keys.utf8).write(to: home.appendingPathComponent("aws/keys"))
        let files = try ConfigFiles.load(environment: [
            "HOME": home.path, "DIR": "aws", "AWS_SHARED_CREDENTIALS_FILE": "~/${DIR}/keys",
            "AWS_CONFIG_FILE": "~/$DIR/none",
        ])
        #expect(files.profile("default")?["aws_access_key_id"] == "AKIAEXAMPLE")
        #expect(files.credentialsFile.path == home.path + "/aws/keys")
    }

    @Test func aBrokenFileIsRefusedByTheSessionNamingFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smrole-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("config").path
        try Data("[profile dev]\nregion = eu-west-1\nregion = eu-west-2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: AWSError.configuration(
                "\(path), line 3: sets region again (it is set on line 2 of the same section); the AWS CLI "
                    + "refuses a file that does")
        ) {
            _ = try AWSSession.resolve(
                profile: nil, region: "eu-west-1", endpointURL: nil,
                environment: [
                    "AWS_CONFIG_FILE": path, "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                    "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s",
                ])
        }
    }
}
