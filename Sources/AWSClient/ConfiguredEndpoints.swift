import Foundation

/// The endpoints the config file sets for the session's profile, read as botocore reads
/// them: the profile's own `endpoint_url` (every service), the `[services NAME]` section it
/// names with `services = NAME` (a nested `endpoint_url` under each service's key, such as
/// `sso_oidc`), and `ignore_configured_endpoint_urls`. `EndpointResolver` decides which wins.
public struct ConfiguredEndpoints: Sendable, Equatable {
    /// A URL and where it was set, for messages.
    public struct Setting: Sendable, Equatable {
        public var url: String
        public var from: String

        public init(url: String, from: String) {
            self.url = url
            self.from = from
        }
    }

    public var global: Setting?
    /// Service key (`sts`, `sso_oidc`) → its `endpoint_url` in the services section.
    public var services: [String: Setting]
    /// The profile's `ignore_configured_endpoint_urls`; nil when it does not set it.
    public var ignore: Bool?

    public init(global: Setting? = nil, services: [String: Setting] = [:], ignore: Bool? = nil) {
        self.global = global
        self.services = services
        self.ignore = ignore
    }

    /// What `profile` sets; nothing when there is no such profile. A `services` naming a
    /// section the file lacks is refused, as botocore refuses it.
    public static func read(profile: ProfileSettings?, files: ConfigFiles) throws(AWSError) -> ConfiguredEndpoints {
        guard let profile else { return ConfiguredEndpoints() }
        var result = ConfiguredEndpoints()
        if let url = try profile.word("endpoint_url") {
            let place = profile.origin(of: "endpoint_url")
            result.global = Setting(url: url, from: "the endpoint_url of \(profile.label) (\(place))")
        }
        if let ignore = try profile.word("ignore_configured_endpoint_urls") {
            result.ignore = ignore.lowercased() == "true"
        }
        guard let name = try profile.word("services") else { return result }
        guard let section = files.services(name) else {
            throw profile.problem(
                "services", "names the section [services \(name)], which is not in \(files.configFile.path)")
        }
        let path = files.configFile.path
        for (service, block) in section {
            let lines = block.value.split(separator: "\n").map { Python.strip(String($0)) }.filter { !$0.isEmpty }
            for line in lines {
                guard let equals = line.firstIndex(of: "=") else {
                    throw .configuration(
                        "\(path)\(block.line.map { ", line \($0)" } ?? ""): \(service) of [services \(name)] holds "
                            + "a line that is not `name = value`, which the AWS CLI refuses")
                }
                let key = Python.strip(String(line[..<equals]))
                let value = Python.strip(String(line[line.index(after: equals)...]))
                if key == "endpoint_url" {
                    let place = "\(path)\(block.line.map { ", line \($0)" } ?? "")"
                    result.services[service] = Setting(
                        url: value, from: "the \(service) endpoint_url of [services \(name)] (\(place))")
                }
            }
        }
        return result
    }
}
