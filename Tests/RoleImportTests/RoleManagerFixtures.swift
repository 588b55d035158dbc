import Foundation
import RoleEngine
import RoleImport

/// Roles as Role Manager made them, built from the CDK construct's own templates
/// (Tests/fixtures/cdk-role-manager, Apache-2.0): placeholders filled as the construct fills
/// them — `{{AccountId}}`/`{{Region}}` with the stack's values, each JSON string holding a
/// `[[X]]` repeated once per value, KMS keys as bare key ids — then shaped as the console
/// (customer-managed `<Template>_<epoch ms>` under /service-role/) or the construct (inline
/// `<Template>_V<n>_<epoch ms>`, role path /) leaves them.
enum RoleManagerFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../fixtures/cdk-role-manager/templates").standardized
    static let catalog: Catalog = try! Catalog.builtIn()

    static let account = "111122223333"
    static let region = "us-east-1"
    static let computeRole = "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"
    static let bucket = "sagemaker-us-east-1-111122223333"
    static let subnets = ["subnet-0a1b2c3d4e5f67890", "subnet-0fedcba9876543210"]
    static let securityGroups = ["sg-0a1b2c3d4e5f67890"]
    /// Bare ids, as the construct writes `key.keyId`.
    static let volumeKey = "1234abcd-12ab-34cd-56ef-1234567890ab"
    static let dataKey = "abcd1234-12ab-34cd-56ef-1234567890ab"
    static let timestamp = "1733462327347"

    struct Template: Sendable {
        var name: String
        var version: Int
        /// The template's policy and trust documents as JSON text, placeholders unfilled.
        var policy: String
        var trust: String
    }

    /// Every template file, by name and version.
    static let templates: [Template] = {
        let files = try! FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return files.map { file in
            let object = try! JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) as! [String: Any]
            func text(_ value: Any) -> String {
                String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
                    .replacingOccurrences(of: "\\/", with: "/")
            }
            return Template(name: object["name"] as! String, version: object["version"] as! Int,
                            policy: text(object["templateJson"]!), trust: text(object["trustTemplateJson"]!))
        }
    }()

    struct Options {
        var vpc = false
        var kms = false
        /// The stack's environment; nil for an environment-agnostic stack (`*`).
        var region: String? = RoleManagerFixtures.region
    }

    /// The construct's choice of template for an activity: `<template>[_VPC][_KMS]` of the
    /// version, the variant only where the construct has one.
    static func template(for activity: String, version: Int, options: Options) -> Template {
        let base = catalog.activity(activity)!.template
        let exact = { (name: String) in templates.first { $0.name == name && $0.version == version } }
        let vpc = options.vpc && exact(base + "_VPC") != nil
        let kms = options.kms && exact(base + "_KMS") != nil
        return exact(base + (vpc ? "_VPC" : "") + (kms ? "_KMS" : ""))!
    }

    /// The values the construct substitutes, for a role with the given settings.
    static func values(options: Options) -> (single: [String: String], multi: [String: [String]]) {
        let single = ["AccountId": options.region == nil ? "*" : account, "Region": options.region ?? "*"]
        var multi: [String: [String]] = [
            "PassRoles": [computeRole], "S3Buckets": [bucket],
            "ECRRepoArns": ["arn:aws:ecr:us-east-1:111122223333:repository/training-images"],
            "WorkGroupNames": ["analytics"], "GlueDbNames": ["sales_db"],
        ]
        if options.vpc { multi["VpcSubnets"] = subnets; multi["VpcSecurityGroups"] = securityGroups }
        if options.kms { multi["VolumeKmsKeys"] = [volumeKey]; multi["DataKmsKeys"] = [dataKey] }
        return (single, multi)
    }

    /// The construct's substitution on the template's JSON text.
    static func fill(_ template: String, single: [String: String], multi: [String: [String]]) -> String {
        var text = template
        for (key, value) in single { text = text.replacingOccurrences(of: "{{\(key)}}", with: value) }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\"") {
            out += rest[..<open]
            var close = rest.index(after: open)
            while rest[close] != "\"" { close = rest.index(close, offsetBy: rest[close] == "\\" ? 2 : 1) }
            let literal = String(rest[open...close])
            if let key = multi.keys.first(where: { literal.contains("[[\($0)]]") }) {
                out += multi[key]!.map { literal.replacingOccurrences(of: "[[\(key)]]", with: $0) }.joined(separator: ",")
            } else {
                out += literal
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    enum Maker { case console, construct }

    /// A role with one policy per activity, as the console or the construct makes it.
    static func role(_ name: String, activities: [String], maker: Maker, options: Options = Options(),
                     studioVersion: Int = 1) -> RoleSnapshot {
        let (single, multi) = values(options: options)
        var attached: [AttachedPolicy] = []
        var inline: [InlinePolicy] = []
        var trust: String?
        for activity in activities {
            let version = activity == "run-studio-apps" ? studioVersion : 1
            let template = template(for: activity, version: version, options: options)
            let document = fill(template.policy, single: single, multi: multi)
            trust = trust ?? fill(template.trust, single: single, multi: multi)
            switch maker {
            case .console:
                let policyName = "\(template.name)_\(timestamp)"
                attached.append(AttachedPolicy(arn: "arn:aws:iam::\(account):policy/service-role/\(policyName)",
                                               name: policyName, document: document))
            case .construct:
                inline.append(InlinePolicy(name: "\(template.name)_V\(version)_\(timestamp)", document: document))
            }
        }
        // The console's persona roles trust SageMaker on behalf of the account's resources.
        let consoleTrust = """
            {"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Principal":\
            {"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":\
            {"aws:SourceArn":"arn:aws:sagemaker:\(options.region ?? "*"):\(account):*"}}}]}
            """
        return RoleSnapshot(name: name, arn: "arn:aws:iam::\(account):role\(maker == .console ? "/service-role/" : "/")\(name)",
                            path: maker == .console ? "/service-role/" : "/", description: "made by Role Manager",
                            maxSessionDuration: 3600, tags: [(key: "team", value: "ml")],
                            trustPolicy: maker == .console ? consoleTrust : trust!,
                            attachedPolicies: attached, inlinePolicies: inline)
    }

    /// The same role as `aws iam get-account-authorization-details` prints it.
    static func authorizationDetails(_ role: RoleSnapshot, urlEncoded: Bool = false) -> Data {
        func document(_ text: String) -> Any {
            urlEncoded ? text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                : try! JSONSerialization.jsonObject(with: Data(text.utf8))
        }
        let detail: [String: Any] = [
            "Path": role.path, "RoleName": role.name, "RoleId": "AROAEXAMPLEID", "Arn": role.arn,
            "CreateDate": "2024-12-06T05:18:47Z", "AssumeRolePolicyDocument": document(role.trustPolicy),
            "InstanceProfileList": [], "Tags": role.tags.map { ["Key": $0.key, "Value": $0.value] },
            "RolePolicyList": role.inlinePolicies.map { ["PolicyName": $0.name, "PolicyDocument": document($0.document)] },
            "AttachedManagedPolicies": role.attachedPolicies.map { ["PolicyName": $0.name, "PolicyArn": $0.arn] },
            "RoleLastUsed": [:],
        ]
        let policies: [[String: Any]] = role.attachedPolicies.compactMap { policy in
            guard let text = policy.document else { return nil }
            return ["PolicyName": policy.name, "Arn": policy.arn, "Path": policy.path, "DefaultVersionId": "v1",
                    "AttachmentCount": 1, "IsAttachable": true,
                    "PolicyVersionList": [["Document": document(text), "VersionId": "v1", "IsDefaultVersion": true]]]
        }
        let details: [String: Any] = ["UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [detail],
                                      "Policies": policies]
        return try! JSONSerialization.data(withJSONObject: details, options: [.sortedKeys, .prettyPrinted])
    }

    static func keyArn(_ id: String) -> String { "arn:aws:kms:\(region):\(account):key/\(id)" }
}
