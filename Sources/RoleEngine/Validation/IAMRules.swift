import Foundation

/// The naming and format rules of IAM, S3, EC2, KMS, ECR, Athena, Glue and Kendra that the
/// engine enforces itself, because IAM's own errors come late and moto enforces almost none.
///
/// Every function returns `nil` when the value is allowed, or a message that says what is
/// allowed. Sources: docs/answers-file.md lists each rule with its origin.
public enum IAMRules {
    public static func roleName(_ name: String) -> String? {
        if name.isEmpty { return "is required: 1-64 characters of letters, digits and + = , . @ _ -" }
        if name.count > 64 { return "is \(name.count) characters long; IAM allows at most 64" }
        if !TextShape.all(name, TextShape.isRoleNameCharacter) {
            return "\(VisibleText.quoted(name)) has characters IAM does not allow in role names; allowed: letters, digits and + = , . @ _ -"
        }
        return nil
    }

    public static func rolePath(_ path: String) -> String? {
        if path.count > 512 { return "is \(path.count) characters long; IAM allows at most 512" }
        if !TextShape.isRolePath(path) {
            return "\(VisibleText.quoted(path)) is not an IAM path; it must be '/' or start and end with '/' with printable ASCII (no spaces) between, e.g. /service-role/"
        }
        return nil
    }

    /// Whether a role path can also serve as the path of the role's managed policies.
    public static func isPolicyPath(_ path: String) -> Bool {
        path.count <= 512 && TextShape.isPolicyPath(path)
    }

    public static func roleDescription(_ text: String) -> String? {
        if text.count > 1000 { return "is \(text.count) characters long; IAM allows at most 1000" }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let allowed = v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0x7E).contains(v) || (0xA1...0xFF).contains(v)
            if !allowed {
                let shown = VisibleText.isUnsafe(scalar) ? String(format: "U+%04X", v) : "'\(scalar)' (U+\(String(v, radix: 16, uppercase: true)))"
                return "contains \(shown); IAM role descriptions allow only Latin-1 text (letters, digits, punctuation, accented Latin letters, tab and newline)"
            }
        }
        return nil
    }

    public static func maxSessionDuration(_ seconds: Int) -> String? {
        (3600...43200).contains(seconds) ? nil : "\(seconds) is out of range; allowed: 3600 to 43200 seconds (1 to 12 hours)"
    }

    public static func account(_ id: String) -> String? {
        TextShape.isAccount(id) ? nil : "\(VisibleText.quoted(id)) is not an AWS account id; allowed: exactly 12 digits (quote it in YAML to keep leading zeros)"
    }

    public static func region(_ name: String) -> String? {
        TextShape.isRegion(name) ? nil : "\(VisibleText.quoted(name)) is not an AWS region name such as us-east-1 or eu-west-2"
    }

    public static func subnet(_ id: String) -> String? {
        TextShape.isResourceId(id, prefix: "subnet-") ? nil : "\(VisibleText.quoted(id)) is not a subnet id; allowed: subnet- followed by 8 or 17 lowercase hex digits"
    }

    public static func securityGroup(_ id: String) -> String? {
        TextShape.isResourceId(id, prefix: "sg-") ? nil : "\(VisibleText.quoted(id)) is not a security group id; allowed: sg- followed by 8 or 17 lowercase hex digits"
    }

    public static func tagKey(_ key: String) -> String? {
        if key.isEmpty { return "tag keys must not be empty" }
        if key.count > 128 { return "tag key is \(key.count) characters long; IAM allows at most 128" }
        if !TextShape.isTagText(key) {
            return "tag key \(VisibleText.quoted(key)) has characters IAM does not allow; allowed: letters, digits, spaces and _ . : / = + - @"
        }
        if key.lowercased().hasPrefix("aws:") { return "tag key \(VisibleText.quoted(key)) starts with 'aws:', which AWS reserves for its own tags" }
        return nil
    }

    public static func tagValue(_ value: String) -> String? {
        if value.count > 256 { return "tag value is \(value.count) characters long; IAM allows at most 256" }
        if !TextShape.isTagText(value) {
            return "tag value \(VisibleText.quoted(value)) has characters IAM does not allow; allowed: letters, digits, spaces and _ . : / = + - @"
        }
        if value.lowercased().hasPrefix("aws:") { return "tag value \(VisibleText.quoted(value)) starts with 'aws:', which AWS reserves" }
        return nil
    }

    /// General-purpose bucket naming rules (S3 user guide, "Bucket naming rules").
    public static func s3Bucket(_ name: String) -> String? {
        let allowed = "allowed: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit"
        if name.hasPrefix("arn:") { return "\(VisibleText.quoted(name)) is an ARN; give the bucket name only (e.g. my-bucket)" }
        if name.count < 3 || name.count > 63 { return "\(VisibleText.quoted(name)) is \(name.count) characters long; \(allowed)" }
        if !TextShape.isBucketName(name) { return "\(VisibleText.quoted(name)) is not a valid bucket name; \(allowed)" }
        if name.contains("..") { return "\(VisibleText.quoted(name)) has two adjacent periods, which S3 does not allow" }
        if TextShape.looksLikeIPv4(name) { return "\(VisibleText.quoted(name)) looks like an IP address, which S3 does not allow" }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] where name.hasPrefix(prefix) {
            return "\(VisibleText.quoted(name)) starts with the reserved prefix \(VisibleText.quoted(prefix))"
        }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] where name.hasSuffix(suffix) {
            return "\(VisibleText.quoted(name)) ends with the reserved suffix \(VisibleText.quoted(suffix))"
        }
        return nil
    }

    public static func roleArn(_ arn: String) -> String? {
        if let problem = placeholder(arn) { return problem }
        if !TextShape.isRoleArn(arn) {
            return "\(VisibleText.quoted(arn)) is not an IAM role ARN; allowed: arn:aws:iam::<12-digit account>:role/<optional path/><role name>"
        }
        return nil
    }

    public static func managedPolicyArn(_ arn: String) -> String? {
        if let problem = placeholder(arn) { return problem }
        if arn.count < 20 || arn.count > 2048 { return "\(VisibleText.quoted(arn)) must be 20-2048 characters long" }
        if !TextShape.isPolicyArn(arn) {
            return "\(VisibleText.quoted(arn)) is not a managed policy ARN; allowed: arn:aws:iam::aws:policy/<name> or arn:aws:iam::<12-digit account>:policy/<optional path/><name>"
        }
        return nil
    }

    public static func kmsKeyArn(_ arn: String) -> String? {
        if let problem = placeholder(arn) { return problem }
        if TextShape.isKeyId(arn) || arn.hasPrefix("mrk-") {
            return "\(VisibleText.quoted(arn)) is a bare key id; give the key ARN (arn:aws:kms:<region>:<account>:key/<key id>), because IAM policies need ARNs as resources"
        }
        if arn.hasPrefix("alias/") || arn.contains(":alias/") {
            return "\(VisibleText.quoted(arn)) is a key alias; give the key ARN, because a policy on an alias does not grant use of the key"
        }
        if !TextShape.isKMSKeyArn(arn) {
            return "\(VisibleText.quoted(arn)) is not a KMS key ARN; allowed: arn:aws:kms:<region>:<12-digit account>:key/<key id or mrk- id>"
        }
        return nil
    }

    public static func ecrRepositoryArn(_ arn: String) -> String? {
        if let problem = placeholder(arn) { return problem }
        if !TextShape.isECRRepositoryArn(arn) || arn.count > 2048 {
            return "\(VisibleText.quoted(arn)) is not an ECR repository ARN; allowed: arn:aws:ecr:<region>:<12-digit account>:repository/<name> (lowercase name)"
        }
        return nil
    }

    public static func athenaWorkgroup(_ name: String) -> String? {
        TextShape.isAthenaWorkgroup(name) ? nil
            : "\(VisibleText.quoted(name)) is not an Athena workgroup name; allowed: 1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-'"
    }

    public static func glueDatabase(_ name: String) -> String? {
        TextShape.isGlueDatabase(name) ? nil
            : "\(VisibleText.quoted(name)) is not a Glue database name; allowed: 1-255 characters of a-z, 0-9, '_' and '-' (Glue stores names in lowercase)"
    }

    public static func kendraIndexId(_ id: String) -> String? {
        TextShape.isKendraIndexId(id) ? nil
            : "\(VisibleText.quoted(id)) is not a Kendra index id; allowed: 36 characters of letters, digits and '-'"
    }

    /// The validator for an activity parameter's kind.
    public static func check(_ value: String, as kind: ParameterKind) -> String? {
        switch kind {
        case .s3Bucket: return s3Bucket(value)
        case .roleArn: return roleArn(value)
        case .ecrRepositoryArn: return ecrRepositoryArn(value)
        case .athenaWorkgroup: return athenaWorkgroup(value)
        case .glueDatabase: return glueDatabase(value)
        case .kendraIndexId: return kendraIndexId(value)
        }
    }

    /// Template text copied from examples (`${Account}`, `<account-id>`, `{{...}}`) never
    /// reaches a policy: IAM would reject it, or worse, accept it and match nothing.
    static func placeholder(_ value: String) -> String? {
        for marker in ["${", "{{", "<", ">"] where value.contains(marker) {
            return "\(VisibleText.quoted(value)) contains the placeholder marker \(VisibleText.quoted(marker)); replace it with the real value"
        }
        return nil
    }

    /// The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`.
    public static func partition(forRegion region: String?) -> String {
        guard let region else { return "aws" }
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }
}
