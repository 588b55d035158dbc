import Foundation
import PackagePlugin

/// Gives the `smrole` module the commit (and `v*` tag) it is built from, for `smrole --version`: a prebuild command
/// runs scripts/build-version.sh before every build, which rewrites BuildVersion.swift only when the commit changes.
@main
struct BuildVersion: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        let script = context.package.directoryURL.appendingPathComponent("scripts/build-version.sh")
        return [
            .prebuildCommand(
                displayName: "Reading the commit smrole is built from",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, context.package.directoryURL.path, output.path],
                outputFilesDirectory: output),
        ]
    }
}
