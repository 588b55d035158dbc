import RoleExport
import Testing

@Suite struct ExportFormatTests {
    @Test func jsonIsAlwaysIncludedAndOrderIsCanonical() throws {
        #expect(try ExportFormat.parseList("terraform, cloudformation") == [.json, .cloudformation, .terraform])
    }

    @Test func allMeansEveryFormat() throws {
        #expect(try ExportFormat.parseList("all") == ExportFormat.allCases)
    }

    @Test func anUnknownFormatIsNamedWithTheAllowedOnes() {
        let error = #expect(throws: ExportFormatError.self) { try ExportFormat.parseList("json,pulumi") }
        #expect(error?.description.contains("'pulumi'") == true && error?.description.contains("cloudformation") == true)
    }

    @Test func filesForEveryFormatAreAddedBesideTheJsonLayout() throws {
        let files = ExportFormat.files(for: try Sample.plan(), formats: ExportFormat.allCases).map(\.path)
        #expect(files.contains("answers.yaml") && files.contains("role.json") && files.contains("trust-policy.json"))
        #expect(files.contains("cloudformation.yaml") && files.contains("main.tf") && files.contains("create-role.sh"))
    }
}
