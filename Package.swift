// swift-tools-version:6.0
import PackageDescription

// Module boundaries follow docs/architecture.md: the engine is pure (Foundation only),
// every front (CLI, wizard, exporters, AWS apply) consumes its RolePlan.
// RoleEngine and WizardCore are optimised in debug builds too: the wizard's fuzz test runs
// `update` (and the engine's validation) a million times.
let package = Package(
    name: "smrole",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smrole", targets: ["smrole"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // The data files of the modules below, compiled into the binary (#embed): smrole is one file.
        .target(name: "CEmbeddedFiles"),
        .target(
            name: "RoleEngine",
            dependencies: ["CEmbeddedFiles"],
            exclude: ["Resources"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Import is the engine run backwards (IAM policies → answers): pure like the engine, but
        // its own target so the engine does not grow a second direction.
        .target(
            name: "RoleImport",
            dependencies: ["RoleEngine"]
        ),
        .target(
            name: "RoleFiles",
            dependencies: ["RoleEngine", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "RoleExport",
            dependencies: ["RoleEngine", "CEmbeddedFiles"],
            exclude: ["Resources"]
        ),
        .target(
            name: "WizardCore",
            dependencies: ["RoleEngine", "RoleExport", "CEmbeddedFiles"],
            exclude: ["Resources"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "AWSClient",
            dependencies: ["CCurl", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "RoleApply",
            dependencies: ["RoleEngine", "RoleImport", "AWSClient", "CEmbeddedFiles"],
            exclude: ["Resources"]
        ),
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "TerminalUI",
            dependencies: ["WizardCore", "RoleEngine", "CNcursesw"]
        ),
        // glibc functions newer than 2.34 (Amazon Linux 2023), replaced in the release link (Makefile, --wrap).
        .target(name: "CGlibcCompat"),
        .executableTarget(
            name: "smrole",
            dependencies: [
                "RoleEngine", "RoleFiles", "RoleExport", "WizardCore", "TerminalUI", "AWSClient", "RoleApply",
                "RoleImport", "CGlibcCompat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildVersion"]
        ),
        // The commit and tag `smrole --version` names, read from git before every build.
        .plugin(name: "BuildVersion", capability: .buildTool()),
        .executableTarget(
            name: "wizard-bench",
            dependencies: ["WizardCore", "RoleEngine"]
        ),
        .testTarget(
            name: "RoleEngineTests",
            dependencies: ["RoleEngine", "RoleFiles", "CEmbeddedFiles"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "RoleExportTests",
            dependencies: ["RoleEngine", "RoleExport", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "WizardCoreTests",
            dependencies: ["WizardCore", "RoleEngine", "RoleExport"],
            exclude: ["Frames"]
        ),
        .testTarget(
            name: "TerminalUITests",
            dependencies: ["TerminalUI", "WizardCore", "RoleEngine", "RoleExport"],
            exclude: ["Frames"]
        ),
        .testTarget(
            name: "AWSClientTests",
            dependencies: ["AWSClient"],
            exclude: ["Vectors"]
        ),
        // Loopback servers the test targets share (no product ships it).
        .target(name: "TestServers", path: "Tests/TestServers"),
        .testTarget(
            name: "RoleApplyTests",
            dependencies: ["RoleApply", "AWSClient", "RoleEngine", "RoleImport", "TestServers"]
        ),
        .testTarget(
            name: "RoleImportTests",
            dependencies: ["RoleImport", "RoleEngine"]
        ),
        .testTarget(
            name: "SmroleCLITests",
            dependencies: ["smrole", "TestServers"]
        ),
    ]
)
