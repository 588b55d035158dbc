import Foundation
import Testing

/// What the release binary asks of the machine it runs on, read from the file with `objdump` as the dynamic loader
/// will read it. CloudShell and Amazon Linux 2023 have glibc 2.34 and GCC 11's libstdc++; the Studio JupyterLab
/// image (Ubuntu) and any other glibc system have at least the few libraries glibc and GCC always bring.
@Suite("The release binary's linkage", .namesTheBinaryUnderTest,
       .enabled(if: CLI.isShippedBuild, "checks the release link; a debug build uses the toolchain's libraries"))
struct LinkageTests {
    /// Libraries every glibc system has (glibc's own and GCC's unwinder).
    static let everywhere: Set<String> = [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2",
        "libgcc_s.so.1",
    ]

    static func objdump(_ option: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["objdump", option, CLI.binary.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "objdump \(option) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// The versions of `prefix` (e.g. "GLIBC_") that the binary's undefined dynamic symbols require, each with its
    /// symbol.
    static func requiredVersions(_ prefix: String) throws -> [(version: [Int], symbol: String)] {
        try objdump("-T").split(separator: "\n").compactMap { line in
            guard line.contains("*UND*"), let open = line.range(of: "(\(prefix)"),
                  let close = line[open.upperBound...].firstIndex(of: ")") else { return nil }
            let version = line[open.upperBound..<close].split(separator: ".").compactMap { Int($0) }
            return (version, String(line.split(separator: " ").last ?? ""))
        }
    }

    /// The required symbols whose version is past `limit`, as "hypot@GLIBC_2.35".
    static func newer(than limit: [Int], _ prefix: String) throws -> [String] {
        try requiredVersions(prefix).filter { limit.lexicographicallyPrecedes($0.version) }
            .map { "\($0.symbol)@\(prefix)\($0.version.map(String.init).joined(separator: "."))" }
    }

    @Test func needsNoGlibcSymbolNewerThan2_34() throws {
        #expect(try !Self.requiredVersions("GLIBC_").isEmpty, "no GLIBC_ versions read: is this an ELF binary?")
        #expect(try Self.newer(than: [2, 34], "GLIBC_") == [])
    }

    @Test func needsNoLibstdcxxSymbolNewerThanGCC11() throws {
        #expect(try Self.newer(than: [3, 4, 29], "GLIBCXX_") == [])
        #expect(try Self.newer(than: [1, 3, 13], "CXXABI_") == [])
    }

    /// libgcc_s comes from the machine: GCC 11's (Amazon Linux 2023) defines versions up to GCC_7.0.0.
    @Test func needsNoUnwinderSymbolNewerThanGCC11Has() throws {
        #expect(try !Self.requiredVersions("GCC_").isEmpty, "no GCC_ versions read: is libgcc_s still needed?")
        #expect(try Self.newer(than: [7, 0, 0], "GCC_") == [])
    }

    @Test func needsOnlyLibrariesEveryGlibcSystemHas() throws {
        let needed = try Self.objdump("-p").split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.first == "NEEDED" ? fields.last.map(String.init) : nil
        }
        #expect(needed.contains("libc.so.6"))
        // Not libstdc++ (GCC 11's is too old) nor ncurses: both are linked in.
        #expect(Set(needed).subtracting(Self.everywhere) == [])
    }

    @Test func carriesNoDebugInformation() throws {
        let debugSections = try Self.objdump("-h").split(separator: "\n").filter { $0.contains(" .debug_") }
        #expect(debugSections == [])
    }
}
