import AWSClient
import RoleEngine

/// The plan for the account the credentials belong to: STS says which, the answers may not
/// name another, and the plan is rebuilt with it (ARNs, trust conditions). Shared by
/// `apply`, `onboard --answers` and the wizard's Create action.
enum AccountPlan {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// 1 for input that does not fit, 3 when AWS could not be asked.
        var exitCode: Int32
    }

    static func build(_ spec: RoleSpec, catalog: Catalog, options: RoleBuilder.Options, session: AWSSession) throws(Failure) -> (plan: RolePlan, identity: STSClient.Identity) {
        let identity: STSClient.Identity
        do {
            identity = try session.sts().getCallerIdentity()
        } catch {
            // Signing in again is the person's to do, like fixing input: nothing reached the account.
            if case .signInRequired = error { throw Failure(description: "\(error)", exitCode: 1) }
            throw Failure(description: "\(error)", exitCode: 3)
        }
        if let account = spec.account, account != identity.account {
            throw Failure(description: "the answers name account \(account), but the credentials are for \(identity.account) (\(identity.arn)); nothing was changed", exitCode: 1)
        }
        var withAccount = spec
        withAccount.account = identity.account
        do {
            return (try RoleBuilder(catalog: catalog, options: options).build(withAccount), identity)
        } catch {
            throw Failure(description: "\(error)", exitCode: 1)
        }
    }
}
