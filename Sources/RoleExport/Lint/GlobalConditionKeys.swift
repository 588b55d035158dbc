/// Condition keys IAM defines for every service (the `aws:` global keys), with their types.
/// `aws:RequestTag/…`, `aws:ResourceTag/…` and `aws:TagKeys` are not here: they apply only
/// where a service lists them, and the database says where.
enum GlobalConditionKeys {
    static let types: [String: String] = [
        "aws:calledvia": "ArrayOfString", "aws:calledviafirst": "String", "aws:calledvialast": "String",
        "aws:currenttime": "Date", "aws:epochtime": "Date", "aws:federatedprovider": "String",
        "aws:multifactorauthage": "Numeric", "aws:multifactorauthpresent": "Bool",
        "aws:principalaccount": "String", "aws:principalarn": "ARN", "aws:principalisawsservice": "Bool",
        "aws:principalorgid": "String", "aws:principalorgpaths": "ArrayOfString",
        "aws:principalservicename": "String", "aws:principalservicenameslist": "ArrayOfString",
        "aws:principaltype": "String", "aws:referer": "String", "aws:requestedregion": "String",
        "aws:resourceaccount": "String", "aws:resourceorgid": "String", "aws:resourceorgpaths": "ArrayOfString",
        "aws:securetransport": "Bool", "aws:sourceaccount": "String", "aws:sourcearn": "ARN",
        "aws:sourceidentity": "String", "aws:sourceip": "IPAddress", "aws:sourceorgid": "String",
        "aws:sourceorgpaths": "ArrayOfString", "aws:sourcevpc": "String", "aws:sourcevpcarn": "ARN",
        "aws:sourcevpce": "String", "aws:tokenissuetime": "Date", "aws:useragent": "String",
        "aws:userid": "String", "aws:username": "String", "aws:viaawsservice": "Bool",
        "aws:vpcsourceip": "IPAddress", "aws:ec2instancesourcevpc": "String",
        "aws:ec2instancesourceprivateipv4": "IPAddress", "aws:vpceaccount": "String",
        "aws:vpceorgid": "String", "aws:vpceorgpaths": "ArrayOfString", "aws:ismcpserviceaction": "Bool",
    ]

    /// Keys with a variable part: `aws:PrincipalTag/team`.
    static let prefixes: [(prefix: String, type: String)] = [("aws:principaltag/", "String")]

    static func type(of key: String) -> String? {
        let lower = key.lowercased()
        if let type = types[lower] { return type }
        return prefixes.first { lower.hasPrefix($0.prefix) && lower.count > $0.prefix.count }?.type
    }
}
