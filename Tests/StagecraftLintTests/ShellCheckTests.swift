import Foundation
import TestSupport
import Testing

@testable import StagecraftLint

/// ShellCheck on RUN: the same SC codes hadolint reports, on the exact line inside the RUN.
@Suite struct ShellCheckTests {
    static let dockerfile = """
        FROM debian:12-slim
        ARG VERSION=1
        ENV APP_HOME=/app
        RUN --mount=type=cache,target=/var/cache/apt apt-get update && \\
            # fetch the tools
            echo $VERSION $APP_HOME && \\
            cd /tmp && ls $HOME/*.txt
        # hadolint ignore=SC2086
        RUN echo $UNSET_ONE
        RUN echo $UNSET_TWO
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        RUN [ $FOO == bar ] && echo ok
        RUN ["sh", "-c", "echo $UNQUOTED"]
        RUN <<EOF
        echo $IN_HEREDOC
        EOF

        """

    func shellCheck() -> ShellCheck? {
        let found = ShellCheck.find()
        if found == nil && Paths.isCI { Issue.record("shellcheck is not installed; scripts/test.sh installs it") }
        return found
    }

    @Test func findingsLandOnTheLineInsideTheRun() throws {
        guard let shellCheck = shellCheck() else { return }
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(Self.dockerfile.utf8))
        let findings = shellCheck.findings(document, suppressions: Suppressions(document, honourInline: true))
        let located = findings.map { "\($0.line):\($0.ruleID)" }.sorted()
        // $VERSION and $APP_HOME are declared, so only $HOME/*.txt (line 7) is unquoted there; the
        // suppressed one on line 9 is gone; the heredoc's body is checked from its own line, and
        // the exec-form RUN is not checked.
        #expect(located == ["10:SC2086", "12:SC2086", "15:SC2086", "7:SC2086"], "\(findings.map(\.message))")
        #expect(findings.first { $0.line == 12 }?.column == 7)
        #expect(findings.allSatisfy { $0.severity == .info })
    }

    /// hadolint embeds ShellCheck and reports at each RUN's first line: the codes must agree.
    @Test func codesAgreeWithHadolint() throws {
        guard let shellCheck = shellCheck(), let hadolint = Paths.executable(named: "hadolint") else {
            if Paths.isCI { Issue.record("hadolint or shellcheck missing") }
            return
        }
        let folder = try Paths.temporaryDirectory("shellcheck")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("Dockerfile")
        try Data(Self.dockerfile.utf8).write(to: url)
        let run = try ProcessRunner.run(hadolint, ["--no-fail", "-f", "json", url.path])
        let theirs = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        let theirCodes = Set(
            theirs.compactMap { finding -> String? in
                guard let code = finding["code"] as? String, code.hasPrefix("SC") else { return nil }
                return "\(finding["line"] as? Int ?? 0):\(code)"
            })
        let document = try DockerfileDocument(path: url.path, source: Array(Self.dockerfile.utf8))
        let runStarts = document.stages.flatMap(\.instructions).filter { $0.command == "run" }.map(\.startLine)
        let ours = Set(
            shellCheck.findings(document, suppressions: Suppressions(document, honourInline: true)).map { finding in
                "\(runStarts.last { $0 <= finding.line } ?? 0):\(finding.ruleID)"
            })
        // Debian's ShellCheck and the one built into hadolint differ by version; none of these
        // codes is one of those differences.
        #expect(ours == theirCodes)
    }

    /// Flags continued over lines are not script text, and a stage runs with its parent's SHELL.
    @Test func flagsOnContinuationLinesAndInheritedShells() throws {
        guard let shellCheck = shellCheck() else { return }
        let text = """
            FROM debian:12-slim AS base
            SHELL ["/bin/bash", "-c"]
            FROM base AS build
            RUN --mount=type=cache,target=/var/cache/apt \\
                --mount=type=cache,target=/var/lib/apt \\
                if [[ "$(uname -m)" == "x86_64" ]]; then echo amd64; fi

            """
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(text.utf8))
        let findings = shellCheck.findings(document, suppressions: Suppressions(document, honourInline: true))
        #expect(findings.isEmpty, "\(findings.map { "\($0.line): \($0.ruleID) \($0.message)" })")
    }
}
