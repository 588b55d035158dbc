import Foundation
import WizardCore

/// What the wizard's effects do, given by the `smrole` command: this target knows nothing of
/// file formats or AWS. The driver calls them off its loop (so the screen stays live) and
/// feeds their results back to `update` as events; plain mode calls them in turn.
public struct WizardServices: Sendable {
    public typealias Progress = @Sendable (String) -> Void

    public var save: @Sendable (_ state: WizardState, _ directory: String, _ formats: [String]) -> Result<SaveReport, SaveFailure>
    public var saveDraft: @Sendable (_ state: WizardState) -> Void
    /// Creates the role (`smrole apply`); a cancelled run rolls back and says what it undid.
    public var createRole: @Sendable (_ state: WizardState, _ cancellation: EffectCancellation, _ progress: @escaping Progress)
        -> Result<String, ActionReport>
    /// Creates the user profiles; a failure to start (no such domain) is a report too.
    public var onboard: @Sendable (_ state: WizardState, _ request: OnboardRequest, _ cancellation: EffectCancellation,
                                   _ progress: @escaping Progress) -> Result<[OnboardingOutcome], ActionReport>
    /// Reads a pick list's rows from the account, handing each page to `deliver` as it
    /// arrives; nil when the whole list arrived, else why (no credentials, access denied).
    public var lookup: @Sendable (_ request: LookupRequest, _ cancellation: EffectCancellation,
                                  _ deliver: @escaping @Sendable ([PickItem]) -> Void) -> LookupFailure?

    public init(save: @escaping @Sendable (WizardState, String, [String]) -> Result<SaveReport, SaveFailure>,
                saveDraft: @escaping @Sendable (WizardState) -> Void,
                createRole: @escaping @Sendable (WizardState, EffectCancellation, @escaping Progress) -> Result<String, ActionReport>,
                onboard: @escaping @Sendable (WizardState, OnboardRequest, EffectCancellation, @escaping Progress)
                    -> Result<[OnboardingOutcome], ActionReport>,
                lookup: @escaping @Sendable (LookupRequest, EffectCancellation, @escaping @Sendable ([PickItem]) -> Void)
                    -> LookupFailure? = { _, _, _ in LookupFailure("this wizard has no AWS account to read from") }) {
        self.save = save
        self.saveDraft = saveDraft
        self.createRole = createRole
        self.onboard = onboard
        self.lookup = lookup
    }
}

/// The onboarding the user asked for.
public struct OnboardRequest: Equatable, Sendable {
    public var domainId: String
    public var users: [String]
    public var image: String?
    public init(domainId: String, users: [String], image: String?) {
        self.domainId = domainId
        self.users = users
        self.image = image
    }
}

/// Ctrl-C during an effect: the driver raises it, the effect's own code (an apply's
/// interruption, the transport's in-flight requests) listens. The first stops and rolls
/// back; a second gives the rollback up, as `smrole apply` does.
public final class EffectCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var handlers: [@Sendable (Int) -> Void] = []

    public init() {}

    /// Runs `handler` on every cancel with how many there have been (also for ones before).
    public func onCancel(_ handler: @escaping @Sendable (Int) -> Void) {
        lock.lock()
        handlers.append(handler)
        let seen = count
        lock.unlock()
        for n in stride(from: 1, through: seen, by: 1) { handler(n) }
    }

    public func cancel() {
        lock.lock()
        count += 1
        let n = count
        let all = handlers
        lock.unlock()
        for handler in all { handler(n) }
    }

    public var cancellations: Int { lock.lock(); defer { lock.unlock() }; return count }
}
