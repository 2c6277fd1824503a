import ContainerEngine
import Foundation
import StagecraftConfiguration
import StagecraftReporting

/// An HTTP check of a running service, from `test.probes` in `.stagecraft.yml`.
public struct HTTPProbe: Sendable, Equatable {
    public var service: String
    public var port: Int
    public var path: String
    public var status: Int
    /// A regular expression (RE2) the body must contain.
    public var body: String?

    public init(service: String, port: Int, path: String = "/", status: Int = 200, body: String? = nil) {
        self.service = service
        self.port = port
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.status = status
        self.body = body
    }

    public init(_ settings: ProbeSettings) {
        self.init(
            service: settings.service, port: settings.port, path: settings.path, status: settings.status, body: settings.body)
    }
}

/// One service of an integration run: what to start and what it waits for.
public struct IntegrationService: Sendable {
    public var name: String
    public var image: String
    public var environment: [String: String]
    /// (service, condition) pairs from `depends_on`.
    public var dependsOn: [(service: String, condition: String)]
    /// The service's `healthcheck:`, which replaces or turns off the image's HEALTHCHECK.
    public var healthcheck: HealthcheckOverride?

    public init(
        name: String, image: String, environment: [String: String], dependsOn: [(service: String, condition: String)],
        healthcheck: HealthcheckOverride? = nil
    ) {
        self.name = name
        self.image = image
        self.environment = environment
        self.dependsOn = dependsOn
        self.healthcheck = healthcheck
    }
}

/// Starts compose services together on a network of their own, in dependency order, waits for the
/// conditions `depends_on` names, then probes HTTP endpoints. Everything it creates carries the
/// run's label and is removed at the end (see ``ContainerJanitor``).
public struct IntegrationRun: Sendable {
    public var tester: ContainerTester
    public var probes: [HTTPProbe]

    public init(tester: ContainerTester, probes: [HTTPProbe]) {
        self.tester = tester
        self.probes = probes
    }

    /// Services ordered so each comes after what it depends on, or the check that failed (a
    /// cycle, or a dependency that is not started).
    static func order(_ services: [IntegrationService]) -> (ordered: [IntegrationService], failure: CheckResult?) {
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered: [IntegrationService] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ service: IntegrationService) -> CheckResult? {
            if state[service.name] == 2 { return nil }
            if state[service.name] == 1 {
                return CheckResult(
                    name: "order", status: .fail, detail: "depends_on has a cycle through \(service.name)", seconds: 0)
            }
            state[service.name] = 1
            for dependency in service.dependsOn {
                guard let next = byName[dependency.service] else {
                    return CheckResult(
                        name: "order", status: .fail,
                        detail:
                            "\(service.name) depends on \(dependency.service), which is not started (no image, or its profile is off)",
                        seconds: 0)
                }
                if let failure = visit(next) { return failure }
            }
            state[service.name] = 2
            ordered.append(service)
            return nil
        }
        for service in services { if let failure = visit(service) { return ([], failure) } }
        return (ordered, nil)
    }

    public func run(_ services: [IntegrationService]) -> [ImageTestResult] {
        let janitor = tester.janitor
        let network = janitor.runID
        var results: [ImageTestResult] = []
        let (ordered, failure) = Self.order(services)
        if let failure { return [ImageTestResult(label: "integration", image: "", checks: [failure])] }
        let created = tester.docker(["network", "create"] + janitor.labelArguments + [network])
        guard created.status == 0 else {
            return [
                ImageTestResult(
                    label: "integration", image: "",
                    checks: [CheckResult(name: "network", status: .fail, detail: created.output, seconds: 0)])
            ]
        }
        var containers: [String: String] = [:]
        var healthy: [String: CheckResult] = [:]
        for service in ordered {
            var checks: [CheckResult] = []
            // Wait for what this service depends on, as compose does.
            var blocked = false
            for dependency in service.dependsOn {
                guard let container = containers[dependency.service] else {
                    blocked = true
                    checks.append(
                        CheckResult(
                            name: "depends on \(dependency.service)", status: .fail, detail: "it did not start", seconds: 0))
                    continue
                }
                let check = wait(
                    for: dependency.condition, container: container, dependency: dependency.service, cached: &healthy)
                if check.status == .fail { blocked = true }
                checks.append(check)
            }
            if blocked {
                results.append(ImageTestResult(label: service.name, image: service.image, checks: checks))
                continue
            }
            let name = janitor.containerName(for: service.name)
            var arguments = ["run", "-d", "--name", name, "--network", network, "--network-alias", service.name]
            arguments += janitor.labelArguments
            for (key, value) in service.environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
            arguments += service.healthcheck?.runArguments ?? []
            let started = tester.docker(arguments + [service.image])
            if started.status != 0 {
                checks.append(
                    CheckResult(
                        name: "start", status: .fail, detail: started.output.trimmingCharacters(in: .whitespacesAndNewlines),
                        seconds: 0))
            } else {
                containers[service.name] = name
                checks.append(
                    CheckResult(name: "start", status: .pass, detail: "on network \(network) as \(service.name)", seconds: 0))
            }
            results.append(ImageTestResult(label: service.name, image: service.image, checks: checks))
        }
        // Every started service must settle, then answer its probes.
        for index in results.indices {
            let service = results[index].label
            guard let container = containers[service] else { continue }
            let check =
                healthy[service] ?? tester.healthy(container: container, hasHealthcheck: hasHealthcheck(container), since: Date())
            results[index].checks.append(check)
            for probe in probes where probe.service == service {
                results[index].checks.append(self.probe(probe, container: container))
            }
        }
        for probe in probes where !services.contains(where: { $0.name == probe.service }) {
            results.append(
                ImageTestResult(
                    label: probe.service, image: "",
                    checks: [
                        CheckResult(
                            name: "probe \(probe.path)", status: .fail, detail: "no service \(probe.service) was started",
                            seconds: 0)
                    ]))
        }
        janitor.removeAll()
        return results
    }

    /// Whether the container's config has a health check, by the rule the single-image tests use.
    func hasHealthcheck(_ container: String) -> Bool {
        let output = tester.docker(["inspect", "--format", "{{json .Config}}", container]).output
        guard let config = try? JSONDecoder().decode(ContainerTester.ImageConfig.self, from: Data(output.utf8)) else {
            return false
        }
        return ContainerTester.hasHealthcheck(config)
    }

    func wait(for condition: String, container: String, dependency: String, cached: inout [String: CheckResult]) -> CheckResult {
        let name = "depends on \(dependency) (\(condition))"
        switch condition {
        case "service_healthy":
            let check =
                cached[dependency]
                ?? tester.healthy(container: container, hasHealthcheck: hasHealthcheck(container), since: Date())
            cached[dependency] = check
            if check.status == .pass { return CheckResult(name: name, status: .pass, detail: "healthy", seconds: check.seconds) }
            let reason = check.status == .warn ? "it has no HEALTHCHECK" : check.detail
            return CheckResult(name: name, status: .fail, detail: reason, seconds: check.seconds)
        case "service_completed_successfully":
            let waited = tester.docker(["wait", container])
            let code = Int(waited.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            return CheckResult(name: name, status: code == 0 ? .pass : .fail, detail: "exited with code \(code)", seconds: 0)
        default:
            return CheckResult(name: name, status: .pass, detail: "started", seconds: 0)
        }
    }

    /// GETs the probe's URL at the container's address on the run's network, retrying until the
    /// timeout while the connection is refused.
    func probe(_ probe: HTTPProbe, container: String) -> CheckResult {
        let name = "probe :\(probe.port)\(probe.path)"
        let address =
            tester.docker(["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container])
            .output.split(separator: " ").first.map(String.init) ?? ""
        guard !address.isEmpty, let url = URL(string: "http://\(address):\(probe.port)\(probe.path)") else {
            return CheckResult(name: name, status: .fail, detail: "the container has no address", seconds: 0)
        }
        let start = Date()
        var last = ""
        while Date().timeIntervalSince(start) < tester.timeout {
            switch HTTPGet.get(host: address, port: probe.port, path: probe.path, timeout: 5) {
            case .failure(let failure):
                last = failure.description
            case .success(let response):
                let status = response.status
                let body = response.text
                var problems: [String] = []
                if status != probe.status { problems.append("status \(status), expected \(probe.status)") }
                if let pattern = probe.body, !StructureTests.matches(pattern, body) {
                    problems.append("body does not match \(pattern)")
                }
                let seconds = Date().timeIntervalSince(start)
                return problems.isEmpty
                    ? CheckResult(name: name, status: .pass, detail: "\(status) from \(url.absoluteString)", seconds: seconds)
                    : CheckResult(
                        name: name, status: .fail, detail: problems.joined(separator: "; ") + " (\(url.absoluteString))",
                        seconds: seconds)
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return CheckResult(
            name: name, status: .fail, detail: "no answer from \(url.absoluteString) in \(Int(tester.timeout))s: \(last)",
            seconds: tester.timeout)
    }
}
