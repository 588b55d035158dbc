/// SageMaker's rules for the names onboarding takes, shared by `smrole onboard` and the
/// wizard's onboarding dialog (which checks them inline, before anything is created).
public enum SageMakerNames {
    /// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`: letters and digits, hyphens inside, up to 63.
    public static func userProfileProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        func alnum(_ b: UInt8) -> Bool { (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) }
        if bytes.isEmpty { return "the user profile name is empty" }
        let shown = VisibleText.quoted(name)
        if bytes.count > 63 { return "\(shown) is \(bytes.count) characters; user profile names have at most 63" }
        guard alnum(bytes.first!), alnum(bytes.last!), bytes.allSatisfy({ alnum($0) || $0 == 45 }) else {
            return "\(shown) is not a user profile name; allowed: letters, digits and hyphens, "
                + "starting and ending with a letter or digit"
        }
        return nil
    }

    /// A Studio domain id: `d-` and lowercase letters and digits.
    public static func isDomainId(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 63, bytes[0] == 100, bytes[1] == 45 else { return false }
        return bytes.dropFirst(2).allSatisfy { (48...57).contains($0) || (97...122).contains($0) || $0 == 45 }
    }

    /// A Studio domain name: the same shape as a user profile name (`[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`).
    public static func isDomainName(_ text: String) -> Bool { !text.isEmpty && userProfileProblem(text) == nil }

    /// A SageMaker image ARN (`arn:aws:sagemaker:<region>:<account>:image/<name>`).
    public static func isImageArn(_ text: String) -> Bool {
        text.hasPrefix("arn:aws") && text.contains(":sagemaker:") && text.contains(":image")
    }
}
