import RoleEngine

/// The onboarding dialog's input, checked as the user types, before anything is created:
/// profile names are separated by commas or new lines only (a name never holds a space, so
/// `Ana Smith` is one wrong name, not two profiles), and each is a valid, unrepeated name.
public enum OnboardingInput {
    /// The names as typed, trimmed, in order (empty pieces dropped).
    public static func names(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == "\n" || $0 == "\r" }
            .map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty }
    }

    /// Every problem of the names: invalid ones and repeats (names are case-insensitive in
    /// SageMaker), each naming its position in the list.
    public static func nameProblems(_ text: String) -> [String] {
        var problems: [String] = []
        var seen: [String: Int] = [:]
        for (i, name) in names(text).enumerated() {
            if let problem = SageMakerNames.userProfileProblem(name) { problems.append(problem) }
            if let first = seen[name.lowercased()] {
                problems.append("\(VisibleText.quoted(name)) is listed twice (names \(first) and \(i + 1)); "
                                + "profile names ignore case")
            } else {
                seen[name.lowercased()] = i + 1
            }
        }
        return problems
    }

    public static func domainProblem(_ text: String) -> String? {
        let domain = text.trimmingSpaces
        if domain.isEmpty { return "give the Studio domain's id (d-…) or name, or pick it with Ctrl-L" }
        return SageMakerNames.isDomainId(domain) || SageMakerNames.isDomainName(domain) ? nil
            : "\(VisibleText.quoted(domain)) is neither a Studio domain id (d- followed by lowercase letters and "
                + "digits) nor a domain name (letters, digits and hyphens, up to 63)"
    }

    public static let versions = ["3", "1"]

    public static func imageProblem(_ text: String) -> String? {
        let image = text.trimmingSpaces
        if image.isEmpty || versions.contains(image) || SageMakerNames.isImageArn(image) { return nil }
        return "\(VisibleText.quoted(image)) is not a JupyterLab version; allowed: 3, 1, or a SageMaker image ARN"
    }

    /// Problems per field of the dialog (the names field needs at least one name).
    public static func problems(domain: String, users: String, image: String) -> [FieldID: [String]] {
        var out: [FieldID: [String]] = [:]
        if let problem = domainProblem(domain) { out[.onboardDomain] = [problem] }
        var userProblems = nameProblems(users)
        if names(users).isEmpty { userProblems.append("give at least one user profile name") }
        if !userProblems.isEmpty { out[.onboardUsers] = userProblems }
        if let problem = imageProblem(image) { out[.onboardImage] = [problem] }
        return out
    }
}
