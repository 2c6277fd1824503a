import Foundation
import StagecraftCompose

/// A build context folder on disk, with its `.dockerignore`.
public struct BuildContext: Sendable {
    /// The folder.
    public let root: String
    /// The ignore file in force, if any, and its path.
    public let dockerignore: Dockerignore?
    public let dockerignorePath: String?

    /// Reads the context; BuildKit prefers `<Dockerfile>.dockerignore` beside the Dockerfile, then
    /// the context's `.dockerignore`.
    public init(root: String, dockerfile: String?) {
        self.root = root
        var candidates: [String] = []
        if let dockerfile { candidates.append(dockerfile + ".dockerignore") }
        candidates.append(root + "/.dockerignore")
        for candidate in candidates {
            if let text = TextFile.text(candidate) {
                dockerignore = Dockerignore(text)
                dockerignorePath = candidate
                return
            }
        }
        dockerignore = nil
        dockerignorePath = nil
    }

    /// The paths (relative to the root) that a COPY source names: itself when it exists, or what
    /// its wildcards match, component by component as BuildKit matches them.
    public func resolve(_ source: String) -> [String] {
        let cleaned = cleanPath(source.hasPrefix("/") ? String(source.drop { $0 == "/" }) : source)
        if cleaned == "." { return ["."] }
        var matches = [""]
        for component in cleaned.split(separator: "/").map(String.init) {
            var next: [String] = []
            let wildcard = component.contains { "*?[".contains($0) }
            for base in matches {
                let folder = base.isEmpty ? root : root + "/" + base
                if !wildcard {
                    let candidate = base.isEmpty ? component : base + "/" + component
                    if FileManager.default.fileExists(atPath: root + "/" + candidate) { next.append(candidate) }
                    continue
                }
                let tokens = Dockerignore.compile(component)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                where Dockerignore.matches(tokens[...], Array(name)[...]) {
                    next.append(base.isEmpty ? name : base + "/" + name)
                }
            }
            matches = next
            if matches.isEmpty { break }
        }
        return matches.sorted()
    }
}
