// swift-tools-version: 6.2
// The libFuzzer binary for stagecraft's input readers. Build and run it with scripts/fuzz.sh,
// which passes -sanitize=fuzzer,address (plain `swift build` links no fuzzer runtime).
import PackageDescription

let package = Package(
    name: "StagecraftFuzz",
    dependencies: [.package(name: "stagecraft", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "Fuzz", dependencies: ["CFuzzDriver", .product(name: "StagecraftFuzzing", package: "stagecraft")]),
    ]
)
