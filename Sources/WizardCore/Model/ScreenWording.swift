import Foundation
import RoleEngine

/// The engine words its messages for answers files and flags (`securityGroups`, "quote it in
/// YAML"); on the wizard's screen the same problem is told with the labels the user sees.
enum ScreenWording {
    /// Answers-file words and their labels on screen, longest first so that `network.subnets`
    /// is replaced before `subnets`.
    static let replacements: [(String, String)] = [
        (" (quote it in YAML to keep leading zeros)", ""),
        ("give both subnets and securityGroups, or remove network",
         "give both \(WizardForm.subnets.label) and \(WizardForm.securityGroups.label), or leave both empty"),
        ("give both lists, or remove network", "give both lists, or leave both empty"),
        ("give both volumeKeys and dataKeys, or remove encryption",
         "give both \(WizardForm.volumeKeys.label) and \(WizardForm.dataKeys.label), or leave both empty"),
        (KnownRegions.commandLineHint, "start the wizard with --allow-unknown-region (or \(KnownRegions.overrideVariable)=1)."),
    ]

    static func rephrase(_ message: String) -> String {
        var text = message
        for (from, to) in replacements where text.contains(from) { text = text.replacingOccurrences(of: from, with: to) }
        return text
    }

    /// How an answers-file path that no field owns is named on screen.
    static func label(forPath path: String) -> String {
        if path.hasPrefix("tags") { return "Tags" }
        if path.hasPrefix("managedPolicies") { return "Managed policies" }
        if path.hasPrefix("activities") { return "ML activities" }
        if path.hasPrefix("network") { return "Network" }
        if path.hasPrefix("encryption") { return "Encryption" }
        return "Role settings"
    }
}
