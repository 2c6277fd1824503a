// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "stagecraft",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "stagecraft", targets: ["stagecraft"]),
        .library(name: "DockerfileSyntax", targets: ["DockerfileSyntax"]),
        .library(name: "DockerfileStages", targets: ["DockerfileStages"]),
        .library(name: "StagecraftLint", targets: ["StagecraftLint"]),
        // What the libFuzzer targets in Fuzz/ call (see scripts/fuzz.sh).
        .library(name: "StagecraftFuzzing", targets: ["StagecraftFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // BuildKit-exact Dockerfile parser and shell-word lexer. Only StagecraftReporting, for the
        // shape of its errors (InputProblem).
        .target(name: "DockerfileSyntax", dependencies: ["StagecraftReporting"]),
        // Leaf: a streaming tar reader. No dependencies.
        .target(name: "TarArchive"),
        // Leaf: independent jobs on a few threads, results in job order (lint, build, image layers).
        .target(name: "ParallelJobs"),
        // Leaf: one diagnostic and check-case model, and one renderer per report format (SARIF,
        // JUnit, checkstyle, GitHub annotations, Markdown) that every reporting command uses.
        .target(name: "StagecraftReporting"),
        // Leaf: the docker client (discovery, output capture with limits, child processes stopped on
        // interrupt) and the labels and cleanup of what a run starts on the engine.
        .target(name: "ContainerEngine"),
        // .stagecraft.yml (and the peers' .hadolint.yaml and .dive-ci), found and read once into one
        // typed configuration; its JSON schema and docs are generated from the same declaration.
        .target(name: "StagecraftConfiguration", dependencies: ["StagecraftReporting", "Yams"]),
        // Package versions as dpkg, apk-tools, PEP 440 (packaging) and npm (node-semver) order them,
        // and npm ranges: what matching packages against advisories needs.
        .target(name: "PackageVersions", dependencies: ["StagecraftReporting"]),
        // Vulnerability records in the OSV schema (JSON or YAML), read with where each field is, and
        // matched against package versions in each ecosystem's order; an indexed SQLite database of
        // them (system SQLite: a small C library, nothing to build).
        .target(name: "StagecraftAdvisories", dependencies: ["PackageVersions", "StagecraftReporting", "Yams", "SQLiteFile"]),
        // System libraries for layer decompression and digests.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLibcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // PostgreSQL's own client library, for a history shared by a team's CI jobs: its header
        // only; the library is loaded when a connection is made (see shim.h).
        .systemLibrary(name: "CLibpq", providers: [.apt(["libpq-dev"])]),
        // A connection to a PostgreSQL server over libpq: URLs, parameters, transactions, rows as text.
        .target(name: "PostgresClient", dependencies: ["CLibpq", "StagecraftReporting"]),
        // A versioned SQLite file stagecraft owns (advisories, run history) over the system library.
        .target(name: "SQLiteFile", dependencies: ["CSQLite", "StagecraftReporting"]),
        // What a folder holds (Next.js, Node, Python, Go, Rust, Swift: manifests, lock files, entry,
        // port) and the multi-stage Dockerfile, .dockerignore, compose file and settings for it.
        .target(name: "StagecraftInit", dependencies: ["StagecraftReporting"]),
        // What each run measured, kept over time, and the regression gates over it.
        .target(
            name: "StagecraftHistory",
            dependencies: ["SQLiteFile", "PostgresClient", "StagecraftConfiguration", "StagecraftReporting"]),
        // Image archives: docker save, OCI layouts, layers, the merged filesystem, and its numbers.
        .target(
            name: "StagecraftImage",
            dependencies: [
                "TarArchive", "ParallelJobs", "StagecraftReporting", "StagecraftConfiguration", "ContainerEngine", "CZlib",
                "CZstd", "CLibcrypto",
            ]),
        // Stages, ARG scoping, and the stage graph built on the syntax tree.
        .target(name: "DockerfileStages", dependencies: ["DockerfileSyntax", "StagecraftReporting"]),
        // Compose files: services, builds, health checks, interpolation, with source lines.
        .target(name: "StagecraftCompose", dependencies: ["DockerfileSyntax", "StagecraftReporting", "Yams"]),
        // Builds compose services on the engine with BuildKit and reads its progress.
        .target(
            name: "StagecraftBuild",
            dependencies: [
                "DockerfileSyntax", "DockerfileStages", "StagecraftCompose", "ParallelJobs", "StagecraftReporting",
                "ContainerEngine",
            ]),
        // Runs images and checks them: health, non-root, structure tests, probes; text, JSON and JUnit reports.
        .target(
            name: "StagecraftRuntime",
            dependencies: ["ContainerEngine", "TarArchive", "StagecraftReporting", "StagecraftConfiguration", "Yams"]),
        // The rule engine, the rule catalogue (one file per rule) and the report formats.
        .target(
            name: "StagecraftLint",
            dependencies: [
                "DockerfileSyntax", "DockerfileStages", "StagecraftCompose", "StagecraftReporting", "StagecraftConfiguration",
            ]),
        // The packages in an image (dpkg, apk, Python, npm, Go), each with the layer and instruction that
        // added it, and those a build context's lock files pin.
        .target(name: "StagecraftSBOM", dependencies: ["StagecraftImage", "StagecraftReporting"]),
        // Vulnerabilities and secrets of an image, with ignore rules applied, located at the
        // Dockerfile line that made their layer (hence the Dockerfile modules).
        .target(
            name: "StagecraftScan",
            dependencies: [
                "StagecraftSBOM", "StagecraftAdvisories", "PackageVersions", "StagecraftConfiguration", "StagecraftReporting",
                "DockerfileStages", "DockerfileSyntax",
            ]),
        // The command-line interface: one file per subcommand.
        .target(
            name: "StagecraftCLI",
            dependencies: [
                "StagecraftInit",
                "DockerfileSyntax",
                "DockerfileStages",
                "StagecraftLint",
                "StagecraftImage",
                "StagecraftBuild",
                "StagecraftRuntime",
                "StagecraftCompose",
                "StagecraftReporting",
                "StagecraftConfiguration",
                "StagecraftSBOM",
                "StagecraftScan",
                "StagecraftHistory",
                "StagecraftAdvisories",
                "ContainerEngine",
                "ParallelJobs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "stagecraft", dependencies: ["StagecraftCLI"]),
        // The readers arbitrary bytes reach (Dockerfile, tar, image, compose), as one call each,
        // for the libFuzzer targets in Fuzz/ and the replay of their findings in the tests.
        .target(
            name: "StagecraftFuzzing",
            dependencies: [
                "DockerfileSyntax", "DockerfileStages", "StagecraftLint", "TarArchive", "StagecraftImage", "StagecraftCompose",
                "StagecraftSBOM",
            ]),

        .target(name: "TestSupport", dependencies: ["CZlib", "CZstd"], path: "Tests/TestSupport"),
        .testTarget(name: "DockerfileSyntaxTests", dependencies: ["DockerfileSyntax", "TestSupport"]),
        .testTarget(name: "ParallelJobsTests", dependencies: ["ParallelJobs"]),
        .testTarget(name: "TarArchiveTests", dependencies: ["TarArchive", "TestSupport"]),
        .testTarget(name: "ContainerEngineTests", dependencies: ["ContainerEngine"]),
        .testTarget(name: "StagecraftFuzzingTests", dependencies: ["StagecraftFuzzing", "TestSupport"]),
        .testTarget(name: "StagecraftConfigurationTests", dependencies: ["StagecraftConfiguration", "TestSupport"]),
        .testTarget(name: "PackageVersionsTests", dependencies: ["PackageVersions", "TestSupport"]),
        .testTarget(
            name: "StagecraftAdvisoriesTests", dependencies: ["StagecraftAdvisories", "PackageVersions", "TestSupport"]),
        .testTarget(name: "StagecraftSBOMTests", dependencies: ["StagecraftSBOM", "StagecraftImage", "TestSupport"]),
        .testTarget(
            name: "StagecraftScanTests",
            dependencies: ["StagecraftScan", "StagecraftSBOM", "StagecraftAdvisories", "StagecraftConfiguration", "TestSupport"]),
        .testTarget(name: "StagecraftReportingTests", dependencies: ["StagecraftReporting", "TestSupport"]),
        .testTarget(
            name: "StagecraftHistoryTests", dependencies: ["StagecraftHistory", "StagecraftConfiguration", "TestSupport"]),
        .testTarget(name: "StagecraftInitTests", dependencies: ["StagecraftInit", "TestSupport"]),
        .testTarget(name: "DockerfileStagesTests", dependencies: ["DockerfileStages", "TestSupport"]),
        .testTarget(
            name: "StagecraftLintTests",
            dependencies: ["StagecraftLint", "StagecraftConfiguration", "DockerfileSyntax", "DockerfileStages", "TestSupport"]),
        .testTarget(name: "StagecraftComposeTests", dependencies: ["StagecraftCompose", "TestSupport"]),
        .testTarget(
            name: "StagecraftRuntimeTests",
            dependencies: ["StagecraftRuntime", "StagecraftConfiguration", "TarArchive", "TestSupport", "Yams"]),
        .testTarget(
            name: "StagecraftBuildTests",
            dependencies: ["StagecraftBuild", "StagecraftCompose", "StagecraftReporting", "TestSupport"]),
        .testTarget(
            name: "StagecraftImageTests", dependencies: ["StagecraftImage", "TarArchive", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "StagecraftCLITests",
            dependencies: ["StagecraftCLI", "DockerfileSyntax", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
