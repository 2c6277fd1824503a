import Foundation

/// Removes every container, committed image and network a run created, at the end and (the
/// command line calls ``removeAll()``) on SIGINT/SIGTERM. Each object carries three labels:
/// `stagecraft.run` (the run id), `stagecraft.owner` (host, process id and process start time) and
/// `stagecraft.started` (when the run began), and `stagecraft.name` when `STAGECRAFT_RUN_ID` named the run, so a later run can tell what a killed run left
/// behind (``leftovers(client:olderThan:now:)``).
public final class ContainerJanitor: @unchecked Sendable {
    public static let labelKey = "stagecraft.run"
    public static let ownerKey = "stagecraft.owner"
    public static let startedKey = "stagecraft.started"
    public static let nameKey = "stagecraft.name"
    /// How old objects of a run on another host (or with no owner label) must be before they
    /// count as left over: their process cannot be checked from here.
    public static let foreignRunAge: TimeInterval = 24 * 3600
    public let runID: String
    /// The id `STAGECRAFT_RUN_ID` gave (cleaned), which the `stagecraft.name` label carries.
    public let name: String?
    public let owner: RunOwner
    public let started: Date
    let client: DockerClient

    /// `STAGECRAFT_RUN_ID` names the run (so a CI job can find what it started); a random suffix
    /// keeps two runs given the same id apart. Without it the id is random.
    public init(
        client: DockerClient, environment: [String: String] = ProcessInfo.processInfo.environment,
        owner: RunOwner = .current(), started: Date = Date()
    ) {
        self.client = client
        self.owner = owner
        self.started = started
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        let given = String((environment["STAGECRAFT_RUN_ID"] ?? "").lowercased().filter { allowed.contains($0) }.prefix(40))
        let random = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(8))
        runID = "stagecraft-" + (given.isEmpty ? random : "\(given)-\(random.prefix(6))")
        name = given.isEmpty ? nil : given
    }

    /// The labels every object of the run carries.
    public var labels: [String: String] {
        var labels = [
            Self.labelKey: runID, Self.ownerKey: owner.label, Self.startedKey: String(Int(started.timeIntervalSince1970)),
        ]
        if let name { labels[Self.nameKey] = name }
        return labels
    }

    /// `--label key=value` for each of ``labels``.
    public var labelArguments: [String] { Self.labelArguments(labels) }

    package static func labelArguments(_ labels: [String: String]) -> [String] {
        labels.sorted { $0.key < $1.key }.flatMap { ["--label", "\($0.key)=\($0.value)"] }
    }

    /// The labels as a Dockerfile `LABEL` argument list (`docker commit --change`).
    package static func labelInstruction(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: " ")
    }

    private var count = 0
    private let lock = NSLock()

    /// A unique container name for `label`, in the characters docker allows.
    package func containerName(for label: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        let cleaned = String(label.map { allowed.contains($0) ? $0 : "-" })
        let index = lock.withLock {
            count += 1
            return count
        }
        return "\(runID)-\(index)-\(cleaned)"
    }

    /// Removes the run's containers, then the images setup steps of structure tests committed,
    /// then its networks.
    public func removeAll() {
        let filter = ["--filter", "label=\(Self.labelKey)=\(runID)"]
        for kind in LeftoverObject.Kind.removalOrder {
            guard let listed = try? client.run(kind.listArguments + filter) else { continue }
            let ids = Set(
                listed.output.split(separator: "\n").map(String.init).filter { !$0.isEmpty && $0.allSatisfy(\.isHexDigit) })
            if !ids.isEmpty { _ = try? client.run(kind.removeArguments + ids.sorted()) }
        }
    }
}

/// The process that started a run: enough to tell, on the same host, whether it still runs.
public struct RunOwner: Sendable, Equatable {
    /// The host name (letters, digits, `.`, `-` and `_` only).
    public var host: String
    public var pid: Int32
    /// The process start time in clock ticks since boot (`/proc/PID/stat` field 22), which tells
    /// a reused process id apart; empty where unknown.
    public var processStart: String

    public init(host: String, pid: Int32, processStart: String) {
        self.host = host
        self.pid = pid
        self.processStart = processStart
    }

    /// This process.
    public static func current() -> RunOwner {
        let pid = getpid()
        return RunOwner(host: localHost(), pid: pid, processStart: startTime(of: pid) ?? "")
    }

    /// `host/pid/start`, as the owner label holds it.
    public var label: String { "\(host)/\(pid)/\(processStart)" }

    /// Reads an owner label; `nil` when it is not one.
    public init?(label: String) {
        let parts = label.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, let pid = Int32(parts[1]), pid > 0 else { return nil }
        self.init(host: parts[0], pid: pid, processStart: parts[2])
    }

    /// Whether the owning process still runs; `nil` when it ran on another host, where this cannot be known.
    public func isAlive(localHost: String = RunOwner.localHost()) -> Bool? {
        guard host == localHost else { return nil }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // The id may have been reused by another process since.
        guard !processStart.isEmpty, let now = Self.startTime(of: pid) else { return true }
        return now == processStart
    }

    /// This machine's host name, reduced to the characters a label keeps.
    public static func localHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = String(name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }.prefix(64))
        return cleaned.isEmpty ? "localhost" : cleaned
    }

    /// Field 22 of `/proc/PID/stat` (after the parenthesised command name, which may hold spaces).
    static func startTime(of pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
            let text = String(data: data, encoding: .utf8), let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")" come field 3 (state) onwards, so field 22 is at offset 19.
        return fields.count > 19 ? String(fields[19]) : nil
    }
}

/// A container, image or network an earlier run left behind.
public struct LeftoverObject: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case container, image, network

        /// Containers first (they hold images and networks), then images, then networks.
        static let removalOrder: [Kind] = [.container, .image, .network]

        var listArguments: [String] {
            switch self {
            case .container: ["ps", "-aq", "--no-trunc"]
            case .image: ["image", "ls", "-q", "--no-trunc"]
            case .network: ["network", "ls", "-q", "--no-trunc"]
            }
        }
        var removeArguments: [String] {
            switch self {
            case .container: ["rm", "-f"]
            case .image: ["rmi", "-f"]
            case .network: ["network", "rm"]
            }
        }
        var inspectArguments: [String] {
            let labels = self == .network ? ".Labels" : ".Config.Labels"
            let keys = [ContainerJanitor.labelKey, ContainerJanitor.ownerKey, ContainerJanitor.startedKey]
            let format = (["{{.Id}}"] + keys.map { "{{index \(labels) \"\($0)\"}}" } + ["{{.Created}}"]).joined(separator: "\t")
            switch self {
            case .container: return ["container", "inspect", "--format", format]
            case .image: return ["image", "inspect", "--format", format]
            case .network: return ["network", "inspect", "--format", format]
            }
        }
    }

    public var kind: Kind
    public var id: String
    public var run: String
    public var owner: RunOwner?
    /// When the run started (its label), or when the engine created the object.
    public var created: Date?
    /// Why it is taken as left over.
    public var reason: String
}

extension ContainerJanitor {
    /// Objects labelled by runs that are over without having cleaned up: their process is gone
    /// (on this host), or, for runs started on another host or by a version that recorded no
    /// owner, they are older than `olderThan`. The run of `excluding` is never included.
    public static func leftovers(
        client: DockerClient, olderThan: TimeInterval, now: Date = Date(), excluding: String? = nil,
        localHost: String = RunOwner.localHost()
    ) -> [LeftoverObject] {
        var found: [LeftoverObject] = []
        var verdicts: [String: String?] = [:]  // run id -> reason it is over, or nil while it runs
        for kind in LeftoverObject.Kind.removalOrder {
            guard let listed = try? client.run(kind.listArguments + ["--filter", "label=\(labelKey)"]), listed.status == 0
            else { continue }
            let ids = listed.output.split(separator: "\n").map { String($0.drop { $0 == " " }) }.filter {
                !$0.isEmpty && $0.replacing("sha256:", with: "").allSatisfy(\.isHexDigit)
            }
            guard !ids.isEmpty, let inspected = try? client.run(kind.inspectArguments + Array(Set(ids)).sorted()) else {
                continue
            }
            for line in inspected.output.split(separator: "\n") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                    $0 == "<no value>" ? "" : String($0)
                }
                guard fields.count == 5, !fields[1].isEmpty, fields[1] != excluding else { continue }
                let owner = RunOwner(label: fields[2])
                let created = TimeInterval(fields[3]).map(Date.init(timeIntervalSince1970:)) ?? engineTime(fields[4])
                if verdicts[fields[1]] == nil {
                    verdicts[fields[1]] = verdict(
                        owner: owner, created: created, olderThan: olderThan, now: now, localHost: localHost)
                }
                guard let reason = verdicts[fields[1]] ?? nil else { continue }
                found.append(
                    LeftoverObject(kind: kind, id: fields[0], run: fields[1], owner: owner, created: created, reason: reason))
            }
        }
        return found
    }

    /// Why a run is over, or `nil` while it may still run.
    static func verdict(owner: RunOwner?, created: Date?, olderThan: TimeInterval, now: Date, localHost: String)
        -> String?
    {
        if let owner, let alive = owner.isAlive(localHost: localHost) {
            return alive ? nil : "its process \(owner.pid) on \(owner.host) is gone"
        }
        guard let created else { return nil }
        let age = now.timeIntervalSince(created)
        guard age > olderThan else { return nil }
        let hours = Int(age / 3600)
        let ago = hours >= 1 ? "\(hours) h ago" : "\(Int(age / 60)) min ago"
        return owner.map { "it started on \($0.host) \(ago)" } ?? "it records no owner and was created \(ago)"
    }

    /// Removes `objects` (containers first); returns the ones the engine removed.
    @discardableResult
    public static func remove(_ objects: [LeftoverObject], client: DockerClient) -> [LeftoverObject] {
        var removed: [LeftoverObject] = []
        for kind in LeftoverObject.Kind.removalOrder {
            for object in objects where object.kind == kind {
                if let result = try? client.run(kind.removeArguments + [object.id]), result.status == 0 { removed.append(object) }
            }
        }
        return removed
    }

    /// Reads the engine's `Created` time: RFC 3339 (containers, images) or Go's default format
    /// (networks: `2026-12-05 12:40:01.123 +0000 UTC`). Seconds are enough.
    static func engineTime(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 19 else { return nil }
        let stamp = String(trimmed.prefix(19)).replacing(" ", with: "T")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withFullTime]
        // Go's default layout and RFC 3339 both carry UTC here (the engine writes UTC).
        return formatter.date(from: stamp + "Z")
    }
}
