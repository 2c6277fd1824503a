import Foundation
import TestSupport
import Testing

/// Projects laid out as real ones are: a development override beside the main compose file,
/// Next.js lock-file wildcards, files named like Dockerfiles that are not, and a Dockerfile
/// built from a parent folder.
@Suite final class RealProjectShapesTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("shapes") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws {
        try Paths.write(text, to: name, in: folder)
    }

    func lint(_ arguments: [String] = []) throws -> (ProcessResult, [[String: Any]]) {
        let result = try ProcessRunner.run(
            Paths.stagecraft.path, ["lint", "--format", "json", "--failure-threshold", "error"] + arguments + [folder.path])
        let findings = (try? JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]) ?? []
        return (result, findings)
    }

    static let web = """
        FROM node:22-slim AS deps
        WORKDIR /app
        COPY package.json yarn.lock* package-lock.json* pnpm-lock.yaml* ./
        RUN npm ci

        FROM deps AS development
        COPY . .
        CMD ["npm", "run", "dev"]

        FROM deps AS runtime
        COPY . .
        RUN npm run build
        USER node
        CMD ["npm", "start"]

        """

    @Test func overrideFileIsMergedAndLockFileWildcardsAreFine() throws {
        try write("web/Dockerfile", Self.web)
        try write("web/package.json", "{\"scripts\": {\"dev\": \"next dev\", \"build\": \"next build\"}}")
        try write("web/package-lock.json", "{}")
        try write("compose.yaml", "services:\n  web:\n    build:\n      context: ./web\n      target: runtime\n")
        try write("docker-compose.dev.yml", "services:\n  web:\n    build:\n      target: development\n")
        let (result, findings) = try lint()
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(!codes.contains("copy-source-missing"), "\(findings)")
        // The override builds `development`, so it is not an unreachable stage.
        #expect(
            !findings.contains {
                $0["code"] as? String == "unreachable-stage" && ($0["message"] as? String ?? "").contains("development")
            },
            "\(findings)")
        #expect(!codes.contains("compose-invalid") && !codes.contains("compose-target-missing"), "\(findings)")
        #expect(result.status == 0, "\(findings)")
    }

    @Test func filesThatAreNotDockerfilesAreSkippedAndSaidSoWhenVerbose() throws {
        try write("Dockerfile", "FROM alpine:3.20\nHEALTHCHECK NONE\nUSER 1000\n")
        try write("policy/dockerfile.rego", "package builtin.dockerfile\n\ndeny[msg] { msg := \"x\" }\n")
        try write("internal/dockerfile.go", "package dockerfile\n")
        let (_, findings) = try lint()
        #expect(findings.allSatisfy { ($0["file"] as? String ?? "").hasSuffix("/Dockerfile") }, "\(findings)")
        let verbose = try ProcessRunner.run(Paths.stagecraft.path, ["lint", "--verbose", folder.path])
        #expect(verbose.stderrText.contains("dockerfile.rego: skipped: named like a Dockerfile but its text is not one"))
        #expect(verbose.stderrText.contains("dockerfile.go: skipped"))
    }

    @Test func aDockerfileBuiltFromAParentFolderGetsOneNoteNotErrors() throws {
        try write(
            "docker/api.Dockerfile", "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nCOPY src ./src\nCOPY *.md ./\n")
        try write("package.json", "{}")
        try write("src/index.js", "")
        let (result, findings) = try lint()
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(!codes.contains("copy-source-missing"))
        #expect(codes.filter { $0 == "build-context-unknown" }.count == 1)
        #expect(result.status == 0)
    }

    @Test func anUnknownTargetIsAUsageErrorListingTheStages() throws {
        try write("web/Dockerfile", Self.web)
        let result = try ProcessRunner.run(
            Paths.stagecraft.path, ["lint", "--target", "prod", folder.appendingPathComponent("web/Dockerfile").path])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("--target prod names no stage; its stages are deps, development, runtime"))
    }

    @Test func healthChecksAreErrorsOnlyWhereComposeWaitsForThemAndTextEndsWithCounts() throws {
        try write("api/Dockerfile", "FROM node:22-slim\nUSER node\nCMD [\"node\", \"server.js\"]\n")
        try write("worker/Dockerfile", "FROM node:22-slim\nUSER node\nCMD [\"node\", \"worker.js\"]\n")
        try write(
            "compose.yaml",
            """
            services:
              api:
                build: ./api
              worker:
                build: ./worker
                depends_on:
                  api: {condition: service_healthy}
                  db: {condition: service_healthy}
              db:
                image: postgres:16
              cache:
                image: redis:7
            """)
        let (result, findings) = try lint()
        let health = findings.filter { $0["code"] as? String == "compose-healthcheck-missing" }
        let levels = Dictionary(
            health.map { (($0["message"] as? String ?? "").components(separatedBy: " ")[1], $0["level"] as? String ?? "") },
            uniquingKeysWith: { a, _ in a })
        #expect(levels == ["api": "error", "worker": "info", "db": "warning"], "\(health)")
        #expect(result.status == 1)
        let text = try ProcessRunner.run(Paths.stagecraft.path, ["lint", "--no-color", folder.path])
        #expect(
            text.stdoutText.hasSuffix("\n  3  compose-healthcheck-missing\n  2  runtime-user-numeric\n"), "\(text.stdoutText)")
    }

    @Test func bakeFilesAndScriptsNameContextsAndTargets() throws {
        let api = """
            FROM node:22-slim AS deps
            WORKDIR /app
            COPY apps/api/package.json apps/api/package-lock.json ./
            RUN npm ci

            FROM deps AS test
            COPY apps/api ./
            RUN npm test

            FROM deps AS runtime
            COPY apps/api/src ./src
            COPY apps/api/config.json ./
            USER node
            CMD ["node", "src/index.js"]

            """
        try write("apps/api/Dockerfile", api)
        try write("apps/api/package.json", "{}")
        try write("apps/api/package-lock.json", "{}")
        try write("apps/api/src/index.js", "")
        try write("docker-bake.hcl", "target \"api\" {\n  dockerfile = \"apps/api/Dockerfile\"\n  target = \"runtime\"\n}\n")
        try write("scripts/ci.sh", "#!/bin/sh\ndocker build -f apps/api/Dockerfile --target tests .\n")
        let (result, findings) = try lint()
        func lines(_ code: String) -> [String] {
            findings.filter { $0["code"] as? String == code }.map {
                "\(($0["file"] as? String ?? "").replacingOccurrences(of: folder.path + "/", with: "")):\($0["line"] as? Int ?? 0)"
            }
        }
        // The context is the root, as bake says: the missing config.json is a real error.
        #expect(lines("copy-source-missing") == ["apps/api/Dockerfile:12"], "\(findings)")
        #expect(lines("build-context-unknown").isEmpty)
        #expect(lines("build-command-broken") == ["scripts/ci.sh:2"], "\(findings)")
        #expect(result.status == 1)
    }

    /// The seed's Node API shape: a production-only deps stage that a development target and a
    /// TypeScript build both start from.
    @Test func runTimeDefectsAreFoundAndACorrectedStackIsQuiet() throws {
        let broken = """
            FROM node:22-slim AS deps
            WORKDIR /app
            COPY package.json package-lock.json ./
            RUN npm ci --only=production

            FROM deps AS development
            COPY . .
            CMD ["npm", "run", "dev"]

            FROM deps AS build
            COPY . .
            RUN npm run build

            FROM node:22-slim AS runtime
            WORKDIR /app
            COPY --from=deps /app/node_modules ./node_modules
            COPY --from=build /app/dist ./dist
            USER node
            HEALTHCHECK CMD node -e "fetch('http://localhost:3000/health')" || exit 0
            CMD ["node", "dist/index.js"]

            """
        try write("api/Dockerfile", broken)
        try write(
            "api/package.json",
            #"{"scripts": {"dev": "nodemon src/index.ts", "build": "tsc -p ."}, "dependencies": {"express": "4.21.2"}, "devDependencies": {"nodemon": "3.1.9", "typescript": "5.7.2"}}"#
        )
        try write("api/package-lock.json", "{}")
        try write(
            "compose.yaml",
            "services:\n  api:\n    build: {context: ./api, target: runtime}\n  api-dev:\n    build: {context: ./api, target: development}\n"
        )
        var (_, findings) = try lint()
        func lines(_ code: String) -> [Int] {
            findings.filter { $0["code"] as? String == code }.compactMap { $0["line"] as? Int }.sorted()
        }
        #expect(lines("npm-dev-dependency-missing") == [8, 12], "\(findings)")
        #expect(lines("healthcheck-never-fails") == [19], "\(findings)")
        let fixed = broken.replacingOccurrences(of: "RUN npm ci --only=production", with: "RUN npm ci")
            .replacingOccurrences(of: "|| exit 0", with: "|| exit 1")
            .replacingOccurrences(
                of: "COPY --from=deps /app/node_modules ./node_modules",
                with: "COPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force")
        try write("api/Dockerfile", fixed)
        (_, findings) = try lint()
        #expect(lines("npm-dev-dependency-missing").isEmpty && lines("healthcheck-never-fails").isEmpty, "\(findings)")
    }

    /// Shapes that were refused or misjudged on public projects: required variables the deployer
    /// sets, override files in a folder of their own, optional dependencies, profiles a .env turns
    /// on, one-shot jobs, stages picked by ARG, named contexts from bake.
    @Test func deploymentShapesAreReadAsComposeReadsThem() throws {
        try write(
            "compose.yaml",
            """
            services:
              frontend:
                image: shop/frontend:1
                healthcheck: {test: ["CMD", "wget", "-q", "-O-", "http://localhost/"]}
                environment:
                  DOMAIN: ${DOMAIN:?set DOMAIN to the public host name}
              configurator:
                image: shop/tools:1
                command: ["configure"]
              backend:
                image: shop/backend:1
                healthcheck: {test: ["CMD", "true-if-up"]}
                depends_on:
                  configurator: {condition: service_completed_successfully}
                  search: {condition: service_started, required: false}
                  mysql: {condition: service_started}
              search:
                image: opensearch:2
                profiles: [search]
              mysql:
                image: mysql:8
                profiles: [metadata-mysql]
            """)
        try write(".env", "COMPOSE_PROFILES=metadata-${METADATA_DB:-mysql}\n")
        try write(
            "overrides/compose.migrator.yaml",
            """
            services:
              migrator:
                image: shop/tools:1
                command: ["migrate"]
                depends_on:
                  configurator: {condition: service_completed_successfully}
              frontend:
                environment:
                  MIGRATIONS: "on"
            """)
        try write(
            "docker/Dockerfile",
            """
            FROM alpine:3.20 AS build_amd64
            RUN echo x86
            FROM alpine:3.20 AS build_arm64
            RUN echo arm
            FROM build_${TARGETARCH}
            COPY --from=templates /etc/app /etc/app
            USER 1000
            CMD ["app"]

            """)
        try write(
            "docker-bake.hcl",
            "target \"app\" {\n  dockerfile = \"docker/Dockerfile\"\n  contexts = { templates = \"./templates\" }\n}\n")
        let (result, findings) = try lint()
        #expect(result.status != 2, "\(result.stdoutText)")
        let codes = findings.map { "\($0["code"] as? String ?? ""): \($0["message"] as? String ?? "")" }
        #expect(codes.contains { $0.hasPrefix("compose-variable-required: services.frontend.environment.DOMAIN") }, "\(codes)")
        for unexpected in ["compose-profile-dependency", "copy-from-unknown-stage", "unreachable-stage", "compose-invalid"] {
            #expect(!codes.contains { $0.hasPrefix(unexpected) }, "\(codes)")
        }
        // The migrator override is merged onto compose.yaml (configurator is defined there, and
        // frontend keeps its health check); configurator is a one-shot job; pulled images nobody
        // waits for are not reported.
        #expect(!codes.contains { $0.hasPrefix("compose-healthcheck-missing") }, "\(codes)")
    }

    /// Paths as bake files below the root, scripts that change folder, standalone CI compose
    /// files and symbolic links use them.
    @Test func buildsDeclaredFromOtherFoldersResolveAsTheyRun() throws {
        let dockerfile = "FROM alpine:3.20 AS runtime\nCOPY app.sh /app.sh\nUSER 1000\nCMD [\"/app.sh\"]\n"
        try write("docker/Dockerfile.debian", dockerfile)
        try write("app.sh", "")
        // Run as `docker buildx bake -f docker/docker-bake.hcl` from the root; `_defaults` is only inherited.
        try write(
            "docker/docker-bake.hcl",
            "target \"_defaults\" {\n  context = \".\"\n}\ntarget \"debian\" {\n  inherits = [\"_defaults\"]\n  dockerfile = \"docker/Dockerfile.debian\"\n}\n"
        )
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("Dockerfile").path, withDestinationPath: "docker/Dockerfile.debian")
        try write(
            "scripts/release.sh",
            "#!/bin/sh\ncd \"$(dirname \"$0\")/..\"\ndocker build -f docker/Dockerfile.debian --target runtime .\n")
        try write("tools/build.sh", "#!/bin/sh\nBASE=\"$1\"\ncd \"$BASE\"\ndocker build -f images/tool/Dockerfile .\n")
        try write(".ci/Dockerfile", "FROM alpine:3.20\nCOPY app.sh /app.sh\nUSER 1000\nCMD [\"/app.sh\"]\n")
        try write("compose.yaml", "services:\n  app:\n    build: .\n")
        try write(".ci/compose.ci.yaml", "services:\n  app:\n    build:\n      context: ../\n      dockerfile: .ci/Dockerfile\n")
        try write("Dockerfile_base", "FROM alpine:3.20\nRUN git clone https://example.com/tool.git /tool\n")
        let (_, findings) = try lint()
        let located = findings.map {
            "\($0["code"] as? String ?? "") \(($0["file"] as? String ?? "").replacingOccurrences(of: folder.path + "/", with: "")):\($0["line"] as? Int ?? 0)"
        }
        for unexpected in [
            "build-command-broken", "compose-build-path-missing", "build-context-unknown", "dockerfile-outside-project",
        ] {
            #expect(!located.contains { $0.hasPrefix(unexpected) }, "\(located)")
        }
        // The linked Dockerfile is one file, reported once, under its real name.
        #expect(!located.contains { $0.contains(" Dockerfile:") }, "\(located)")
        #expect(located.contains("git-clone-unpinned Dockerfile_base:2"), "\(located)")
    }

    @Test func aWorkspaceRootManifestIsNotTakenAsTheWholeStory() throws {
        try write(
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY packages ./packages\nRUN npm ci --omit=dev\nRUN npx prisma generate\nUSER node\nCMD [\"node\", \"server.js\"]\n"
        )
        try write("package.json", #"{"workspaces": ["packages/*"], "devDependencies": {"prisma": "6.0.0"}}"#)
        try write("package-lock.json", "{}")
        try write("packages/db/package.json", #"{"dependencies": {"prisma": "6.0.0"}}"#)
        let (_, findings) = try lint()
        #expect(!findings.contains { $0["code"] as? String == "npm-dev-dependency-missing" }, "\(findings)")
    }

    /// A source the build needs but git ignores is made by a step before the build (a compiled
    /// binary, a copied .env): a note to check, not an error.
    @Test func gitIgnoredSourcesAreArtifactsNotErrors() throws {
        try write(
            "tools/dev/Dockerfile", "FROM alpine:3.20\nCOPY ./app /usr/bin/app\nCOPY config.yaml /etc/app.yaml\nUSER 1000\n")
        try write("tools/dev/.gitignore", "app\n")
        try write("tools/dev/compose.yaml", "services:\n  app:\n    build: .\n")
        let (result, findings) = try lint()
        let missing = findings.filter { $0["code"] as? String == "copy-source-missing" }.map {
            "\($0["line"] as? Int ?? 0) \($0["level"] as? String ?? "")"
        }
        #expect(missing.sorted() == ["2 info", "3 error"], "\(findings)")
        #expect(result.status == 1)
    }
}
