import RoleEngine
import RoleExport
import Testing

@Suite struct TerraformRendererTests {
    @Test func interpolationSequencesInUserValuesAreEscaped() throws {
        let text = TerraformRenderer.render(try Sample.plan(description: Sample.hostileDescription))
        #expect(text.contains(#"description          = "it's \"ours\" $(touch /tmp/smrole-pwned) `touch /tmp/smrole-pwned`; rm -rf ~ $${HOME} %%{x} \\n back\\slash""#))
    }

    @Test func escapingDoublesOnlyTemplateStarts() {
        #expect(TerraformRendererProbe.escape("${a} %{b} $x %y {c}") == "$${a} %%{b} $x %y {c}")
    }

    @Test func thePlansAccountComesFromDataSources() throws {
        let text = TerraformRenderer.render(try Sample.plan())
        #expect(text.contains(#"data "aws_caller_identity" "current" {}"#))
        #expect(text.contains("arn:${data.aws_partition.current.partition}:kms:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:key/"))
        #expect(!text.contains(":111122223333:"), "the account field of every ARN is templated")
    }

    @Test func everyPolicyHasAnAttachmentAndTheAwsManagedOnesToo() throws {
        let plan = try Sample.plan()
        let text = TerraformRenderer.render(plan)
        #expect(text.components(separatedBy: "resource \"aws_iam_policy\"").count - 1 == plan.policies.count)
        #expect(text.components(separatedBy: "resource \"aws_iam_role_policy_attachment\"").count - 1 == plan.attachmentCount)
        #expect(text.contains("resource \"aws_iam_role_policy_attachment\" \"managed_amazonsagemakercanvasfullaccess\""))
        #expect(text.contains("output \"role_arn\""))
        #expect(text.contains("variable \"extra_tags\""))
    }
}

/// The escaping rule, reached through a one-value plan render.
enum TerraformRendererProbe {
    static func escape(_ text: String) -> String {
        var plan = try! Sample.plan(description: text)
        plan.tags = []
        let rendered = TerraformRenderer.render(plan)
        let line = rendered.split(separator: "\n").first { $0.hasPrefix("  description          = ") }!
        return String(line.dropFirst("  description          = \"".count).dropLast())
    }
}
