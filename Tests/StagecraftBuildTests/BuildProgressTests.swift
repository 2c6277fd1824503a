import Testing

@testable import StagecraftBuild

/// BuildKit's plain progress, as dockerd 20.10's BuildKit prints it, read into steps.
@Suite struct BuildProgressTests {
    static let output = """
        #1 [internal] load build definition from Dockerfile
        #1 sha256:c1935d8194835c22952adef35d21b2ddfb46b68356840a62f392763e5b73472b
        #1 transferring dockerfile: 223B done
        #1 DONE 0.0s

        #8 [base 1/2] FROM docker.io/stagecraft/busybox:local
        #8 CACHED

        #4 [base 2/2] RUN echo hi > /x
        #4 DONE 0.2s

        #5 [runtime 1/2] RUN --mount=type=cache,target=/cache echo two > /y && sleep 1
        #5 0.345 two
        #6 [runtime 2/2] COPY f /f
        #6 CACHED
        #5 DONE 1.3s

        #7 [development 1/1] RUN exit 3
        #7 0.101 about to fail
        #7 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3
        ------
         > [development 1/1] RUN exit 3:
        ------
        executor failed running [/bin/sh -c exit 3]: exit code: 3
        """

    @Test func readsStepsDurationsCacheHitsAndErrors() {
        var progress = BuildProgress()
        var finished: [Int] = []
        for line in Self.output.split(separator: "\n", omittingEmptySubsequences: false) {
            if case .finished(let step) = progress.consume(line) { finished.append(step.id) }
        }
        #expect(progress.steps.map(\.id) == [1, 8, 4, 5, 6, 7])
        #expect(finished == [1, 8, 4, 6, 5, 7])
        #expect(
            progress.instructions.map(\.name) == [
                "[base 2/2] RUN echo hi > /x", "[runtime 1/2] RUN --mount=type=cache,target=/cache echo two > /y && sleep 1",
                "[runtime 2/2] COPY f /f", "[development 1/1] RUN exit 3",
            ])
        #expect(progress.steps[3].seconds == 1.3 && progress.steps[3].output == ["two"])
        #expect(progress.steps[4].cached && progress.steps[4].seconds == nil)
        #expect(progress.cacheHitRate == 0.25)
        #expect(progress.failedStep?.name == "[development 1/1] RUN exit 3")
        #expect(progress.failedStep?.error == "executor failed running [/bin/sh -c exit 3]: exit code: 3")
        #expect(progress.failedStep?.output == ["about to fail"])
        #expect(progress.tail.last == "executor failed running [/bin/sh -c exit 3]: exit code: 3")
    }

    @Test func ignoresLinesThatAreNotProgress() {
        var progress = BuildProgress()
        for line in ["", "Sending build context", "#x nonsense", "#", "# 1 2", "#12"] {
            #expect(progress.consume(Substring(line)) == .none)
        }
        #expect(progress.steps.isEmpty && progress.cacheHitRate == nil)
    }

    @Test func explainsOfflineSyntaxLines() {
        var progress = BuildProgress()
        progress.consume("#3 [internal] load metadata for docker.io/docker/dockerfile:1")
        progress.consume(
            "#3 ERROR: failed to do request: Head https://registry-1.docker.io/v2/docker/dockerfile/manifests/1: dial tcp: lookup registry-1.docker.io: no such host"
        )
        #expect(
            BuildRunner.hint(progress, dockerfile: "api/Dockerfile")?.contains("api/Dockerfile: its `# syntax=` line") == true)
    }
}
