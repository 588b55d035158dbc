@testable import RoleEngine
import Testing

/// TextShape replaced regular expressions; the expressions stay here as the oracle, and
/// every check must agree with its expression on hand-picked and generated inputs.
@Suite struct TextShapeTests {
    static let partition = #"aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?"#
    static let region = #"[a-z]{2}(?:-[a-z]+){1,2}-[0-9]{1,2}"#
    static let ecrName = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"

    static let oracles: [(String, String, @Sendable (String) -> Bool)] = [
        ("role name", #"[A-Za-z0-9_+=,.@-]+"#, { TextShape.all($0, TextShape.isRoleNameCharacter) }),
        ("role path", #"/|/[\x{21}-\x{7E}]+/"#, TextShape.isRolePath),
        ("policy path", #"(?:/[A-Za-z0-9.,+@=_-]+)*/"#, TextShape.isPolicyPath),
        ("account", "[0-9]{12}", { TextShape.isAccount($0) }),
        ("region", region, { TextShape.isRegion($0) }),
        ("subnet", "subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})", { TextShape.isResourceId($0, prefix: "subnet-") }),
        ("tag text", #"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"#, TextShape.isTagText),
        ("bucket", "[a-z0-9][a-z0-9.-]*[a-z0-9]", TextShape.isBucketName),
        ("ipv4", #"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+"#, TextShape.looksLikeIPv4),
        ("key id", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", { TextShape.isKeyId($0) }),
        ("athena", "[A-Za-z0-9._-]{1,128}", TextShape.isAthenaWorkgroup),
        ("glue", "[a-z0-9_][a-z0-9_-]{0,254}", TextShape.isGlueDatabase),
        ("kendra", "[A-Za-z0-9][A-Za-z0-9-]{35}", TextShape.isKendraIndexId),
        ("role arn", "arn:\(partition):iam::[0-9]{12}:role/(?:[\\x21-\\x7E]*/)?[A-Za-z0-9_+=,.@-]{1,64}", TextShape.isRoleArn),
        ("policy arn", "arn:\(partition):iam::(?:aws|[0-9]{12}):policy/(?:[A-Za-z0-9.,+@=_-]+/)*[A-Za-z0-9_+=,.@-]{1,128}", TextShape.isPolicyArn),
        ("kms arn", "arn:\(partition):kms:\(region):[0-9]{12}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})", TextShape.isKMSKeyArn),
        ("ecr arn", "arn:\(partition):ecr:\(region):[0-9]{12}:repository/\(ecrName)", TextShape.isECRRepositoryArn),
    ]

    static let samples = [
        "", "/", "//", "/a/", "/a//b/", "/service-role/", "/a b/", "a", "SageMaker-Role_1+=,.@", "role name", "ünï",
        "111122223333", "11112222333", "1111222233334", "us-east-1", "us-gov-west-1", "eu-central-12", "us-east-123", "useast-1", "u-east-1",
        "subnet-0a1b2c3d", "subnet-0a1b2c3d4e5f67890", "subnet-0A1B2C3D", "subnet-0a1b2c3d4", "sg-0a1b2c3d",
        "team", "Ünïcode tag", "a\tb", "x;y", "a.b", "ab", "a-", "-a", "a..b", "192.168.1.1", "1.2.3", "my-bucket.example",
        "1234abcd-12ab-34cd-56ef-1234567890ab", "1234ABCD-12ab-34cd-56ef-1234567890ab", "sales_db", "_db", "Sales", "-db",
        "0123abcd-4567-89ef-0123-456789abcdef", "0123abcd-4567-89ef-0123-456789abcde",
        "arn:aws:iam::111122223333:role/Name", "arn:aws:iam::111122223333:role/service-role/Name", "arn:aws:iam::111122223333:role/",
        "arn:aws:iam::111122223333:role/a/b/c", "arn:aws-cn:iam::111122223333:role/x", "arn:aws-iso-b:iam::111122223333:role/x",
        "arn:aws-iso-bb:iam::111122223333:role/x", "arn:aws:iam::11112222333:role/x", "arn:aws:iam::111122223333:role/a b",
        "arn:aws:iam::111122223333:role/" + String(repeating: "n", count: 65), "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
        "arn:aws:iam::111122223333:policy/path/to/P", "arn:aws:iam::111122223333:policy//P", "arn:aws:iam::aws:policy/",
        "arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDataPrepFullAccess",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "arn:aws:kms:us-east-1:111122223333:key/mrk-1234", "arn:aws:kms:useast1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:111122223333:alias/x", "arn:aws:ecr:us-east-1:111122223333:repository/my-images",
        "arn:aws:ecr:us-east-1:111122223333:repository/team/my_images.v2", "arn:aws:ecr:us-east-1:111122223333:repository/My",
        "arn:aws:ecr:us-east-1:111122223333:repository/a--b", "arn:aws:ecr:us-east-1:111122223333:repository/a/", "arn:aws:ecr:us-east-1:111122223333:repository/-a",
    ]

    @Test(arguments: oracles.indices)
    func agreesWithItsRegularExpression(index: Int) throws {
        let (name, pattern, check) = Self.oracles[index]
        let regex = try Regex(pattern)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09-_./:@+=, ü\tfmr")
        let generated = (0..<300).map { _ in String((0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }) }
        for sample in Self.samples + generated {
            #expect(check(sample) == (sample.wholeMatch(of: regex) != nil), "\(name): '\(sample)'")
        }
    }
}
