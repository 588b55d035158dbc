import Foundation
import RoleEngine
@testable import WizardCore

/// Wizards in known states, driven by the keys a user would press.
enum Drive {
    static let catalog: Catalog = try! Catalog.builtIn()
    static let standard = Size(width: 80, height: 24)

    static func wizard(_ answers: WizardAnswers = WizardAnswers(), size: Size = standard, ascii: Bool = false) -> WizardState {
        WizardState(catalog: catalog, answers: answers, size: size,
                    options: .init(glyphs: ascii ? .ascii : .unicode))
    }

    /// Presses keys in order and returns every effect asked for.
    @discardableResult
    static func press(_ state: inout WizardState, _ keys: Key...) -> [WizardEffect] {
        keys.flatMap { state.update(.key($0)) }
    }

    @discardableResult
    static func type(_ state: inout WizardState, _ text: String) -> [WizardEffect] {
        text.flatMap { state.update(.key(.character($0))) }
    }

    /// Moves focus to a field by pressing Tab (as a user would), failing loudly if it never comes.
    static func focus(_ state: inout WizardState, _ field: FieldID) {
        for _ in 0..<200 where state.focusedField != field { _ = state.update(.key(.tab)) }
        precondition(state.focusedField == field, "could not reach \(field)")
    }

    /// A failed Create or onboarding as the command reports it.
    static func failure(_ why: String) -> ActionReport {
        ActionReport(title: "The role was not created", summary: "Not created: \(why)",
                     sections: [.init("Why", [why]), .init("Undone", ["nothing had been changed"])], succeeded: false)
    }

    /// Answers of the lab's Data Scientist with VPC and KMS.
    static var dataScientist: WizardAnswers {
        var answers = WizardAnswers()
        answers.roleName = "SageMaker-DataScientist"
        answers.description = "Data scientists of team A"
        answers.choosePersona("data-scientist", catalog: catalog)
        answers.account = "111122223333"
        answers.region = "us-east-1"
        answers.subnets = "subnet-0a1b2c3d4e5f67890"
        answers.securityGroups = "sg-0a1b2c3d4e5f67890"
        answers.volumeKeys = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        answers.dataKeys = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        for id in ["manage-ml-jobs", "manage-models", "manage-pipelines"] {
            answers.parameters[id] = ["passRoles": "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"]
        }
        answers.parameters["s3-bucket-access"] = ["s3Buckets": "sagemaker-us-east-1-111122223333"]
        answers.tags = [.init(key: "team", value: "ml")]
        return answers
    }
}

/// Golden frames: Tests/WizardCoreTests/Frames/<name>.txt; `UPDATE_GOLDEN=1 swift test` rewrites them.
enum GoldenFrame {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Frames")

    static func check(_ frame: Frame, _ name: String) -> String? {
        let text = frame.markedText + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try? text.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else { return "no golden file \(name).txt; run with UPDATE_GOLDEN=1" }
        if expected == text { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : "") != (i < b.count ? b[i] : "") {
            return "\(name): first difference at row \(i + 1):\n  expected: \(i < a.count ? a[i] : "")\n  actual:   \(i < b.count ? b[i] : "")"
        }
        return "\(name): differs"
    }
}
