import Foundation
import TestSupport
import Testing

/// Every report format of `lint` and `inspect` on the samples, byte for byte as saved in
/// Tests/Golden. A change to an output is a deliberate one: regenerate with
/// `STAGECRAFT_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests` and review the diff.
@Suite struct GoldenOutputTests {
    static let cases: [(name: String, arguments: [String])] =
        ["text", "json", "sarif", "checkstyle", "junit", "github"].map {
            ("lint-shop-broken.\($0)", ["lint", "--no-color", "--format", $0, "examples/shop-broken"])
        }
        + ["text", "json", "sarif", "junit", "github"].map {
            (
                "inspect-engine-layers.\($0)",
                ["inspect", "--format", $0, "--ci", "Tests/StagecraftImageTests/Fixtures/engine-layers.tar"]
            )
        }

    @Test(arguments: cases.indices)
    func outputMatchesTheSavedOne(index: Int) throws {
        let (name, arguments) = Self.cases[index]
        let result = try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: ["NO_COLOR": "1"], directory: Paths.packageRoot)
        let golden = Paths.packageRoot.appendingPathComponent("Tests/Golden/\(name).txt")
        if ProcessInfo.processInfo.environment["STAGECRAFT_UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.stdoutText == expected, "\(name) differs from Tests/Golden/\(name).txt")
    }
}
