import Foundation
import StagecraftConfiguration
import StagecraftImage
import TestSupport
import Testing

@testable import StagecraftScan

/// Secret rules on planted texts, the allow list, and an image with secrets in a deleted file,
/// a layer file, the config and the history.
@Suite final class SecretScanTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("secrets") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func eachRuleFindsItsKindAndTheValueIsNeverShown() {
        #expect(SecretRule.builtIn.filter { $0.expression == nil }.map(\.id).isEmpty, "patterns that do not compile")
        #expect(SecretScanner.noisePaths.count == 17, "noise-path patterns that do not compile")
        let scanner = SecretScanner()
        let cases: [(String, String)] = [
            ("aws-access-key-id", "aws_access_key_id = \(Planted.awsKeyID)"),
            ("aws-secret-access-key", "aws_secret_access_key = \(Planted.awsSecret)"),
            ("github-pat", "export GITHUB_TOKEN=\(Planted.githubToken)"),
            ("gitlab-pat", "token: \(Planted.gitlabToken)"),
            ("slack-access-token", "SLACK=\(Planted.slackToken)"),
            ("stripe-secret-token", "stripe.api_key = '\(Planted.stripeKey)'"),
            ("jwt-token", "Authorization: Bearer \(Planted.jwt)"),
            ("url-password", "DATABASE_URL=postgres://app:\(Planted.urlPassword)@db:5432/app"),
            ("password-assignment", "    \"password\": \"\(Planted.urlPassword)\","),
            ("env-file-password", "DB_PASSWORD=\(Planted.urlPassword)"),
            ("env-file-password", "password = \(Planted.urlPassword)"),
            ("env-file-password", "  secret_key: \(Planted.urlPassword)"),
            ("password-assignment", "SECRET_KEY = '\(Planted.urlPassword)'"),
            ("google-api-key", "maps_key = \"\(Planted.googleKey)\""),
            ("gitlab-token", "CI_DEPLOY=\(Planted.gitlabDeployToken)"),
        ]
        for (rule, line) in cases {
            let found = scanner.matches(in: "# config\n\(line)\n")
            #expect(found.contains { $0.rule == rule && $0.line == 2 }, "\(rule): \(found.map(\.rule))")
            for match in found {
                for secret in [
                    Planted.awsKeyID, Planted.awsSecret, Planted.githubToken, Planted.gitlabToken, Planted.slackToken,
                    Planted.stripeKey, Planted.jwt, Planted.urlPassword, Planted.googleKey, Planted.gitlabDeployToken,
                ] {
                    #expect(!match.excerpt.contains(secret), "\(rule) shows a secret: \(match.excerpt)")
                }
                #expect(match.excerpt.contains("*****"))
            }
        }
        let key = scanner.matches(in: "config = 1\n" + Planted.privateKey)
        #expect(key.map(\.rule) == ["private-key"] && key.first?.line == 2)
        #expect(key.first?.excerpt == "-----BEGIN RSA PRIVATE KEY-----", "the line it starts on; the key itself is not shown")
    }

    @Test func placeholdersReferencesAndBinariesAreNotSecrets() {
        let scanner = SecretScanner()
        let quiet = """
            DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app
            url = "https://user:password@example.com/"
            password = "changeme"
            token: "<your token here>"
            API_KEY=$API_KEY
            secret_file = "/run/secrets/api_key"
            ghp_short_not_a_token
            "hashed_secret": "4b9f2c1d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c",
            password = "somefakekey"
            sl-apikey: "insert_key_here"
            token: settings.API_TOKEN
            password: correcthorsebattery
            password = get_password(user)
            """
        #expect(scanner.matches(in: quiet).isEmpty, "\(scanner.matches(in: quiet))")
        var binary = Array("ELF".utf8) + [0, 0, 1]
        binary += Array("\(Planted.githubToken)".utf8)
        #expect(scanner.matches(in: binary).isEmpty)
        var settings = SecretSettings()
        settings.disable = ["github-pat"]
        #expect(SecretScanner(settings: settings).matches(in: Planted.githubToken).isEmpty)
    }

    @Test func noisePathsAreSkippedAndSkipPathsAdded() {
        var settings = SecretSettings()
        settings.skipPaths = ["app/fixtures/*"]
        let scanner = SecretScanner(settings: settings)
        for path in [
            "usr/share/doc/openssl/README", "usr/lib/python3/dist-packages/x.py", "app/tests/keys.pem", "srv/README.md",
            "usr/local/lib/python3.11/site-packages/a.py", "app/fixtures/token.txt",
        ] {
            #expect(!scanner.reads(path), "\(path)")
        }
        for path in ["app/.env", "root/.aws/credentials", "etc/app/config.yaml", "srv/contest.txt"] {
            #expect(scanner.reads(path), "\(path)")
        }
    }

    /// The same files through detect-secrets: every line it reports with a detector of a kind
    /// the rules cover, they report too; neither reports the placeholders.
    @Test func findsWhatDetectSecretsFindsOfTheKindsBothCover() throws {
        guard Paths.executable(named: "detect-secrets") != nil else {
            if Paths.isCI { Issue.record("detect-secrets is not installed; scripts/test.sh installs it") }
            return
        }
        let files: [String: String] = [
            ".env":
                "DB_PASSWORD=\(Planted.urlPassword)\nPORT=8080\nDATABASE_URL=postgres://app:\(Planted.urlPassword)@db:5432/app\n",
            "config.json":
                "{\"slack\": \"\(Planted.slackToken)\",\n \"stripe\": \"\(Planted.stripeKey)\",\n \"password\": \"\(Planted.urlPassword)\"}\n",
            "settings.py":
                "aws_access_key_id = \"\(Planted.awsKeyID)\"\naws_secret_access_key = \"\(Planted.awsSecret)\"\nGITHUB = \"\(Planted.githubToken)\"\nGITLAB = \"\(Planted.gitlabToken)\"\n",
            "jwt.txt": "Authorization: Bearer \(Planted.jwt)\n",
            "id_rsa": Planted.privateKey,
            "quiet.txt": "url = https://user:${PASS}@example.com/\npassword = os.environ['X']\nname: app\n",
        ]
        let tree = folder.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: tree.appendingPathComponent(name)) }
        // Its library, file by file: its command line scans in a process pool that stalls when
        // started from the test runner.
        let script = """
            import json, sys
            from detect_secrets import SecretsCollection
            from detect_secrets.settings import default_settings
            results = {}
            with default_settings():
                for name in sys.argv[1:]:
                    collection = SecretsCollection()
                    collection.scan_file(name)
                    results.update(collection.json())
            print(json.dumps({"results": results}))
            """
        let result = try ProcessRunner.run(
            "/usr/bin/env", ["python3", "-c", script] + files.keys.sorted(), directory: tree, timeout: 120)
        #expect(result.status == 0, "\(result.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let covered: Set<String> = [
            "AWS Access Key", "Basic Auth Credentials", "Slack Token", "Stripe Access Key", "Private Key", "JSON Web Token",
            "GitHub Token", "GitLab Token", "Secret Keyword",
        ]
        var theirs: Set<String> = []
        for (file, results) in document["results"] as? [String: [[String: Any]]] ?? [:] {
            for found in results where covered.contains(found["type"] as? String ?? "") {
                theirs.insert("\(file.hasPrefix("./") ? String(file.dropFirst(2)) : file):\(found["line_number"] as? Int ?? 0)")
            }
        }
        var ours: Set<String> = []
        let scanner = SecretScanner()
        for (name, text) in files {
            for match in scanner.matches(in: Array(text.utf8)) { ours.insert("\(name):\(match.line)") }
        }
        #expect(theirs.count >= 10, "detect-secrets found \(theirs.sorted())")
        #expect(theirs.subtracting(ours).isEmpty, "only detect-secrets: \(theirs.subtracting(ours).sorted())")
        // What only the rules find: a password in an environment file (detect-secrets' keyword
        // detector reads quoted values only).
        #expect(ours.subtracting(theirs) == [".env:1"], "only stagecraft: \(ours.subtracting(theirs).sorted())")
    }

    /// An image: layer 0 adds `/app/.env` and `/app/key.pem`; layer 1 deletes the key (a
    /// whiteout) and adds a config with a token; the config sets a secret `ENV`, and the history
    /// records a build argument.
    func image() throws -> Image {
        var first = TarWriter()
        first.add("app/", kind: .directory)
        first.add("app/.env", Array("DB_PASSWORD=\(Planted.urlPassword)\nPORT=8080\n".utf8))
        first.add("app/key.pem", Array(Planted.privateKey.utf8))
        first.add("usr/share/doc/x/README", Array("token \(Planted.githubToken)".utf8))
        var second = TarWriter()
        second.add("app/.wh.key.pem")
        second.add("app/config.json", Array("{\"slack\": \"\(Planted.slackToken)\"}".utf8))
        let layers = [first.finish(), second.finish()]
        var writer = TarWriter()
        var diffIDs: [String] = []
        for (index, bytes) in layers.enumerated() {
            writer.add("l\(index)/layer.tar", bytes)
            diffIDs.append(try TestCompression.sha256(bytes))
        }
        let config: [String: Any] = [
            "architecture": "amd64", "os": "linux",
            "config": [
                "Env": [
                    "PATH=/usr/bin", "API_TOKEN=\(Planted.buildArgument)", "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
                ],
                "Labels": ["maintainer": "ops", "deploy.key": Planted.githubToken],
            ],
            "rootfs": ["type": "layers", "diff_ids": diffIDs],
            "history": [
                ["created_by": "COPY app /app # buildkit"],
                ["created_by": "ARG NPM_TOKEN=\(Planted.buildArgument)", "empty_layer": true],
                ["created_by": "RUN |1 NPM_TOKEN=\(Planted.buildArgument) /bin/sh -c rm /app/key.pem # buildkit"],
                ["created_by": "ENV API_TOKEN=\(Planted.buildArgument)", "empty_layer": true],
            ],
        ]
        writer.add("cfg.json", Array(try JSONSerialization.data(withJSONObject: config)))
        writer.add(
            "manifest.json",
            Array(#"[{"Config":"cfg.json","RepoTags":["secrets:1"],"Layers":["l0/layer.tar","l1/layer.tar"]}]"#.utf8))
        let url = folder.appendingPathComponent("secrets.tar")
        try Data(writer.finish()).write(to: url)
        return try ImageArchiveReader(capture: SecretScanner().capture).read(path: url.path)
    }

    @Test func anImageSecretsInLayersDeletedFilesConfigAndHistory() throws {
        let image = try image()
        // Only files with a match are kept from the read.
        #expect(image.layers[0].captured.keys.sorted() == ["app/.env", "app/key.pem"])
        let (findings, allowed) = SecretScan.run(image, scanner: SecretScanner())
        #expect(allowed.isEmpty)
        let summary = findings.map { "\($0.match.rule) \($0.location) \($0.layer.map(String.init) ?? "-")" }
        #expect(
            summary.sorted() == [
                "env-file-password /app/.env:1 0",
                "github-pat LABEL deploy.key -",
                "private-key /app/key.pem:1 0",
                "secret-variable ENV API_TOKEN -",
                "secret-variable history 2 -",
                "secret-variable history 3 1",
                "slack-access-token /app/config.json:1 1",
            ], "\(summary)")
        let key = try #require(findings.first { $0.match.rule == "private-key" })
        #expect(key.place == .file(path: "app/key.pem", layer: 0, hiddenBy: 1))
        let everything = findings.map { "\($0.match.excerpt) \($0.instruction)" }.joined(separator: "\n")
        for secret in [Planted.urlPassword, Planted.buildArgument, Planted.githubToken, Planted.slackToken, "MIIE"] {
            #expect(!everything.contains(secret), "shown: \(secret) in\n\(everything)")
        }

        var settings = SecretSettings()
        settings.allow = [
            SecretAllowSettings(rule: "private-key", reason: "a test key"),
            SecretAllowSettings(path: "env:API_TOKEN", reason: "a dummy for the demo"),
            SecretAllowSettings(path: "/app/*.json", reason: "revoked"),
        ]
        let narrowed = SecretScan.run(image, scanner: SecretScanner(settings: settings))
        #expect(narrowed.findings.count == 4)
        #expect(narrowed.allowed.map(\.reason).sorted() == ["a dummy for the demo", "a test key", "revoked"])
    }

    /// The history is matched to the target stage's instructions (after its base stage's) from
    /// the end; instructions that write no entry are passed over.
    @Test func layersAreTracedToTheDockerfileLinesThatMadeThem() throws {
        let dockerfile = """
            FROM stagecraft/busybox:local AS base
            WORKDIR /srv
            FROM base AS app
            COPY app /app
            ARG NPM_TOKEN
            RUN rm /app/key.pem
            ENV API_TOKEN=x
            FROM base AS other
            RUN true

            """
        let origins = try LayerOrigins(image: try image(), dockerfile: "Dockerfile", text: dockerfile, target: "app")
        #expect(origins.byLayer.mapValues(\.text) == [0: "Dockerfile:4", 1: "Dockerfile:6"])
        #expect(origins.byHistory.mapValues(\.line) == [0: 4, 1: 5, 2: 6, 3: 7])
        #expect(origins.byVariable["API_TOKEN"]?.line == 7)
        #expect(LayerOrigins.keyword("/bin/sh -c #(nop)  COPY file:abc in /app ") == "copy")
        #expect(LayerOrigins.keyword("/bin/sh -c apt-get update") == "run")
        #expect(LayerOrigins.keyword("|1 A=b /bin/sh -c make") == "run")
        #expect(LayerOrigins.keyword("bazel build") == nil)
        #expect {
            try LayerOrigins(image: try image(), dockerfile: "Dockerfile", text: dockerfile, target: "missing")
        } throws: { error in
            "\(error)".hasPrefix("Dockerfile")
        }
    }
}
