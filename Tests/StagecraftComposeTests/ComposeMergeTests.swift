import Foundation
import TestSupport
import Testing

@testable import StagecraftCompose

/// Several compose files merged by the compose specification's rules (compose-spec 13-merge.md).
@Suite final class ComposeMergeTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("merge") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let base = """
        name: shop
        services:
          api:
            build:
              context: ./api
              target: runtime
              args: {NODE_ENV: production, REGION: eu}
              tags: [shop/api:1]
              cache_from: [shop/api:cache]
            image: shop/api:runtime
            ports: ["3000:3000"]
            environment: {LOG: info, PORT: "3000"}
            profiles: [web]
            healthcheck:
              test: ["CMD", "wget", "-q", "http://localhost:3000/health"]
              interval: 10s
            depends_on:
              db: {condition: service_started}
          db:
            image: postgres:16

        """

    static let override = """
        services:
          api:
            build:
              target: development
              args: [NODE_ENV=development, DEBUG=1]
              tags: [shop/api:1, shop/api:dev]
            ports: ["3000:3000", "9229:9229"]
            environment: [LOG=debug]
            profiles: [web, dev]
            healthcheck:
              test: ["CMD", "true"]
            depends_on:
              db: {condition: service_healthy}
              cache: {condition: service_started}
          cache:
            image: redis:7
            profiles: [dev]

        """

    @Test func laterFilesMergeOverEarlierOnesByTheSpecRules() throws {
        let project = try ComposeLoader(environment: [:]).load([
            try write("compose.yaml", Self.base), try write("compose.override.yaml", Self.override),
        ])
        #expect(project.name == "shop", "an override without name: keeps the first file's")
        #expect(project.files.count == 2)
        #expect(project.services.map(\.name) == ["api", "db", "cache"])
        let api = try #require(project.service("api"))
        let build = try #require(api.build)
        #expect(build.context == "./api", "context is kept when the override does not write it")
        #expect(build.target == "development")
        #expect(build.targetLocation?.file.hasSuffix("compose.override.yaml") == true)
        #expect(build.args == ["NODE_ENV": "development", "REGION": "eu", "DEBUG": "1"], "list and map forms merge by key")
        #expect(build.tags == ["shop/api:1", "shop/api:dev"])
        #expect(build.cacheFrom.map(\.value) == ["shop/api:cache"])
        #expect(api.image == "shop/api:runtime")
        #expect(api.ports == ["3000:3000", "9229:9229"])
        #expect(api.environment == ["LOG": "debug", "PORT": "3000"])
        #expect(api.profiles == ["web", "dev"])
        #expect(api.healthcheck?.test == ["CMD", "true"], "healthcheck.test is replaced, not appended")
        #expect(api.healthcheck?.interval == "10s")
        #expect(api.dependsOn.map { "\($0.service):\($0.condition)" } == ["db:service_healthy", "cache:service_started"])
    }

    @Test func resetAndOverrideTagsReplaceInsteadOfMerging() throws {
        let tagged = """
            services:
              api:
                build:
                  args: !override {NODE_ENV: test}
                  tags: !reset []
                  target: !reset null
                ports: !override ["8080:3000"]
                environment: !reset {}
                profiles: !reset []
                healthcheck: !reset null
                depends_on: !override
                  cache: {condition: service_started}
                image: !reset null

            """
        let project = try ComposeLoader(environment: [:]).load([
            try write("compose.yaml", Self.base), try write("compose.test.yaml", tagged),
        ])
        let api = try #require(project.service("api"))
        let build = try #require(api.build)
        #expect(build.args == ["NODE_ENV": "test"], "!override takes the later map whole")
        #expect(build.tags.isEmpty && build.target == nil, "!reset goes back to the default")
        #expect(build.context == "./api" && build.cacheFrom.map(\.value) == ["shop/api:cache"], "untagged keys still merge")
        #expect(api.ports == ["8080:3000"])
        #expect(api.environment.isEmpty && api.profiles.isEmpty && api.healthcheck == nil && api.image == nil)
        #expect(api.dependsOn.map(\.service) == ["cache"])
        // Alone, a file's tags change nothing but the reset keys.
        let alone = try ComposeLoader(environment: [:]).load([try write("only.yaml", tagged)])
        #expect(alone.service("api")?.ports == ["8080:3000"] && alone.service("api")?.image == nil)
    }

    @Test func aLaterNameWinsAndNotesAndErrorsNameTheFileTheyAreIn() throws {
        let first = try write("a.yaml", Self.base)
        let renamed = try ComposeLoader(environment: [:]).load([first, try write("b.yaml", "name: shop-ci\nservices: {}\n")])
        #expect(renamed.name == "shop-ci")
        let typo = try write("c.yaml", "services:\n  api:\n    biuld: {target: x}\n")
        let noted = try ComposeLoader(environment: [:]).load([first, typo]).warnings
        #expect(noted.count == 1 && noted[0].location.file.hasSuffix("c.yaml") && noted[0].location.line == 3)
        let wrong = try write("d.yaml", "services:\n  api:\n    healthcheck: {retries: many}\n")
        let error = try #require(throws: ComposeError.self) { try ComposeLoader(environment: [:]).load([first, wrong]) }
        #expect(error.location.file.hasSuffix("d.yaml") && error.location.line == 3)
    }

    @Test func defaultFilesIncludeTheOverrideAndHonourComposeFile() throws {
        _ = try write("compose.yaml", Self.base)
        #expect(
            ComposeLoader.defaultFiles(in: folder.path, environment: [:]).map { ($0 as NSString).lastPathComponent } == [
                "compose.yaml"
            ])
        _ = try write("compose.override.yaml", Self.override)
        #expect(
            ComposeLoader.defaultFiles(in: folder.path, environment: [:]).map { ($0 as NSString).lastPathComponent } == [
                "compose.yaml", "compose.override.yaml",
            ])
        #expect(
            ComposeLoader.defaultFiles(environment: ["COMPOSE_FILE": "x.yml;y.yml", "COMPOSE_PATH_SEPARATOR": ";"]) == [
                "x.yml", "y.yml",
            ])
    }
}
