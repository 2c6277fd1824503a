import Foundation
import TestSupport
import Testing

@testable import StagecraftCompose

/// Files as real projects write them: anchors and merge keys, keys newer than the model,
/// `extends` and `include`, each checked against what `docker compose config` makes of them.
@Suite final class ComposeCompositionTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("composition") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Paths.write(text, to: name, in: folder).path
    }

    func load(_ name: String) throws -> ComposeProject {
        try ComposeLoader(environment: [:]).load(folder.appendingPathComponent(name).path)
    }

    @Test func mergeKeysResolveWithOwnKeysWinning() throws {
        try write(
            "compose.yaml",
            """
            x-common: &common
              build:
                context: .
                target: runtime
              environment: {LOG: info}
              restart: unless-stopped
            x-gpu: &gpu
              environment: {LOG: debug, CUDA: "1"}
              image: comfy:gpu
            services:
              api:
                <<: *common
                image: api:1
              worker:
                <<: [*gpu, *common]
                environment: {LOG: warn}
            """)
        let project = try load("compose.yaml")
        let api = try #require(project.service("api"))
        #expect(api.build?.target == "runtime")
        #expect(api.image == "api:1")
        #expect(api.environment == ["LOG": "info"])
        let worker = try #require(project.service("worker"))
        // Own keys win over merged ones; the earlier mapping in a list wins over a later one.
        #expect(worker.environment == ["LOG": "warn"])
        #expect(worker.image == "comfy:gpu")
        #expect(worker.build?.target == "runtime")
        #expect(project.warnings.isEmpty)
    }

    @Test func aliasBombIsRefusedWithinTheNodeLimit() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(previous)]\n"
        }
        text += "services:\n  api:\n    image: api\n    x-bomb: *a9\n"
        let path = try write("compose.yaml", text)
        #expect {
            try ComposeLoader(environment: [:], nodeLimit: 100_000).load(path)
        } throws: { error in
            (error as? ComposeError)?.message.contains("expands to more than 100000 YAML nodes") == true
        }
    }

    @Test func unknownAndLegacyKeysAreAcceptedAndUnknownOnesNoted() throws {
        try write(
            "compose.yaml",
            """
            version: "3.8"
            services:
              web:
                image: web
                links: [db]
                volumes_from: [db]
                dns_search: example.com
                scale: 2
                healtcheck:
                  test: ["CMD", "true"]
              db:
                image: postgres:16
            volums:
              data: {}
            """)
        let project = try load("compose.yaml")
        #expect(project.services.map(\.name) == ["web", "db"])
        let messages = project.warnings.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("unknown service key healtcheck") && $0.contains("did you mean healthcheck") })
        #expect(messages.contains { $0.contains("unknown top-level key volums") && $0.contains("volumes") })
        #expect(project.warnings.first { $0.message.contains("healtcheck") }?.location.line == 9)
    }

    @Test func environmentEntryWithoutNameIsAnErrorNotACrash() throws {
        try write("compose.yaml", "services:\n  api:\n    image: api\n    environment:\n      - \"=\"\n")
        #expect {
            try self.load("compose.yaml")
        } throws: { error in
            let error = error as? ComposeError
            return error?.message.contains("expected NAME=value") == true && error?.location.line == 5
        }
    }

    @Test func extendsInTheSameFileAndAnotherFolder() throws {
        try write(
            "common/services.yaml",
            """
            services:
              node-base:
                build:
                  context: .
                  dockerfile: node.Dockerfile
                  target: runtime
                environment: {NODE_ENV: production}
                depends_on: [cache]
              cache:
                image: redis
            """)
        try write(
            "compose.yaml",
            """
            services:
              api:
                extends: {file: common/services.yaml, service: node-base}
                environment: {PORT: "3000"}
              api-dev:
                extends: api
                build: {target: development}
            """)
        let project = try load("compose.yaml")
        let api = try #require(project.service("api"))
        #expect(api.build?.context == "common")
        #expect(api.build?.dockerfile == "node.Dockerfile")
        #expect(api.build?.target == "runtime")
        #expect(api.environment == ["NODE_ENV": "production", "PORT": "3000"])
        #expect(api.dependsOn.isEmpty)
        let dev = try #require(project.service("api-dev"))
        #expect(dev.build?.target == "development")
        #expect(dev.build?.context == "common")
        #expect(project.includedFiles.contains { $0.hasSuffix("common/services.yaml") })
    }

    @Test func extendsCycleIsNamed() throws {
        try write("compose.yaml", "services:\n  a:\n    extends: b\n  b:\n    extends: a\n")
        #expect {
            try self.load("compose.yaml")
        } throws: { error in
            (error as? ComposeError)?.message.contains("extends makes a cycle") == true
        }
    }

    @Test func includeAddsServicesRebasedOntoTheIncludingFolder() throws {
        try write("web/.env", "WEB_TARGET=runtime\n")
        try write(
            "web/compose.yaml",
            "services:\n  web:\n    build:\n      context: .\n      target: ${WEB_TARGET:-dev}\n")
        try write(
            "compose.yaml",
            """
            include:
              - web/compose.yaml
            services:
              api:
                build: ./api
            """)
        let project = try load("compose.yaml")
        #expect(project.services.map(\.name) == ["web", "api"])
        #expect(project.service("web")?.build?.context == "web")
        #expect(project.service("web")?.build?.target == "runtime")
        #expect(project.includedFiles.contains { $0.hasSuffix("web/compose.yaml") })
    }

    @Test func includeConflictsAndCyclesAreErrors() throws {
        try write("other.yaml", "include: [compose.yaml]\nservices:\n  x:\n    image: x\n")
        try write("compose.yaml", "include: [other.yaml]\nservices:\n  api:\n    image: api\n")
        #expect {
            try self.load("compose.yaml")
        } throws: { error in
            (error as? ComposeError)?.message.contains("include makes a cycle") == true
        }
        try write("other.yaml", "services:\n  api:\n    image: other\n")
        #expect {
            try self.load("compose.yaml")
        } throws: { error in
            (error as? ComposeError)?.message.contains("service api is defined both here") == true
        }
    }

    /// The service keys stagecraft knows are the compose specification's own, as the schema
    /// check-jsonschema ships has them (scripts/test.sh installs it).
    @Test func serviceKeysMatchTheComposeSpecSchema() throws {
        guard let schema = Self.composeSchema() else {
            if Paths.isCI { Issue.record("check-jsonschema is not installed; scripts/test.sh installs it") }
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schema)) as? [String: Any])
        let definitions = try #require(json["$defs"] as? [String: Any])
        var keys = Set<String>()
        for name in ["service", "container_spec", "workload_spec"] {
            let definition = definitions[name] as? [String: Any]
            keys.formUnion((definition?["properties"] as? [String: Any])?.keys ?? [:].keys)
        }
        #expect(keys.count > 80)
        #expect(keys.subtracting(ComposeKeys.service).sorted() == [])
        let topLevel = Set((json["properties"] as? [String: Any])?.keys ?? [:].keys)
        #expect(topLevel.subtracting(ComposeKeys.topLevel).sorted() == [])
    }

    static func composeSchema() -> URL? {
        guard
            let result = try? ProcessRunner.run(
                "python3", ["-c", "import check_jsonschema, os; print(os.path.dirname(check_jsonschema.__file__))"]),
            result.status == 0
        else { return nil }
        let folder = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let url = URL(fileURLWithPath: folder + "/builtin_schemas/vendor/compose-spec.json")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
