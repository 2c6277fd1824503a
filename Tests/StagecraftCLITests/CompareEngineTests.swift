import Foundation
import TestSupport
import Testing

/// `stagecraft compare` on a single-stage image and its multi-stage runtime built on the engine:
/// the sizes, the reduction, and the files the runtime no longer ships.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class CompareEngineTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("compare") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f", "compare-test/app:naive", "compare-test/app:runtime"], timeout: 60)
    }

    @Test func theRuntimeImageIsSmallerAndSaysWhatWentAway() throws {
        try Data(
            """
            FROM stagecraft/busybox:local AS build
            RUN mkdir -p /src /out && head -c 3000000 /dev/urandom > /src/toolchain.bin && echo app > /out/app
            FROM stagecraft/busybox:local AS runtime
            COPY --from=build /out/app /srv/app
            FROM build AS naive
            RUN cp /out/app /srv-app

            """.utf8
        ).write(to: folder.appendingPathComponent("Dockerfile"))
        for target in ["naive", "runtime"] {
            let built = try Engine.docker(["build", "-q", "--target", target, "-t", "compare-test/app:\(target)", folder.path])
            try #require(built.status == 0, "\(built.stderrText)")
        }
        let result = try ProcessRunner.run(
            Paths.stagecraft.path, ["compare", "compare-test/app:naive", "compare-test/app:runtime", "--format", "json"],
            environment: ["STAGECRAFT_DOCKER": Engine.client])
        #expect(result.status == 0, "\(result.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let before = try #require(document["beforeBytes"] as? Int)
        let after = try #require(document["afterBytes"] as? Int)
        #expect(before - after > 3_000_000, "the toolchain stayed in the build stage")
        let reduction = try #require(document["reduction"] as? Double)
        #expect(abs(reduction - Double(before - after) / Double(before)) < 1e-9 && reduction > 0.5)
        let removed = (document["removed"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(removed.first == "/src/toolchain.bin", "\(removed)")
        let added = (document["added"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(added.contains("/srv/app"))
        let table = try ProcessRunner.run(
            Paths.stagecraft.path, ["compare", "compare-test/app:naive", "compare-test/app:runtime", "--format", "markdown"],
            environment: ["STAGECRAFT_DOCKER": Engine.client])
        #expect(table.stdoutText.contains("| compare-test/app:naive -> compare-test/app:runtime |"))
    }
}
