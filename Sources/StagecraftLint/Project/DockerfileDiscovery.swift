import Foundation

/// Finds the Dockerfiles to lint under the paths a user names.
public enum DockerfileDiscovery {
    /// Folders never searched.
    static let skippedFolders: Set<String> = [
        ".git", "node_modules", ".build", "vendor", ".venv", "venv", "__pycache__", "target", "dist",
    ]

    /// Whether a file name looks like a Dockerfile: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
    /// `*.dockerfile`, `Containerfile`.
    public static func isDockerfileName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "dockerfile" || lowered == "containerfile" || lowered.hasPrefix("dockerfile.")
            || lowered.hasSuffix(".dockerfile") || lowered.hasPrefix("containerfile.")
    }

    /// Files named directly are taken as they are; folders are searched recursively.
    /// - Throws: ``CommandLineError`` when a path does not exist.
    public static func find(_ paths: [String], excluding patterns: [String] = []) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DiscoveryError.missing(path)
            }
            if !isDirectory.boolValue {
                found.append(path)
                continue
            }
            found += search(path, matching: isDockerfileName).filter { file in
                !patterns.contains { GlobPattern($0).matches(relative(file, to: path)) }
            }
        }
        return found
    }

    private static func relative(_ file: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    /// Files under `root` whose names satisfy `matching`, skipping the usual vendor folders.
    static func search(_ root: String, matching: (String) -> Bool) -> [String] {
        var results: [String] = []
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        for name in names.sorted() {
            let path = root == "." ? name : (root.hasSuffix("/") ? root + name : root + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if !skippedFolders.contains(name) { results += search(path, matching: matching) }
            } else if matching(name) {
                results.append(path)
            }
        }
        return results
    }

    public enum DiscoveryError: Error, CustomStringConvertible {
        case missing(String)

        public var description: String {
            switch self {
            case .missing(let path): "\(path): error: no such file or folder; name a Dockerfile or a project folder"
            }
        }
    }
}

/// A path glob: `*` within a component, `**` across components, `?` one character.
struct GlobPattern {
    let pattern: [Character]

    init(_ pattern: String) { self.pattern = Array(pattern) }

    func matches(_ path: String) -> Bool { match(pattern[...], Array(path)[...]) }

    private func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let doubleStar = pattern.dropFirst().first == "*"
            var rest = pattern.dropFirst(doubleStar ? 2 : 1)
            if doubleStar && rest.first == "/" {
                if match(rest.dropFirst(), text) { return true }
                rest = rest[...]
            }
            var index = text.startIndex
            while true {
                if match(rest, text[index...]) { return true }
                guard index < text.endIndex, doubleStar || text[index] != "/" else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == "?" ? character != "/" : first == character { return match(pattern.dropFirst(), text.dropFirst()) }
        return false
    }
}
