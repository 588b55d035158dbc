import AWSClient
import ArgumentParser
import Foundation
import RoleEngine

/// How a command reaches AWS: the CLI's profile, region and endpoint options.
struct AWSOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A profile of the shared AWS config and credentials files.", valueName: "name"))
    var profile: String?

    @Option(name: .long, help: ArgumentHelp("The AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile, the answers).", valueName: "region"))
    var region: String?

    @Option(name: .long, help: ArgumentHelp("Send every request to this endpoint (e.g. a local moto server).", valueName: "url"))
    var endpointUrl: String?

    /// `--region` is checked against the regions smrole knows (as the answers file's region
    /// is), unless `allowUnknownRegion` or the environment variable says otherwise.
    func session(fallbackRegion: String?, allowUnknownRegion: Bool = false) throws -> AWSSession {
        if let region, let problem = regionProblem(region, allowUnknown: allowUnknownRegion) {
            Console.error("smrole: --region \(problem)")
            throw ExitCode(1)
        }
        do {
            return try AWSSession.resolve(profile: profile, region: region, endpointURL: endpointUrl, fallbackRegion: fallbackRegion)
        } catch {
            Console.error("smrole: \(error)")
            throw ExitCode(1)
        }
    }

    func regionProblem(_ region: String, allowUnknown: Bool) -> String? {
        let allowed = allowUnknown || KnownRegions.overridden(by: ProcessInfo.processInfo.environment)
        return KnownRegions.problem(region, allowUnknown: allowed, overrideHint: KnownRegions.commandLineHint)
    }
}
