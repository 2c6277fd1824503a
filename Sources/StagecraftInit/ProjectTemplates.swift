import Foundation

/// The files `stagecraft init` writes for a detected project: a multi-stage Dockerfile (deps,
/// builder, runtime, development), a .dockerignore, a compose file with both targets, a profile and
/// health checks, and a .stagecraft.yml. Base images are build arguments whose defaults are the
/// upstream images, so a team can point them at a mirror.
public enum ProjectTemplates {
    public struct File: Sendable, Equatable {
        public var path: String
        public var text: String
    }

    public static func files(for project: DetectedProject) -> [File] {
        [
            File(path: "Dockerfile", text: dockerfile(project)),
            File(path: ".dockerignore", text: dockerignore(project)),
            File(path: "compose.yaml", text: compose(project)),
            File(path: ".stagecraft.yml", text: settings(project)),
        ]
    }

    static func header(_ project: DetectedProject) -> String {
        "# Written by stagecraft init for a \(describe(project.kind)) project (\(project.evidence.joined(separator: "; "))).\n"
            + "# Targets: runtime (what ships) and development. Check it with: stagecraft lint && stagecraft build && stagecraft test\n"
    }

    static func describe(_ kind: DetectedProject.Kind) -> String {
        switch kind {
        case .nextjs: "Next.js"
        case .node: "Node"
        case .python: "Python"
        case .go: "Go"
        case .rust: "Rust"
        case .swift: "Swift"
        }
    }

    /// A HEALTHCHECK that asks the service on `/` and passes on any answer below 500; a
    /// development server that builds on start gets a longer start period.
    static func healthcheck(_ project: DetectedProject, startPeriod: Int = 10) -> String {
        let port = project.port
        let options = "HEALTHCHECK --interval=10s --timeout=3s --start-period=\(startPeriod)s --retries=3"
        switch project.kind {
        case .nextjs, .node:
            return
                #"\#(options) CMD ["node", "-e", "require('http').get('http://127.0.0.1:\#(port)/', r => { process.exitCode = r.statusCode < 500 ? 0 : 1; r.resume(); }).on('error', () => { process.exitCode = 1; })"]"#
        case .python:
            return
                #"\#(options) CMD ["python", "-c", "import http.client, sys; c = http.client.HTTPConnection('127.0.0.1', \#(port), timeout=3); c.request('GET', '/'); sys.exit(c.getresponse().status >= 500)"]"#
        case .go:
            return #"\#(options) CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:\#(port)/"]"#
        case .rust, .swift:
            // No HTTP client in the slim runtime: the port must accept a connection.
            return #"\#(options) CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/\#(port)"]"#
        }
    }

    static func dockerfile(_ project: DetectedProject) -> String {
        header(project) + "\n"
            + {
                switch project.kind {
                case .nextjs, .node: node(project)
                case .python: python(project)
                case .go: go(project)
                case .rust: rust(project)
                case .swift: swift(project)
                }
            }()
    }

    private static func node(_ project: DetectedProject) -> String {
        let manifests = ["package.json"] + (project.lockFile.map { [$0] } ?? [])
        let copyManifests = "COPY \(manifests.joined(separator: " ")) ./"
        let scripts = project.ignoreInstallScripts ? " --ignore-scripts" : ""
        let install: (Bool) -> String = { production in
            switch (project.packageManager, project.lockFile != nil) {
            case (.npm, true): "RUN --mount=type=cache,target=/root/.npm npm ci\(production ? " --omit=dev" : "")\(scripts)"
            case (.npm, false): "RUN --mount=type=cache,target=/root/.npm npm install\(production ? " --omit=dev" : "")\(scripts)"
            case (.yarn, _):
                "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\(production ? " --production" : "")\(scripts)"
            case (.pnpm, _):
                "RUN --mount=type=cache,target=/root/.local/share/pnpm/store corepack enable && pnpm install --frozen-lockfile\(production ? " --prod" : "")\(scripts)"
            }
        }
        let port = project.port
        let isNext = project.kind == .nextjs
        let built = isNext || project.hasBuildScript
        var text = """
            ARG NODE_IMAGE=node:\(project.toolchainVersion)-alpine

            # Production dependencies only, from the lock file.
            FROM ${NODE_IMAGE} AS deps
            WORKDIR /app
            \(copyManifests)
            \(install(true))

            # Every dependency, for the build and the development server.
            FROM ${NODE_IMAGE} AS dev-deps
            WORKDIR /app
            \(copyManifests)
            \(install(false))


            """
        if built {
            text += """
                FROM dev-deps AS builder
                COPY . .
                RUN \(project.packageManager == .npm ? "npm run build" : "\(project.packageManager.rawValue) run build")


                """
        }
        let start = isNext ? #"["node_modules/.bin/next", "start", "-p", "\#(port)"]"# : #"["node", "\#(project.entry)"]"#
        text += """
            FROM ${NODE_IMAGE} AS runtime
            WORKDIR /app
            ENV NODE_ENV=production PORT=\(port)
            # The production node_modules (none when there are no dependencies), then the source.
            COPY --from=deps /app ./
            COPY . .

            """
        if built {
            text += "COPY --from=builder /app/\(isNext ? ".next ./.next" : "\(project.buildOutput) ./\(project.buildOutput)")\n"
        }
        let development =
            isNext ? #"["node_modules/.bin/next", "dev", "-p", "\#(port)"]"# : #"["node", "--watch", "\#(project.entry)"]"#
        text += """
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD \(start)

            # The development server, with every dependency; mount the source over /app to work on it.
            FROM dev-deps AS development
            ENV NODE_ENV=development PORT=\(port)
            COPY . .
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD \(development)

            """
        return text
    }

    private static func python(_ project: DetectedProject) -> String {
        let port = project.port
        let install =
            project.pythonRequirements.map {
                "COPY \($0) ./\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r \($0)"
            }
            ?? "# Installing the project itself needs its source.\n# stagecraft ignore=copy-manifests-first\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/pip pip install ."
        let run = exec(
            project.command ?? (project.pythonModule ? ["python", "-m", project.entry] : ["python", project.entry]))
        return """
            ARG PYTHON_IMAGE=python:\(project.toolchainVersion)-slim

            # A virtual environment with the requirements.
            FROM ${PYTHON_IMAGE} AS deps
            ENV PATH=/opt/venv/bin:$PATH PIP_DISABLE_PIP_VERSION_CHECK=1
            WORKDIR /app
            RUN python3 -m venv /opt/venv
            \(install)

            FROM ${PYTHON_IMAGE} AS runtime
            ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=\(port)
            WORKDIR /app
            COPY --from=deps /opt/venv /opt/venv
            COPY . .
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD \(run)

            # The development target: the same environment; mount the source over /app to work on it.
            FROM deps AS development
            ENV PYTHONUNBUFFERED=1 PORT=\(port)
            COPY . .
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD \(run)

            """
    }

    private static func go(_ project: DetectedProject) -> String {
        let port = project.port
        return """
            ARG GO_IMAGE=golang:\(project.toolchainVersion)-alpine
            ARG RUNTIME_IMAGE=alpine:3.20

            # The module's dependencies, downloaded once.
            FROM ${GO_IMAGE} AS deps
            WORKDIR /src
            COPY go.mod go.su[m] ./
            RUN go mod download

            # A static binary.
            FROM deps AS builder
            COPY . .
            RUN --mount=type=cache,target=/root/.cache/go-build \\
                CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/\(project.entry) \(project.sourcePath)

            FROM ${RUNTIME_IMAGE} AS runtime
            COPY --from=builder /out/\(project.entry) /usr/local/bin/\(project.entry)
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD ["/usr/local/bin/\(project.entry)"]

            # The development target: the toolchain and the source; `go run` builds on start.
            FROM deps AS development
            ENV GOCACHE=/tmp/go-build
            COPY . .
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project, startPeriod: 120))
            CMD ["go", "run", "\(project.sourcePath)"]

            """
    }

    private static func rust(_ project: DetectedProject) -> String {
        let port = project.port
        return """
            ARG RUST_IMAGE=rust:\(project.toolchainVersion)-slim-bookworm
            ARG RUNTIME_IMAGE=debian:bookworm-slim

            FROM ${RUST_IMAGE} AS builder
            WORKDIR /src
            COPY Cargo.toml Cargo.loc[k] ./
            COPY src/ src/
            RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/src/target \\
                cargo build --release\(project.lockFile != nil ? " --locked" : "") --bin \(project.entry) && mkdir -p /out && cp target/release/\(project.entry) /out/

            FROM ${RUNTIME_IMAGE} AS runtime
            COPY --from=builder /out/\(project.entry) /usr/local/bin/\(project.entry)
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD ["/usr/local/bin/\(project.entry)"]

            # The development target: the toolchain and the source; `cargo run` builds on start.
            FROM builder AS development
            ENV CARGO_HOME=/tmp/cargo CARGO_TARGET_DIR=/tmp/target
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project, startPeriod: 300))
            CMD ["cargo", "run", "--bin", "\(project.entry)"]

            """
    }

    private static func swift(_ project: DetectedProject) -> String {
        let port = project.port
        return """
            ARG SWIFT_IMAGE=swift:\(project.toolchainVersion)
            ARG RUNTIME_IMAGE=debian:bookworm-slim

            # The package's dependencies, resolved once.
            FROM ${SWIFT_IMAGE} AS deps
            WORKDIR /src
            COPY Package.swift Package.resolve[d] ./
            RUN swift package resolve

            # A release build with the Swift runtime linked in.
            FROM deps AS builder
            COPY . .
            RUN --mount=type=cache,target=/src/.build swift build -c release --static-swift-stdlib \\
                && mkdir -p /out && cp "$(swift build -c release --show-bin-path)/\(project.entry)" /out/

            FROM ${RUNTIME_IMAGE} AS runtime
            COPY --from=builder /out/\(project.entry) /usr/local/bin/\(project.entry)
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project))
            CMD \(exec(["/usr/local/bin/\(project.entry)"] + project.serverArguments))

            # The development target: the toolchain and the source; `swift run` builds on start.
            FROM deps AS development
            COPY . .
            USER 10001:10001
            EXPOSE \(port)
            \(healthcheck(project, startPeriod: 300))
            CMD \(exec(["swift", "run", "--scratch-path", "/tmp/swift-build", project.entry] + project.serverArguments))

            """
    }

    /// Exec-form words as a Dockerfile writes them; a command that needs a shell (variables,
    /// several commands: `flask db upgrade; gunicorn app:app`) runs through one.
    static func exec(_ words: [String]) -> String {
        let shell = words.contains { $0.contains(where: { "$;&|<>".contains($0) }) }
        let command = shell ? ["sh", "-c", words.joined(separator: " ")] : words
        let quoted = command.map { word in
            "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "[" + quoted.joined(separator: ", ") + "]"
    }

    static func dockerignore(_ project: DetectedProject) -> String {
        var lines = [
            "# Written by stagecraft init: what the build context leaves out (secrets in .env files too).", ".git",
            ".stagecraft", "Dockerfile", ".dockerignore", "compose*.yaml", "compose*.yml", "docker-compose*.yaml",
            "docker-compose*.yml", ".env", ".env.*",
        ]
        switch project.kind {
        case .nextjs, .node: lines += ["node_modules", ".next", "dist", "coverage", "npm-debug.log*"]
        case .python: lines += ["__pycache__", "*.pyc", ".venv", "venv", ".pytest_cache", ".mypy_cache"]
        case .go: lines += ["bin"]
        case .rust: lines += ["target"]
        case .swift: lines += [".build", ".swiftpm"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func compose(_ project: DetectedProject) -> String {
        let name = project.name
        let port = project.port
        return """
            # Written by stagecraft init. `docker compose up` runs the runtime target; the dev profile
            # (`docker compose --profile dev up \(name)-dev`) runs the development target with the source mounted.
            services:
              \(name):
                image: \(name):runtime
                build:
                  context: .
                  target: runtime
                ports: ["\(port):\(port)"]
                environment:
                  PORT: "\(port)"

              \(name)-dev:
                image: \(name):development
                profiles: [dev]
                build:
                  context: .
                  target: development
                ports: ["\(port):\(port)"]
                environment:
                  PORT: "\(port)"
                volumes:
                  - .:/\(project.kind == .go || project.kind == .rust || project.kind == .swift ? "src" : "app")

            """
    }

    static func settings(_ project: DetectedProject) -> String {
        """
        # Written by stagecraft init: what `stagecraft ci` builds and checks.
        ci:
          targets: [runtime, development]
        test:
          # HTTP checks `stagecraft test --integration` makes once the service is up; for example:
          # probes:
          #   - {service: \(project.name), port: \(project.port), path: /health}
          probes: []
        gates:
          size-growth: 0.10

        """
    }
}
