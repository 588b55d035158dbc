import AWSClient
import ArgumentParser
import Foundation

/// How a command reaches AWS: the CLI's profile, region and endpoint options.
struct AWSOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A profile of the shared AWS config and credentials files.", valueName: "name"))
    var profile: String?

    @Option(name: .long, help: ArgumentHelp("The AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile, the answers).", valueName: "region"))
    var region: String?

    @Option(name: .long, help: ArgumentHelp("Send every request to this endpoint (e.g. a local moto server).", valueName: "url"))
    var endpointUrl: String?

    func session(fallbackRegion: String?) throws -> AWSSession {
        do {
            return try AWSSession.resolve(profile: profile, region: region, endpointURL: endpointUrl, fallbackRegion: fallbackRegion)
        } catch {
            Console.error("smrole: \(error)")
            throw ExitCode(1)
        }
    }
}
