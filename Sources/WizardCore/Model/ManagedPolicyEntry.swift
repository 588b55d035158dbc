import CEmbeddedFiles
import Foundation
import RoleExport

/// An AWS-managed policy the policies step offers (Resources/aws-managed-policies.json, compiled in):
/// the SageMaker-relevant ones; any other ARN can be typed in.
public struct ManagedPolicyEntry: Equatable, Sendable {
    public var arn: String
    public var summary: String
    /// Name and summary in lower case, for the search box.
    let searchText: String

    public init(arn: String, summary: String) {
        self.arn = arn
        self.summary = summary
        searchText = (String(arn.split(separator: "/").last ?? Substring(arn)) + " " + summary).lowercased()
    }

    /// The policy's name: the last part of its ARN.
    public var name: String { String(arn.split(separator: "/").last ?? Substring(arn)) }

    public static let builtIn: [ManagedPolicyEntry] = {
        let file = smrole_embedded_file_get(SMROLE_FILE_AWS_MANAGED_POLICIES)
        let text = String(decoding: UnsafeBufferPointer(start: file.bytes, count: file.count), as: UTF8.self)
        guard let root = try? JSONNodeParser.parse(text),
              case .array(let items) = root.value else { return [] }
        return items.compactMap { item in
            guard case .string(let arn)? = item["arn"]?.value, case .string(let summary)? = item["summary"]?.value else { return nil }
            return ManagedPolicyEntry(arn: arn, summary: summary)
        }
    }()
}
