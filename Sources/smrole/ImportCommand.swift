import AWSClient
import ArgumentParser
import Foundation
import RoleApply
import RoleEngine
import RoleFiles
import RoleImport

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an existing role (made by Role Manager, its CDK construct or smrole) back into an answers file.",
        discussion: """
            Reads the role from IAM, or with --from-file from the output of `aws iam get-account-authorization-details`. \
            Writes the answers to --out (or stdout) and prints what was recognised. Statements that map to no activity \
            are listed and written beside the answers as <answers>.unmapped-policy.json, a policy document to keep as \
            an extra managed policy. `smrole apply --update` on the answers then replaces Role Manager's policies with \
            smrole's. Exit codes: 0 every statement mapped; 4 answers written, but some statements map to no activity; \
            1 invalid input or no such role; 2 usage error; 3 an AWS call failed.
            """
    )

    static let unmappedExitCode: Int32 = 4
    /// Authorization details of a large account run to tens of megabytes.
    static let detailsSizeLimit = 256 * 1024 * 1024

    @Option(name: .long, help: ArgumentHelp("The role's name.", valueName: "name"))
    var roleName: String

    @Option(name: .long, help: ArgumentHelp("Read the role from this output of `aws iam get-account-authorization-details` instead of IAM.", valueName: "file"))
    var fromFile: String?

    @Option(name: .long, help: ArgumentHelp("Write the answers to this file (default: stdout).", valueName: "file"))
    var out: String?

    @OptionGroup var aws: AWSOptions
    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if fromFile != nil && (aws.profile != nil || aws.endpointUrl != nil) {
            throw ValidationError("--from-file reads no AWS account: --profile and --endpoint-url do not apply")
        }
    }

    func run() throws {
        let catalog = try engine.loadCatalog()
        let snapshot = try readRole()
        let result: ImportResult
        do throws(ImportError) {
            result = try RoleImporter(catalog: catalog).importRole(snapshot, fallbackRegion: aws.region)
        } catch {
            Console.error("smrole import: role \(VisibleText.quoted(roleName)): \(error)")
            throw ExitCode(1)
        }
        let answers = AnswersWriter.yaml(result.spec)
        let unmapped = result.unmappedDocument.map { $0.pretty() + "\n" }
        var unmappedFile: String?
        if let out {
            let folder = (out as NSString).deletingLastPathComponent
            let name = (out as NSString).lastPathComponent
            if let problem = PathComponent.problem(name) {
                Console.error("--out \(VisibleText.quoted(out)): \(problem)")
                throw ExitCode(1)
            }
            let unmappedName = ((name as NSString).deletingPathExtension) + ".unmapped-policy.json"
            var files = [(path: name, content: answers)]
            if let unmapped { files.append((unmappedName, unmapped)) }
            do throws(OutputError) {
                try OutputDirectory(path: folder.isEmpty ? "." : folder).write(files, replacing: [name, unmappedName])
            } catch {
                Console.error("--out \(error.description)")
                throw ExitCode(1)
            }
            if unmapped != nil { unmappedFile = folder.isEmpty ? unmappedName : folder + "/" + unmappedName }
        } else {
            FileHandle.standardOutput.write(Data(answers.utf8))
        }
        Console.error(ImportReport.lines(result, catalog: catalog, unmappedFile: unmappedFile).joined(separator: "\n"))
        if let unmapped, unmappedFile == nil {
            Console.error("The statements that map to no activity, as a policy document (use --out to write it to a file):")
            Console.error(unmapped)
        }
        if !result.isComplete { throw ExitCode(Self.unmappedExitCode) }
    }

    private func readRole() throws -> RoleSnapshot {
        if let fromFile {
            let data: Data
            do throws(InputFileError) {
                data = try InputFile.read(fromFile, limit: Self.detailsSizeLimit, what: "authorization details")
            } catch {
                Console.error("--from-file \(error)")
                throw ExitCode(1)
            }
            do throws(ImportError) {
                return try AuthorizationDetailsReader.role(named: roleName, in: data)
            } catch {
                Console.error("--from-file \(VisibleText.quoted(fromFile)) \(error)")
                throw ExitCode(1)
            }
        }
        // IAM is global: any region signs its requests.
        let session = try aws.session(fallbackRegion: "us-east-1")
        do {
            guard let role = try RoleReader(iam: try session.iam()).read(roleName) else {
                Console.error("smrole import: the account has no role named \(VisibleText.quoted(roleName))")
                throw ExitCode(1)
            }
            return role
        } catch let error as AWSError {
            Console.error("smrole import: reading role \(VisibleText.quoted(roleName)): \(error)")
            throw ExitCode(3)
        }
    }
}
