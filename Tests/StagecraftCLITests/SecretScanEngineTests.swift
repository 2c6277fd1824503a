import Foundation
import TestSupport
import Testing

/// `stagecraft scan --scanners secret` on an image built on the engine with planted secrets: in
/// files, in a file a later layer deletes, in a build argument BuildKit records in the history,
/// and in an `ENV`. Every one is found where it is, and no output shows a value.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class SecretScanEngineTests {
    private let folder: URL
    private let tag = "stagecraft-test/secrets:1"

    init() throws { folder = try Paths.temporaryDirectory("secret-scan") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f", tag], timeout: 60)
    }

    static let values = [
        Planted.urlPassword, Planted.slackToken, Planted.awsKeyID, Planted.awsSecret, Planted.buildArgument,
        Planted.githubToken, "MIIEowIBAAKCAQEA",
    ]

    func build() throws {
        let app = folder.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        let files = [
            ".env": "DB_PASSWORD=\(Planted.urlPassword)\nPORT=8080\n",
            "config.json": "{\"slack\": \"\(Planted.slackToken)\"}\n",
            "settings.py": "aws_access_key_id = \"\(Planted.awsKeyID)\"\naws_secret_access_key = \"\(Planted.awsSecret)\"\n",
            "id_rsa": Planted.privateKey,
            "README.txt": "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: app.appendingPathComponent(name)) }
        try Data(
            """
            FROM stagecraft/busybox:local
            ARG NPM_TOKEN
            COPY app/ /srv/app/
            RUN rm /srv/app/id_rsa && echo "$NPM_TOKEN" > /dev/null
            ENV GITHUB_TOKEN=\(Planted.githubToken)

            """.utf8
        ).write(to: folder.appendingPathComponent("Dockerfile"))
        let built = try Engine.docker([
            "build", "-q", "-t", tag, "--build-arg", "NPM_TOKEN=\(Planted.buildArgument)", folder.path,
        ])
        try #require(built.status == 0, "\(built.stderrText)")
    }

    @Test func plantedSecretsAreFoundWhereTheyAreAndNeverShown() throws {
        try build()
        func scan(_ format: String, _ extra: [String] = []) throws -> ProcessResult {
            try ProcessRunner.run(
                Paths.stagecraft.path, ["scan", tag, "--scanners", "secret", "--format", format] + extra,
                environment: ["STAGECRAFT_DOCKER": Engine.client], directory: folder, timeout: 300)
        }
        let json = try scan("json")
        #expect(json.status == 0, "\(json.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let secrets = try #require(document["secrets"] as? [[String: Any]])
        let found = Set(secrets.map { "\($0["rule"] as? String ?? "") \($0["location"] as? String ?? "")" })
        #expect(
            found.filter { !$0.hasPrefix("secret-variable history") }
                == Set([
                    "env-file-password /srv/app/.env:1", "slack-access-token /srv/app/config.json:1",
                    "aws-access-key-id /srv/app/settings.py:1", "aws-secret-access-key /srv/app/settings.py:2",
                    "private-key /srv/app/id_rsa:1", "github-pat ENV GITHUB_TOKEN",
                ]), "\(found.sorted())")
        #expect(found.filter { $0.hasPrefix("secret-variable history") }.count == 1, "the build argument in the history")
        let key = try #require(secrets.first { $0["rule"] as? String == "private-key" })
        let layer = try #require(key["layer"] as? Int)
        #expect((key["deletedInLayer"] as? Int).map { $0 > layer } == true, "\(key)")
        #expect(document["vulnerabilities"] == nil, "only the secret scanner ran")

        for format in ["table", "json", "sarif", "junit", "github", "markdown"] {
            let result = try scan(format)
            for value in Self.values {
                #expect(!result.stdoutText.contains(value) && !result.stderrText.contains(value), "\(format) shows \(value)")
            }
        }
        // With the Dockerfile, each finding names the line that made its layer, and SARIF points there.
        let dockerfile = folder.appendingPathComponent("Dockerfile").path
        let located = try scan("json", ["--dockerfile", dockerfile])
        let locatedSecrets =
            (try JSONSerialization.jsonObject(with: located.stdout) as? [String: Any])?["secrets"] as? [[String: Any]] ?? []
        let lines = Set(locatedSecrets.map { "\($0["rule"] as? String ?? "") \($0["dockerfileLine"] as? String ?? "-")" })
        #expect(
            lines == [
                "env-file-password \(dockerfile):3", "slack-access-token \(dockerfile):3", "aws-access-key-id \(dockerfile):3",
                "aws-secret-access-key \(dockerfile):3", "private-key \(dockerfile):3", "github-pat \(dockerfile):5",
                "secret-variable \(dockerfile):4",
            ], "\(lines.sorted())")
        let locatedSARIF = try scan("sarif", ["--dockerfile", dockerfile])
        #expect(locatedSARIF.stdoutText.contains("\"startLine\" : 4"), "the build argument at the RUN line")
        let failing = try scan("table", ["--fail-on", "high"])
        #expect(failing.status == 1 && failing.stdoutText.contains("deleted in"), "\(failing.stdoutText)")
        let sarif = try scan("sarif")
        let log = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
        let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == secrets.count)
    }
}
