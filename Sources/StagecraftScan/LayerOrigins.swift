import DockerfileStages
import DockerfileSyntax
import Foundation
import StagecraftImage
import StagecraftReporting

/// Which line of a Dockerfile made each layer and history entry of an image built from it.
///
/// The image history records one entry per instruction that changes the image (BuildKit writes
/// `RUN /bin/sh -c … # buildkit`, `COPY src dst # buildkit`, `ENV K=v`; the classic builder
/// `/bin/sh -c #(nop)  COPY …`). The target stage's instructions, after those of the stages it
/// is built on, are the last entries: they are matched from the end, each entry to the nearest
/// earlier instruction of its kind (instructions that write no entry, such as `ARG`, are passed
/// over); what is left are the base image's entries.
public struct LayerOrigins: Sendable, Equatable {
    public struct Origin: Sendable, Equatable {
        public var file: String
        public var line: Int
        /// `file:line`.
        public var text: String { "\(file):\(line)" }
    }

    /// By history entry (0-based, as the image config lists them).
    public private(set) var byHistory: [Int: Origin] = [:]
    /// By layer (0-based, bottom first).
    public private(set) var byLayer: [Int: Origin] = [:]
    /// By the name an `ENV` instruction sets (the last one that sets it).
    public private(set) var byVariable: [String: Origin] = [:]

    public init() {}

    /// The origins of `image`'s layers in the Dockerfile at `path`, built at `target` (default:
    /// the last stage).
    public init(image: Image, dockerfileAt path: String, target: String?) throws(FileProblem) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileProblem(path, "cannot be read", remedy: "give the Dockerfile the image was built from")
        }
        try self.init(image: image, dockerfile: path, text: String(decoding: data, as: UTF8.self), target: target)
    }

    /// The origins of `image`'s layers in the Dockerfile at `path` (text `text`), built at
    /// `target` (default: the last stage).
    public init(image: Image, dockerfile path: String, text: String, target: String?) throws(FileProblem) {
        let graph: StageGraph
        let stage: Int
        do {
            graph = try StageGraphBuilder().build(try DockerfileParser.parse(text))
            stage = try graph.targetStage(target)
        } catch let error as DockerfileSyntaxError {
            throw FileProblem(path, line: error.position.line, error.problem, remedy: error.remedy)
        } catch let error as DockerfileStagesError {
            throw FileProblem(path, line: error.line, error.message, remedy: error.hint)
        } catch {
            throw FileProblem(path, "cannot be read as a Dockerfile: \(error)")
        }
        var chain: [Node] = []
        var current: Int? = stage
        var visited: Set<Int> = []
        while let index = current, visited.insert(index).inserted {
            chain = graph.stages[index].instructions.filter { $0.command != "from" } + chain
            if case .stage(let base) = graph.stages[index].base { current = base } else { current = nil }
        }
        let history = image.configuration.history ?? []
        var layerOfEntry: [Int: Int] = [:]
        var layer = 0
        for (index, entry) in history.enumerated() where !(entry.empty_layer ?? false) {
            layerOfEntry[index] = layer
            layer += 1
        }
        var next = chain.count - 1
        for index in history.indices.reversed() {
            guard let keyword = Self.keyword(history[index].created_by ?? "") else { break }
            while next >= 0 && chain[next].command != keyword { next -= 1 }
            guard next >= 0 else { break }
            let origin = Origin(file: path, line: chain[next].startLine)
            byHistory[index] = origin
            if let layer = layerOfEntry[index] { byLayer[layer] = origin }
            if keyword == "env" {
                // `ENV A=1 B=2` as BuildKit records it; the entries are read from the last.
                for word in (history[index].created_by ?? "").split(separator: " ").dropFirst() {
                    guard let equals = word.firstIndex(of: "=") else { continue }
                    let name = String(word[..<equals])
                    if byVariable[name] == nil { byVariable[name] = origin }
                }
            }
            next -= 1
        }
    }

    static let keywords: Set<String> = [
        "run", "copy", "add", "env", "workdir", "user", "expose", "label", "cmd", "entrypoint", "healthcheck", "volume",
        "stopsignal", "shell", "onbuild", "arg", "maintainer",
    ]

    /// The instruction keyword of a history entry, in lower case; nil when it is not one.
    static func keyword(_ createdBy: String) -> String? {
        var text = createdBy.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("/bin/sh -c #(nop)") {
            text = String(text.dropFirst("/bin/sh -c #(nop)".count)).trimmingCharacters(in: .whitespaces)
        } else if text.hasPrefix("/bin/sh -c ") || text.hasPrefix("|") {
            return "run"
        }
        let word = text.prefix { !$0.isWhitespace }.lowercased()
        return keywords.contains(word) ? word : nil
    }
}
