import Foundation
import TestSupport
import Testing

@testable import StagecraftCompose

@Suite struct InterpolationTests {
    let interpolator = Interpolator(variables: ["TAG": "1.2", "EMPTY": ""])

    @Test(arguments: [
        ("app:$TAG", "app:1.2"), ("app:${TAG}", "app:1.2"), ("${MISSING:-dev}", "dev"), ("${EMPTY:-dev}", "dev"),
        ("${EMPTY-dev}", ""), ("${MISSING-dev}", "dev"), ("${TAG:+set}", "set"), ("${EMPTY:+set}", ""), ("${EMPTY+set}", "set"),
        ("$$TAG", "$TAG"), ("${MISSING:-${TAG}}", "1.2"), ("plain", "plain"),
    ])
    func interpolatesLikeCompose(input: String, expected: String) throws {
        #expect(try interpolator.interpolate(input) == expected)
    }

    @Test func requiredVariablesFail() {
        #expect(throws: Interpolator.Failure.self) { try interpolator.interpolate("${MISSING:?set MISSING}") }
        #expect(throws: Interpolator.Failure.self) { try interpolator.interpolate("${EMPTY:?}") }
        #expect(throws: Interpolator.Failure.self) { try interpolator.interpolate("${TAG") }
    }

    @Test func readsDotEnv() {
        let values = parseDotEnv("# comment\nA=1\nexport B=\"two words\"\nC='x#y'\nD=value # trailing\n\n")
        #expect(values == ["A": "1", "B": "two words", "C": "x#y", "D": "value"])
    }
}

@Suite struct ComposeLoaderTests {
    func load(_ text: String, env: [String: String] = [:], dotEnv: String? = nil) throws -> ComposeProject {
        let folder = try Paths.temporaryDirectory("compose")
        let file = folder.appendingPathComponent("compose.yaml")
        try Data(text.utf8).write(to: file)
        if let dotEnv { try Data(dotEnv.utf8).write(to: folder.appendingPathComponent(".env")) }
        return try ComposeLoader(environment: env).load(file.path)
    }

    @Test func projectNamesFollowComposeNormalization() throws {
        #expect(try load("name: ${STACK:-My Shop.v2}\nservices: {}\n").name == "myshopv2")
        #expect(try load("name: ${STACK}\nservices: {}\n", env: ["STACK": "Prod_API-1"]).name == "prod_api-1")
        let unnamed = try load("services: {}\n")
        #expect(unnamed.name.hasPrefix("compose-"), "the folder name: \(unnamed.name)")
    }

    @Test func readsBuildsInBothForms() throws {
        let project = try load(
            """
            services:
              web:
                build: ./web
              api:
                build:
                  context: ./api
                  dockerfile: Dockerfile.prod
                  target: ${TARGET:-runtime}
                  args: [A=1, B=2]
                  cache_from: [api:cache]
                  tags: [api:latest]
                depends_on:
                  db:
                    condition: service_healthy
                profiles: [full]
              db:
                image: postgres:16
                healthcheck:
                  test: ["CMD", "pg_isready"]
                  retries: 5
            """, dotEnv: "TARGET=development\n")
        #expect(project.services.map(\.name) == ["web", "api", "db"])
        #expect(project.service("web")?.build?.context == "./web")
        let api = try #require(project.service("api")?.build)
        #expect(api.dockerfile == "Dockerfile.prod" && api.target == "development")
        #expect(api.args == ["A": "1", "B": "2"])
        #expect(api.cacheFrom.map(\.value) == ["api:cache"] && api.targetLocation?.line == 8)
        #expect(project.service("api")?.dependsOn.first?.condition == "service_healthy")
        #expect(project.service("db")?.healthcheck?.retries == 5)
    }

    @Test func processEnvironmentWinsOverDotEnv() throws {
        let project = try load("services:\n  api:\n    image: api:${TAG}\n", env: ["TAG": "env"], dotEnv: "TAG=file\n")
        #expect(project.service("api")?.image == "api:env")
    }

    @Test(arguments: [
        ("services:\n  api:\n    environment: [\"=x\"]\n", 3, "services.api.environment[0]"),
        ("services:\n  api:\n    image: ${NEEDED:?set NEEDED}\n", 3, "services.api.image"),
        (
            "services:\n  api:\n    depends_on:\n      db:\n        condition: service_ready\n", 5,
            "services.api.depends_on.db.condition"
        ),
        ("services: [a, b]\n", 1, "services"),
    ])
    func errorsNameFileLineAndKeyPath(text: String, line: Int, keyPath: String) throws {
        let error = try #require(throws: ComposeError.self) { try load(text) }
        #expect(error.location.line == line)
        #expect(error.location.keyPath == keyPath)
        #expect(error.description.contains("compose.yaml:\(line): \(keyPath)"))
    }
}
