import AWSClient
import Foundation
import RoleEngine
import TerminalUI
import WizardCore

/// The wizard's pick lists, read from the account with the wizard's credentials: what the
/// console's drop-downs show, as rows. Each lookup has a cancellation group of its own, so
/// closing a list stops its requests and nothing else.
struct WizardLookups: Sendable {
    let aws: AWSOptions

    /// Paged lists (policies) are read this many at a time, so the first page shows quickly.
    static let policyPageSize = 500
    /// A list longer than this many pages is cut (and says so): a runaway marker cannot hang it.
    static let maxPages = 100

    func run(_ request: LookupRequest, cancellation: EffectCancellation,
             deliver: @escaping @Sendable ([PickItem]) -> Void) -> LookupFailure? {
        let group = CancellationGroup()
        cancellation.onCancel { _ in group.cancelInFlight() }
        let session: AWSSession
        do throws(AWSError) {
            session = try AWSSession.resolve(
                profile: aws.profile, region: request.region.isEmpty ? aws.region : request.region,
                endpointURL: aws.endpointUrl, fallbackRegion: request.kind.isRegional ? nil : "us-east-1",
                retry: RetryPolicy(maxAttempts: 3, cancellation: group), warn: { _ in })
        } catch {
            // Nothing was asked of AWS: the credentials or the configuration are missing.
            return LookupFailure("not signed in to AWS: \(error)")
        }
        do throws(AWSError) {
            return try read(request.kind, session: session, cancellation: cancellation, deliver: deliver)
        } catch {
            return LookupFailure(Self.reason(error, kind: request.kind))
        }
    }

    private func read(_ kind: LookupKind, session: AWSSession, cancellation: EffectCancellation,
                      deliver: @escaping @Sendable ([PickItem]) -> Void) throws(AWSError) -> LookupFailure? {
        switch kind {
        case .jupyterLabVersions:
            deliver(LookupKind.jupyterLabRows)
        case .domains:
            let sageMaker = try session.sageMaker()
            // ListDomains has no auth mode; DescribeDomain tells it (a domain or two per region).
            deliver(try sageMaker.listDomains().map { domain in
                let mode = (try? sageMaker.describeDomain(domain.id).authMode).map { "\($0) sign-in" }
                return PickItem(value: domain.id, title: domain.name,
                                detail: [domain.id, domain.status, mode].compactMap { $0 }.joined(separator: " · "))
            })
        case .passRoles:
            let roles = try session.iam().listRoles().filter { $0.trusts(service: "sagemaker.amazonaws.com") }
            deliver(roles.map { PickItem(value: $0.arn, title: $0.name, detail: $0.arn) })
        case .subnets:
            deliver(try session.ec2().describeSubnets().map { subnet in
                PickItem(value: subnet.id, title: subnet.id,
                         detail: [subnet.name, subnet.vpcId, subnet.availabilityZone, subnet.cidrBlock]
                            .compactMap { $0 }.joined(separator: " · "))
            })
        case .securityGroups:
            deliver(try session.ec2().describeSecurityGroups().map { group in
                PickItem(value: group.id, title: group.id,
                         detail: [group.name ?? group.groupName, group.vpcId, group.description]
                            .filter { !$0.isEmpty }.joined(separator: " · "))
            })
        case .kmsKeys:
            let kms = try session.kms()
            let aliases = try kms.listAliases()
            // Keys AWS manages for one service (alias/aws/…) cannot be named in a policy of ours.
            let own = aliases.filter { !$0.isAWSManaged }
            var rows = own.map { PickItem(value: $0.keyArn, title: $0.name, detail: $0.keyArn) }
            let named = Set(aliases.map(\.keyArn))
            rows += try kms.listKeyArns().filter { !named.contains($0) }
                .map { arn in
                    PickItem(value: arn, title: String(arn.split(separator: "/").last ?? ""), detail: "no alias · \(arn)")
                }
            deliver(rows)
        case .policies:
            let iam = try session.iam()
            var marker: String?
            var pages = 0
            repeat {
                if cancellation.cancellations > 0 { return LookupFailure("stopped") }
                let page = try iam.listPolicies(scope: .all, pageSize: Self.policyPageSize, marker: marker)
                deliver(page.policies.map { policy in
                    let owner = policy.isAWSManaged ? "AWS managed" : "customer managed, path \(policy.path)"
                    return PickItem(value: policy.arn, title: policy.name,
                                    detail: "\(owner) · \(Self.attached(policy.attachmentCount))")
                })
                marker = page.marker
                pages += 1
            } while marker != nil && pages < Self.maxPages
            if marker != nil { return LookupFailure("the account has more than \(Self.maxPages) pages of policies") }
        }
        return nil
    }

    static func attached(_ count: Int) -> String {
        count == 0 ? "not attached" : count == 1 ? "attached once" : "attached \(count) times"
    }

    /// One line, in the words of the pick list: which call was refused, or why none could be made.
    static func reason(_ error: AWSError, kind: LookupKind) -> String {
        let call = kind.call ?? "the lookup"
        switch error {
        case .service(let code, _, _, _) where code.contains("AccessDenied") || code == "UnauthorizedOperation":
            return "\(call) was refused (\(code)): these credentials may not list \(kind.noun)"
        case .noCredentials, .credentials, .signInRequired:
            return "not signed in to AWS: \(error)"
        case .cancelled:
            return "stopped"
        default:
            return "\(error)"
        }
    }
}
