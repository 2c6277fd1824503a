import Foundation
import TestSupport
import Testing

@testable import StagecraftCompose

/// Compose files in the shapes real projects write, each valid by the compose-spec JSON schema
/// (checked with `check-jsonschema`, which ships it): stagecraft must load every one of them.
@Suite final class ComposeSchemaTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("schema") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let files: [String: String] = [
        "anchors.yaml": """
        x-logging: &logging
          driver: json-file
          options: {max-size: 10m, max-file: "3"}
        x-app: &app
          build:
            context: .
            target: runtime
            args: [NODE_ENV=production, "GIT_SHA"]
          restart: unless-stopped
          logging: *logging
          env_file:
            - path: ./.env.defaults
              required: false
        services:
          web:
            <<: *app
            ports:
              - target: 3000
                published: "8080"
                protocol: tcp
            depends_on:
              api: {condition: service_healthy, restart: true}
          api:
            <<: *app
            command: ["node", "dist/server.js"]
            healthcheck:
              test: ["CMD-SHELL", "wget -qO- http://localhost:3000/health || exit 1"]
              interval: 10s
              start_period: 30s
              start_interval: 2s
              retries: 5
        """,
        "legacy.yml": """
        version: "2.4"
        services:
          app:
            build: .
            links: [db:database]
            volumes_from: [data]
            dns_search: [example.com]
            mem_limit: 512m
            cpu_shares: 512
            external_links: [redis_1]
            scale: 2
          data:
            image: busybox
            volumes: [/data]
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD:
        """,
        "gpu.yaml": """
        name: comfy
        services:
          comfyui:
            build:
              context: ./backend
              dockerfile: Dockerfile.gpu
              target: runtime
              ssh: [default]
              secrets: [hf_token]
              additional_contexts:
                models: ../models
              cache_from: [type=local,src=/tmp/cache]
            deploy:
              resources:
                reservations:
                  devices:
                    - driver: nvidia
                      count: all
                      capabilities: [gpu]
            profiles: [gpu]
            develop:
              watch:
                - action: sync
                  path: ./backend/src
                  target: /app/src
            secrets: [hf_token]
        secrets:
          hf_token:
            environment: HF_TOKEN
        networks:
          default:
            name: comfy-net
        volumes:
          models: {}
        """,
        "extends.yaml": """
        services:
          base:
            image: node:22-slim
            working_dir: /app
            labels:
              - "com.example.team=web"
          worker:
            extends: base
            command: npm run worker
            init: true
            stop_grace_period: 1m30s
            ulimits:
              nofile: {soft: 20000, hard: 40000}
            sysctls: [net.core.somaxconn=1024]
            tmpfs: [/tmp]
            read_only: true
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
        """,
        "include.yaml": """
        include:
          - path: ./legacy.yml
            project_directory: .
        services:
          proxy:
            image: nginx:1.27-alpine
            configs:
              - source: nginx
                target: /etc/nginx/conf.d/default.conf
        configs:
          nginx:
            content: |
              server { listen 80; }
        """,
    ]

    @Test func schemaValidFilesAllLoad() throws {
        var paths: [String] = []
        for (name, text) in Self.files.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        guard let checker = Paths.executable(named: "check-jsonschema") else {
            if Paths.isCI { Issue.record("check-jsonschema is not installed; scripts/test.sh installs it") }
            return
        }
        let validation = try ProcessRunner.run(checker, ["--builtin-schema", "vendor.compose-spec"] + paths)
        #expect(validation.status == 0, "the fixtures must be valid compose: \(validation.stdoutText)\(validation.stderrText)")
        for path in paths {
            let project = try ComposeLoader(environment: [:]).load(path)
            #expect(!project.services.isEmpty, "\(path)")
            #expect(project.warnings.isEmpty, "\(path): \(project.warnings.map(\.message))")
        }
        let included = try ComposeLoader(environment: [:]).load(folder.appendingPathComponent("include.yaml").path)
        #expect(included.services.map(\.name).sorted() == ["app", "data", "db", "proxy"])
        let gpu = try ComposeLoader(environment: [:]).load(folder.appendingPathComponent("gpu.yaml").path)
        #expect(gpu.service("comfyui")?.build?.dockerfile == "Dockerfile.gpu")
    }
}
