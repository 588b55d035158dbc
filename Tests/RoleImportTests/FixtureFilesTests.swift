import Foundation
import Testing
import RoleImport

/// The authorization-details files under Tests/fixtures/role-manager-roles (read by the CLI
/// tests, and usable by hand: `smrole import --from-file …`) are exactly what
/// `RoleManagerFixtures` builds from the construct's templates. `UPDATE_GOLDEN=1` rewrites them.
@Suite("Committed import fixtures")
struct FixtureFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../fixtures/role-manager-roles").standardized

    static let cases: [(file: String, role: RoleSnapshot)] = ["data-scientist", "mlops", "compute"].flatMap { persona in
        [F.Maker.console, .construct].flatMap { maker in
            [false, true].map { settings in
                let file = "\(persona)-\(maker)\(settings ? "-vpc-kms" : "").json"
                let name = "SageMaker-\(persona)-\(maker)"
                return (file, F.role(name, activities: F.catalog.persona(persona)!.activities, maker: maker,
                                     options: .init(vpc: settings, kms: settings)))
            }
        }
    }

    @Test(arguments: cases.map(\.file))
    func theFixtureFileIsWhatTheTemplatesMake(_ file: String) throws {
        let role = Self.cases.first { $0.file == file }!.role
        let expected = F.authorizationDetails(role)
        let url = Self.folder.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try expected.write(to: url)
        }
        #expect(try Data(contentsOf: url) == expected)
        let read = try RoleImporter(catalog: F.catalog).importRole(
            AuthorizationDetailsReader.role(named: role.name, in: Data(contentsOf: url))).spec
        let direct = try RoleImporter(catalog: F.catalog).importRole(role).spec
        #expect(read.activities == direct.activities)
        #expect(read.network == direct.network && read.encryption == direct.encryption)
    }
}
