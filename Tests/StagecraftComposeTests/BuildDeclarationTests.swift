import Foundation
import TestSupport
import Testing

@testable import StagecraftCompose

/// Builds declared outside compose: bake files and build commands in scripts and workflows.
@Suite final class BuildDeclarationTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("declarations") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Paths.write(text, to: name, in: folder).path
    }

    static let bake = """
        # Monorepo images.
        variable "TAG" {
          default = "dev"
        }
        variable "REGISTRY" { default = "ghcr.io/shop" }

        group "default" {
          targets = ["api", "web"]
        }

        target "_common" {
          context = "."
          args = {
            NODE_VERSION = "22"
          }
          labels = { "org.opencontainers.image.source" = "https://example.com/shop" }
        }

        target "api" {
          inherits = ["_common"]
          dockerfile = "apps/api/Dockerfile"
          target = "runtime"
          tags = ["${REGISTRY}/api:${TAG}", "${REGISTRY}/api:latest"]
          platforms = notequal("", PLATFORMS) ? split(",", PLATFORMS) : []
        }

        /* The web front end. */
        target "web" {
          inherits = ["_common"]
          context = "apps/web"
          args = { NEXT_TELEMETRY_DISABLED = "1" } // no telemetry
          contexts = {
            shared = "../../packages/shared"
          }
        }

        target "inline" {
          dockerfile-inline = <<EOT
        FROM alpine
        EOT
        }
        """

    @Test func bakeTargetsResolveInheritsAndVariables() throws {
        let path = try write("docker-bake.hcl", Self.bake)
        let targets = try BakeFile.load([path], environment: ["TAG": "1.4"])
        // `_common` is only inherited: a set of defaults, not a build.
        #expect(targets.map(\.origin) == ["bake target api", "bake target web"])
        let api = try #require(targets.first { $0.origin == "bake target api" })
        #expect(api.context == "." && api.dockerfile == "apps/api/Dockerfile" && api.target == "runtime")
        #expect(api.tags == ["ghcr.io/shop/api:1.4", "ghcr.io/shop/api:latest"])
        #expect(api.args == ["NODE_VERSION": "22"])
        #expect(api.location.line == 19)
        #expect(api.dockerfilePath == folder.path + "/apps/api/Dockerfile")
        let web = try #require(targets.first { $0.origin == "bake target web" })
        #expect(web.contextPath == folder.path + "/apps/web" && web.dockerfilePath == folder.path + "/apps/web/Dockerfile")
        #expect(web.args == ["NEXT_TELEMETRY_DISABLED": "1"])
        #expect(web.namedContexts == ["shared": "../../packages/shared"])
    }

    @Test func jsonBakeFilesAndOverridesRead() throws {
        let json = try write(
            "docker-bake.json",
            """
            {
              "variable": {"TAG": {"default": "x"}},
              "target": {
                "worker": {"context": "worker", "target": "prod", "tags": ["w:${TAG}"]}
              }
            }
            """)
        let override = try write("docker-bake.override.hcl", "target \"worker\" {\n  target = \"debug\"\n}\n")
        let targets = try BakeFile.load([json, override], environment: [:])
        #expect(targets.count == 1)
        #expect(targets[0].target == "debug" && targets[0].tags == ["w:x"] && targets[0].location.line == 4)
    }

    @Test func brokenBakeFilesAreErrorsWithLines() throws {
        let path = try write("docker-bake.hcl", "target \"api\" {\n  context = \"unterminated\n}\n")
        #expect {
            try BakeFile.load([path], environment: [:])
        } throws: { error in
            let error = error as? ComposeError
            return error?.location.line == 2 && error?.message.contains("not closed") == true
        }
        let cycle = try write(
            "docker-bake.hcl", "target \"a\" {\n  inherits = [\"b\"]\n}\ntarget \"b\" {\n  inherits = [\"a\"]\n}\n")
        #expect(throws: ComposeError.self) { try BakeFile.load([cycle], environment: [:]) }
    }

    @Test func buildCommandsInScriptsAndMakefiles() throws {
        let script = try write(
            "scripts/build.sh",
            """
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$(dirname "$0")/.."
            docker build \\
              -f docker/api.Dockerfile \\
              --target=runtime \\
              --build-arg NODE_ENV=production \\
              -t "shop/api:${TAG:-dev}" \\
              .
            DOCKER_BUILDKIT=1 docker buildx build --platform linux/amd64 --load -t shop/web web # the web image
            echo "docker build is not run here" && docker run --rm shop/api
            docker build - < Dockerfile
            docker build -t shop/worker worker 2>&1 >build.log
            docker build -t "shop/tools:$(git rev-parse --short HEAD)" -f "$(pwd)/tools/Dockerfile" tools
            """)
        let commands = BuildCommands.declarations(in: script, workingDirectory: folder.path)
        #expect(commands.count == 5)
        #expect(commands[0].dockerfile == "docker/api.Dockerfile" && commands[0].target == "runtime")
        #expect(commands[0].context == "." && commands[0].location.line == 4)
        #expect(commands[0].args == ["NODE_ENV": "production"] && commands[0].tags == ["shop/api:${TAG:-dev}"])
        #expect(commands[1].context == "web" && commands[1].tags == ["shop/web"] && commands[1].location.line == 10)
        #expect(commands[2].context == "-" && !commands[2].hasLocalContext)
        #expect(commands[3].context == "worker")
        #expect(commands[4].context == "tools" && commands[4].tags == ["shop/tools:$(git rev-parse --short HEAD)"])

        let makefile = try write(
            "Makefile",
            "IMAGE ?= shop/api\n\nimage:\n\tdocker build -t $(IMAGE) --target dev -f Dockerfile.dev .\n")
        let make = BuildCommands.declarations(in: makefile, workingDirectory: folder.path)
        #expect(
            make.count == 1 && make[0].target == "dev" && make[0].dockerfile == "Dockerfile.dev" && make[0].location.line == 4)
    }

    @Test func githubWorkflowsRunStepsAndBuildPushAction() throws {
        let workflow = try write(
            ".github/workflows/release.yml",
            """
            on: push
            jobs:
              image:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: docker build --target test -t shop/api:test services/api
                  - uses: docker/build-push-action@v6
                    with:
                      context: services/web
                      file: services/web/Dockerfile.prod
                      target: runtime
                      tags: |
                        ghcr.io/shop/web:latest
                        ghcr.io/shop/web:${{ github.sha }}
              release:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                    with:
                      path: release
                  - uses: docker/build-push-action@v6
                    with:
                      context: release
                      file: release/cmd/loki/Dockerfile
            """)
        #expect(BuildCommands.isScriptPath(".github/workflows/release.yml"))
        #expect(!BuildCommands.isScriptPath("deploy/values.yml"))
        let found = BuildCommands.declarations(in: workflow, workingDirectory: folder.path)
        #expect(found.count == 3)
        // The release job checked the repository out under release/: paths are the repository's.
        #expect(found[2].context == "." && found[2].dockerfile == "cmd/loki/Dockerfile")
        #expect(found[0].context == "services/api" && found[0].target == "test" && found[0].location.line == 7)
        #expect(found[1].origin == "docker/build-push-action" && found[1].location.line == 8)
        #expect(found[1].dockerfilePath == folder.path + "/services/web/Dockerfile.prod")
        #expect(found[1].tags == ["ghcr.io/shop/web:latest", "ghcr.io/shop/web:${{ github.sha }}"])
    }
}
