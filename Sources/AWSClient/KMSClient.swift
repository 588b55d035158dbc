import Foundation

/// The KMS reads the wizard's key picker makes (JSON 1.1, `X-Amz-Target: TrentService.<Action>`).
public struct KMSClient: Sendable {
    public let client: ServiceClient

    public init(client: ServiceClient) { self.client = client }

    /// An alias and the ARN of the key it names: people know keys by alias, policies need ARNs.
    public struct Alias: Sendable, Equatable {
        public var name: String
        public var keyArn: String
        /// `alias/aws/…`: a key AWS manages for one service, which no policy of ours can share.
        public var isAWSManaged: Bool { name.hasPrefix("alias/aws/") }
    }

    /// Aliases that name a key (aliases without a target are left out).
    public func listAliases() throws(AWSError) -> [Alias] {
        var aliases: [Alias] = []
        var marker: String?
        repeat {
            var body: [String: Any] = ["Limit": 100]
            if let marker { body["Marker"] = marker }
            let answer = try client.json("ListAliases", targetPrefix: "TrentService", body)
            for item in answer["Aliases"] as? [[String: Any]] ?? [] {
                guard let name = item["AliasName"] as? String, let target = item["TargetKeyId"] as? String,
                    let aliasArn = item["AliasArn"] as? String,
                    let keyArn = Self.keyArn(aliasArn: aliasArn, keyId: target)
                else { continue }
                aliases.append(Alias(name: name, keyArn: keyArn))
            }
            marker = (answer["Truncated"] as? Bool ?? false) ? answer["NextMarker"] as? String : nil
        } while marker != nil
        return aliases
    }

    /// Every key's ARN (ListKeys): with the aliases, the picker also offers keys that have none.
    public func listKeyArns() throws(AWSError) -> [String] {
        var arns: [String] = []
        var marker: String?
        repeat {
            var body: [String: Any] = ["Limit": 1000]
            if let marker { body["Marker"] = marker }
            let answer = try client.json("ListKeys", targetPrefix: "TrentService", body)
            arns += (answer["Keys"] as? [[String: Any]] ?? []).compactMap { $0["KeyArn"] as? String }
            marker = (answer["Truncated"] as? Bool ?? false) ? answer["NextMarker"] as? String : nil
        } while marker != nil
        return arns
    }

    /// The key's ARN in the alias's partition, region and account (`…:alias/x` → `…:key/<id>`).
    static func keyArn(aliasArn: String, keyId: String) -> String? {
        let fields = aliasArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[2] == "kms" else { return nil }
        return fields[0..<5].joined(separator: ":") + ":key/" + keyId
    }
}
