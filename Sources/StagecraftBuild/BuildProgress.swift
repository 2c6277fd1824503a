/// One step (BuildKit vertex) of a build, from its plain progress output.
public struct BuildStep: Sendable, Equatable {
    /// The `#N` number BuildKit gave it.
    public var id: Int
    /// `[stage 2/3] RUN …`, `[internal] load build context`, `exporting to image`.
    public var name: String
    public var cached = false
    /// From `#N DONE 1.3s`; nil while running, when cached, or when it failed.
    public var seconds: Double?
    public var error: String?
    /// The step's last output lines.
    public var output: [String] = []

    /// A Dockerfile instruction (not BuildKit's own bookkeeping, not the FROM that names a base).
    public var isInstruction: Bool {
        name.hasPrefix("[") && !name.hasPrefix("[internal]") && !name.contains("] FROM ")
    }
}

/// Reads BuildKit's plain progress (`--progress=plain`, what `docker build` prints with BuildKit
/// and what buildx prints) line by line into steps.
///
///     #5 [runtime 1/2] RUN npm ci
///     #5 sha256:0029ea06…
///     #5 0.345 added 120 packages
///     #5 DONE 1.3s
///     #6 [runtime 2/2] COPY . .
///     #6 CACHED
///     #7 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3
public struct BuildProgress: Sendable {
    public private(set) var steps: [BuildStep] = []
    private var index: [Int: Int] = [:]
    /// The last lines of the whole output, for failure reports.
    public private(set) var tail: [String] = []
    static let tailLength = 30
    static let outputLength = 15

    public init() {}

    /// What a line changed, for live display.
    public enum Event: Sendable, Equatable {
        case started(BuildStep)
        case finished(BuildStep)
        case none
    }

    @discardableResult
    public mutating func consume(_ line: Substring) -> Event {
        tail.append(String(line))
        if tail.count > Self.tailLength { tail.removeFirst(tail.count - Self.tailLength) }
        guard line.hasPrefix("#"), let space = line.firstIndex(of: " "),
            let id = Int(line[line.index(after: line.startIndex)..<space])
        else {
            return .none
        }
        let text = line[line.index(after: space)...]
        guard let position = index[id] else {
            if text.hasPrefix("sha256:") || text.isEmpty { return .none }
            index[id] = steps.count
            steps.append(BuildStep(id: id, name: String(text)))
            return .started(steps[steps.count - 1])
        }
        if text == "CACHED" {
            steps[position].cached = true
            return .finished(steps[position])
        }
        if text.hasPrefix("DONE ") {
            steps[position].seconds = Double(text.dropFirst(5).dropLast(text.hasSuffix("s") ? 1 : 0))
            return .finished(steps[position])
        }
        if text.hasPrefix("ERROR") {
            let message = text.drop { $0 != ":" }.dropFirst().drop { $0 == " " }
            steps[position].error = message.isEmpty ? String(text) : String(message)
            return .finished(steps[position])
        }
        if !text.hasPrefix("sha256:") {
            // `#5 0.345 output`: drop the timestamp.
            let words = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let output = words.count == 2 && Double(words[0]) != nil ? words[1] : text
            steps[position].output.append(String(output))
            if steps[position].output.count > Self.outputLength { steps[position].output.removeFirst() }
        }
        return .none
    }

    /// Instruction steps only.
    public var instructions: [BuildStep] { steps.filter(\.isInstruction) }

    /// Cached instructions over all instructions; nil when there were none.
    public var cacheHitRate: Double? {
        let all = instructions
        return all.isEmpty ? nil : Double(all.filter(\.cached).count) / Double(all.count)
    }

    /// The first step that failed.
    public var failedStep: BuildStep? { steps.first { $0.error != nil } }
}
