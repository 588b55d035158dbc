import Foundation
import Testing
@testable import RoleEngine

/// Every persona and every activity, without and with VPC and KMS settings, rendered as the
/// files `smrole generate` writes and compared with checked-in golden files.
/// Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
@Suite("Golden plans")
struct GoldenPlanTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var persona: String
        var activities: [String]
        var vpc: Bool
        var kms: Bool
        var testDescription: String { name }
    }

    static let variants: [(String, Bool, Bool)] = [("", false, false), ("-vpc", true, false), ("-kms", false, true), ("-vpc-kms", true, true)]

    static let cases: [Case] = {
        var cases: [Case] = []
        for (suffix, vpc, kms) in variants {
            for persona in Sample.catalog.personas where !persona.activities.isEmpty {
                cases.append(Case(name: "persona-\(persona.id)\(suffix)", persona: persona.id, activities: persona.activities, vpc: vpc, kms: kms))
            }
            for activity in Sample.catalog.activities {
                cases.append(Case(name: "activity-\(activity.id)\(suffix)", persona: "custom", activities: [activity.id], vpc: vpc, kms: kms))
            }
        }
        return cases
    }()

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func render(_ c: Case) throws -> String {
        let spec = Sample.spec(name: "SageMaker-Golden", persona: c.persona, activities: c.activities, vpc: c.vpc, kms: c.kms)
        let plan = try Sample.build(spec)
        var files = [(path: "answers.yaml", content: AnswersWriter.yaml(plan.normalizedSpec))]
        files += PlanFiles.render(plan)
        return files.map { "=== \($0.path) ===\n\($0.content)" }.joined()
    }

    @Test(arguments: cases)
    func matchesTheGoldenFile(_ c: Case) throws {
        let actual = try Self.render(c)
        let url = Self.directory.appendingPathComponent("\(c.name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(c.name) differs from Golden/\(c.name).txt; run UPDATE_GOLDEN=1 swift test to accept")
    }
}
