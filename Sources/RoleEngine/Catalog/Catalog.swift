import CEmbeddedFiles
import Foundation

/// The personas and ML activities the engine knows, loaded from data.
///
/// The shipped catalog is `Resources/catalog.json`, compiled into the binary; a user file in the same format
/// (`--catalog FILE`) adds activities and personas or replaces them by id. See
/// docs/catalog-format.md.
public struct Catalog: Equatable, Sendable {
    public private(set) var personas: [PersonaDefinition]
    public private(set) var activities: [ActivityDefinition]
    public private(set) var conditionBlocks: [String: ConditionBlock]

    /// The file layout; every part is optional so an extension file can carry only what it adds.
    struct File: Codable {
        var formatVersion: Int
        var conditionBlocks: [String: ConditionBlock]?
        var personas: [PersonaDefinition]?
        var activities: [ActivityDefinition]?
    }

    private init(unchecked file: File) {
        personas = file.personas ?? []
        activities = file.activities ?? []
        conditionBlocks = file.conditionBlocks ?? [:]
    }

    public func activity(_ id: String) -> ActivityDefinition? {
        activities.first { $0.id == id }
    }

    public func persona(_ id: String) -> PersonaDefinition? {
        personas.first { $0.id == id }
    }

    /// The catalog shipped with smrole, compiled into the binary (CEmbeddedFiles). It is not re-checked on
    /// every start: the test suite checks it (`CatalogTests.theShippedCatalogPassesEveryCheck`), and startup
    /// time matters; for the same reason `BuiltInCatalogReader` reads it, not `JSONDecoder`.
    public static func builtIn() throws -> Catalog {
        try builtInRead() ?? builtInDecoded()
    }

    /// The built-in catalog as `BuiltInCatalogReader` reads it; `nil` if it cannot (then `JSONDecoder` says why).
    static func builtInRead() -> Catalog? {
        let file = smrole_embedded_file_get(SMROLE_FILE_CATALOG)
        // The bytes live in the binary's read-only data for the whole run: no copy is needed.
        return BuiltInCatalogReader.read(UnsafeBufferPointer(start: file.bytes, count: file.count))
            .map(Catalog.init(unchecked:))
    }

    /// The built-in catalog as `JSONDecoder` reads it.
    static func builtInDecoded() throws -> Catalog {
        let file = smrole_embedded_file_get(SMROLE_FILE_CATALOG)
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: file.bytes), count: file.count,
                        deallocator: .none)
        return Catalog(unchecked: try decodeFile(data, source: "built-in catalog"))
    }

    /// Every problem `CatalogChecker` finds in this catalog (none for a usable one).
    public var problems: [String] { CatalogChecker.problems(in: self) }

    /// This catalog extended by a user file: entries with a known id replace the shipped
    /// ones, new ids are appended. The result is checked as a whole.
    public func extended(with data: Data, source: String) throws -> Catalog {
        let file = try Catalog.decodeFile(data, source: source)
        var result = self
        for activity in file.activities ?? [] {
            if let i = result.activities.firstIndex(where: { $0.id == activity.id }) {
                result.activities[i] = activity
            } else {
                result.activities.append(activity)
            }
        }
        for persona in file.personas ?? [] {
            if let i = result.personas.firstIndex(where: { $0.id == persona.id }) {
                result.personas[i] = persona
            } else {
                result.personas.append(persona)
            }
        }
        for (name, block) in file.conditionBlocks ?? [:] {
            result.conditionBlocks[name] = block
        }
        let problems = CatalogChecker.problems(in: result)
        if !problems.isEmpty { throw CatalogError(source: source, problems: problems) }
        return result
    }

    private static func decodeFile(_ data: Data, source: String) throws -> File {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(source: source, problems: [CatalogError.describe(error)])
        } catch {
            throw CatalogError(source: source, problems: ["not valid JSON: \(error.localizedDescription)"])
        }
        guard file.formatVersion == 1 else {
            throw CatalogError(source: source, problems: ["formatVersion: \(file.formatVersion) is not supported; allowed: 1"])
        }
        return file
    }
}

/// A catalog that cannot be used, with every problem found.
public struct CatalogError: Error, Equatable, CustomStringConvertible {
    public var source: String
    public var problems: [String]

    public var description: String {
        // A problem per line: each may quote the catalog file's text.
        "\(VisibleText.singleLine(source)) is not a usable catalog:\n"
            + problems.map { "  - \(VisibleText.singleLine($0))" }.joined(separator: "\n")
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.hasPrefix(".") ? String(p.dropFirst()) : (p.isEmpty ? "(top level)" : p)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
