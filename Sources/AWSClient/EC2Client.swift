import Foundation

/// The EC2 reads the wizard's network pickers make (Query protocol; EC2's XML lists items as
/// `<item>`, not `<member>`, and pages with `NextToken`).
public struct EC2Client: Sendable {
    public let client: ServiceClient
    static let version = "2016-11-15"

    public init(client: ServiceClient) { self.client = client }

    public struct Subnet: Sendable, Equatable {
        public var id: String
        public var vpcId: String
        public var availabilityZone: String
        public var cidrBlock: String
        /// The `Name` tag, the name the console shows.
        public var name: String?
    }

    public struct SecurityGroup: Sendable, Equatable {
        public var id: String
        public var vpcId: String
        public var groupName: String
        public var description: String
        public var name: String?
    }

    public func describeSubnets() throws(AWSError) -> [Subnet] {
        try paged("DescribeSubnets", list: "subnetSet").map {
            Subnet(id: $0.child("subnetId")?.text ?? "", vpcId: $0.child("vpcId")?.text ?? "",
                   availabilityZone: $0.child("availabilityZone")?.text ?? "",
                   cidrBlock: $0.child("cidrBlock")?.text ?? "", name: Self.nameTag($0))
        }
    }

    public func describeSecurityGroups() throws(AWSError) -> [SecurityGroup] {
        try paged("DescribeSecurityGroups", list: "securityGroupInfo").map {
            SecurityGroup(id: $0.child("groupId")?.text ?? "", vpcId: $0.child("vpcId")?.text ?? "",
                          groupName: $0.child("groupName")?.text ?? "",
                          description: $0.child("groupDescription")?.text ?? "", name: Self.nameTag($0))
        }
    }

    static func nameTag(_ item: XMLTree) -> String? {
        item.child("tagSet")?.children.first { $0.child("key")?.text == "Name" }?.child("value")?.text
    }

    /// Follows `NextToken` through every page (1000 items a page, EC2's most).
    private func paged(_ action: String, list: String) throws(AWSError) -> [XMLTree] {
        var items: [XMLTree] = []
        var token: String?
        repeat {
            var parameters = [("MaxResults", "1000")]
            if let token { parameters.append(("NextToken", token)) }
            let tree = try client.query(action, version: Self.version, parameters)
            items += tree.child(list)?.children.filter { $0.name == "item" } ?? []
            token = tree.child("nextToken")?.text.nilIfEmpty
        } while token != nil
        return items
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
