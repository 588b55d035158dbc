import ArgumentParser
import Foundation
import RoleEngine
import RoleFiles

/// Options every command that builds a plan shares: the catalog and the quota.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A catalog file that adds or replaces personas and activities (docs/catalog-format.md).", valueName: "file"))
    var catalog: String?

    @Option(name: .long, help: ArgumentHelp("The role's managed-policies quota, if raised in Service Quotas (10-20).", valueName: "n"))
    var maxManagedPolicies: Int = 10

    @Flag(name: .long, help: ArgumentHelp("Accept a region smrole does not know yet (also \(KnownRegions.overrideVariable)=1)."))
    var allowUnknownRegion = false

    /// The flag or the environment variable: either turns the known-region check off.
    var allowsUnknownRegion: Bool {
        allowUnknownRegion || KnownRegions.overridden(by: ProcessInfo.processInfo.environment)
    }

    var builderOptions: RoleBuilder.Options {
        RoleBuilder.Options(maxManagedPolicies: maxManagedPolicies, allowUnknownRegion: allowsUnknownRegion)
    }

    /// Twenty times the built-in catalog (48 KiB); a catalog file is JSON, so it has no aliases to expand.
    static let catalogSizeLimit = 1024 * 1024

    func loadCatalog() throws -> Catalog {
        do {
            var result = try Catalog.builtIn()
            if let path = catalog {
                let data: Data
                do throws(InputFileError) {
                    data = try InputFile.read(path, limit: Self.catalogSizeLimit, what: "catalog files")
                } catch {
                    Console.error("--catalog \(error)")
                    throw ExitCode(1)
                }
                result = try result.extended(with: data, source: path)
            }
            return result
        } catch let error as CatalogError {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }

    /// Reads, validates and builds; on any problem prints every message and exits 1.
    func plan(answers path: String) throws -> (plan: RolePlan, catalog: Catalog) {
        let catalog = try loadCatalog()
        let loaded: AnswersReader.Loaded
        do {
            loaded = try AnswersReader.load(path: path)
        } catch let error as AnswersFileError {
            Console.error(error.description)
            throw ExitCode(1)
        }
        let builder = RoleBuilder(catalog: catalog, options: builderOptions)
        do {
            return (try builder.build(loaded.spec), catalog)
        } catch let error as RoleSpecError {
            Console.error(AnswersFileError(file: path, issues: error.locating(with: loaded.lines).issues).description)
            throw ExitCode(1)
        } catch let error as QuotaError {
            Console.error("\(path): \(error.description)")
            throw ExitCode(1)
        }
    }
}
