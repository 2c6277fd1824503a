import ContainerEngine
import Foundation

/// One check of one image, as reports show it.
public struct CheckResult: Sendable, Equatable {
    public enum Status: String, Sendable { case pass, fail, warn }
    public var name: String
    public var status: Status
    public var detail: String
    public var seconds: Double
}

/// The checks of one image.
public struct ImageTestResult: Sendable {
    public var label: String
    public var image: String
    public var checks: [CheckResult]
    public var failed: Bool { checks.contains { $0.status == .fail } }
}

/// Starts each image as its own container (its entrypoint and command untouched) and proves it
/// works: the health check turns healthy in time, and it runs as a non-root user, both in the
/// image config and inside (`id -u`). Every container carries the run's label and is removed at
/// the end, also after a failure or an interrupt (see ``ContainerJanitor``).
public struct ContainerTester: Sendable {
    public var client: DockerClient
    public var timeout: Double
    public var janitor: ContainerJanitor

    public init(client: DockerClient, timeout: Double, janitor: ContainerJanitor) {
        self.client = client
        self.timeout = timeout
        self.janitor = janitor
    }

    struct ImageConfig: Decodable {
        struct Health: Decodable {
            var Test: [String]?
        }
        var User: String?
        var Healthcheck: Health?
    }

    struct ContainerState: Decodable {
        struct Health: Decodable {
            struct Log: Decodable {
                var ExitCode: Int?
                var Output: String?
            }
            var Status: String
            var Log: [Log]?
        }
        var Status: String
        var Running: Bool
        var ExitCode: Int
        var Health: Health?
    }

    func docker(_ arguments: [String]) -> (status: Int32, output: String) {
        (try? client.run(arguments)) ?? (-1, "cannot run \(client.executable)")
    }

    public func test(label: String, image: String, structure: [StructureTestConfig] = []) -> ImageTestResult {
        var checks: [CheckResult] = []
        let inspected = docker(["image", "inspect", "--format", "{{json .Config}}", image])
        guard inspected.status == 0, let config = try? JSONDecoder().decode(ImageConfig.self, from: Data(inspected.output.utf8))
        else {
            let detail = inspected.output.trimmingCharacters(in: .whitespacesAndNewlines)
            return ImageTestResult(
                label: label, image: image,
                checks: [
                    CheckResult(
                        name: "image", status: .fail, detail: "no image \(image) in the engine: \(detail); build it first",
                        seconds: 0)
                ])
        }
        checks.append(Self.configUser(config.User ?? ""))

        let start = Date()
        let name = janitor.containerName(for: label)
        let run = docker(["run", "-d", "--name", name] + janitor.labelArguments + [image])
        guard run.status == 0 else {
            checks.append(
                CheckResult(
                    name: "start", status: .fail, detail: run.output.trimmingCharacters(in: .whitespacesAndNewlines), seconds: 0))
            janitor.removeAll()
            return ImageTestResult(label: label, image: image, checks: checks)
        }
        checks.append(healthy(container: name, hasHealthcheck: Self.hasHealthcheck(config), since: start))
        checks.append(runtimeUser(container: name))
        _ = docker(["rm", "-f", name])
        if !structure.isEmpty {
            let raw = (try? JSONSerialization.jsonObject(with: Data(inspected.output.utf8))) as? [String: Any] ?? [:]
            let runner = StructureTests(client: client, janitor: janitor)
            for config in structure { checks += runner.run(config, image: image, imageConfig: raw) }
        }
        return ImageTestResult(label: label, image: image, checks: checks)
    }

    static func hasHealthcheck(_ config: ImageConfig) -> Bool {
        guard let test = config.Healthcheck?.Test, let first = test.first else { return false }
        return first != "NONE"
    }

    static func configUser(_ user: String) -> CheckResult {
        let name = user.split(separator: ":").first.map(String.init) ?? ""
        if name.isEmpty || name == "root" || name == "0" {
            return CheckResult(
                name: "non-root (config)", status: .fail,
                detail: user.isEmpty
                    ? "the image sets no USER, so it runs as root; add USER 10001 to the final stage"
                    : "USER is \(user); use a non-root user",
                seconds: 0)
        }
        return CheckResult(name: "non-root (config)", status: .pass, detail: "USER \(user)", seconds: 0)
    }

    /// Waits for the container's health to settle.
    func healthy(container: String, hasHealthcheck: Bool, since start: Date) -> CheckResult {
        let name = "healthy"
        while true {
            let elapsed = Date().timeIntervalSince(start)
            let inspected = docker(["inspect", "--format", "{{json .State}}", container])
            guard inspected.status == 0,
                let state = try? JSONDecoder().decode(ContainerState.self, from: Data(inspected.output.utf8))
            else {
                return CheckResult(
                    name: name, status: .fail, detail: "cannot inspect the container: \(inspected.output)", seconds: elapsed)
            }
            if !state.Running {
                let logs = docker(["logs", "--tail", "10", container]).output.trimmingCharacters(in: .whitespacesAndNewlines)
                return CheckResult(
                    name: name, status: .fail,
                    detail: "the container exited with code \(state.ExitCode)\(logs.isEmpty ? "" : ": \(logs)")",
                    seconds: elapsed)
            }
            if !hasHealthcheck {
                // Without a health check, staying up for a moment is all that can be shown.
                if elapsed >= 2 {
                    return CheckResult(
                        name: name, status: .warn,
                        detail: "no HEALTHCHECK: running, but nothing shows it serves; add HEALTHCHECK CMD [...]",
                        seconds: elapsed)
                }
            } else if let health = state.Health {
                let last = health.Log?.last?.Output?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                if health.Status == "healthy" {
                    return CheckResult(name: name, status: .pass, detail: "healthy", seconds: elapsed)
                }
                if health.Status == "unhealthy" {
                    return CheckResult(
                        name: name, status: .fail, detail: "unhealthy\(last.isEmpty ? "" : "; last probe: \(last)")",
                        seconds: elapsed)
                }
                if elapsed > timeout {
                    return CheckResult(
                        name: name, status: .fail,
                        detail: "still \(health.Status) after \(Int(timeout))s\(last.isEmpty ? "" : "; last probe: \(last)")",
                        seconds: elapsed)
                }
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    /// `id -u` inside the running container.
    func runtimeUser(container: String) -> CheckResult {
        let name = "non-root (running)"
        let result = docker(["exec", container, "id", "-u"])
        let output = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, let uid = Int(output) else {
            return CheckResult(name: name, status: .warn, detail: "could not run id -u in the container: \(output)", seconds: 0)
        }
        return uid == 0
            ? CheckResult(name: name, status: .fail, detail: "the process runs as uid 0", seconds: 0)
            : CheckResult(name: name, status: .pass, detail: "uid \(uid)", seconds: 0)
    }
}
