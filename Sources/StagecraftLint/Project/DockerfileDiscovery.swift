import DockerfileSyntax
import Foundation
import StagecraftReporting

/// Finds the Dockerfiles to lint under the paths a user names.
///
/// A file found in a folder is a Dockerfile when its name looks like one *and* its text reads as
/// one (the first instruction is a Dockerfile instruction), so `dockerfile.go`, a Rego policy named
/// `dockerfile.rego` or `Dockerfile.dockerignore` are skipped. Only regular files inside the folder
/// are taken: symbolic links to folders are not followed, links to files are taken only when the
/// file they reach is inside the folder, and FIFOs, sockets and devices are never opened. A file
/// reached twice is listed once.
public enum DockerfileDiscovery {
    /// Folders never searched.
    static let skippedFolders: Set<String> = [
        ".git", "node_modules", ".build", "vendor", ".venv", "venv", "__pycache__", "target", "dist",
    ]

    /// Whether a file name looks like a Dockerfile: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
    /// `*.dockerfile`, `Containerfile`.
    public static func isDockerfileName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        // Broad on purpose (`Dockerfile_base`, `Dockerfile-dev`): the text decides what is linted.
        return lowered.hasPrefix("dockerfile") || lowered.hasPrefix("containerfile") || lowered.hasSuffix(".dockerfile")
            || lowered.hasSuffix(".containerfile")
    }

    /// A file passed over, and why (shown by `lint --verbose`).
    public struct Skipped: Sendable, Equatable {
        public var path: String
        public var reason: String
    }

    /// What a search found.
    public struct Result: Sendable {
        public var files: [String] = []
        public var skipped: [Skipped] = []
    }

    /// Files named directly are taken as they are; folders are searched recursively.
    /// - Throws: ``DiscoveryError`` when a path does not exist.
    public static func find(_ paths: [String], excluding patterns: [String] = []) throws -> Result {
        var result = Result()
        var seen = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DiscoveryError.missing(path)
            }
            if !isDirectory.boolValue {
                if seen.insert(realPath(path) ?? path).inserted { result.files.append(path) }
                continue
            }
            let folder = search(path, matching: isDockerfileName)
            result.skipped += folder.skipped
            for file in folder.files {
                if patterns.contains(where: { GlobPattern($0).matches(relative(file, to: path)) }) {
                    result.skipped.append(Skipped(path: file, reason: "excluded by configuration"))
                } else if !readsAsDockerfile(file) {
                    result.skipped.append(Skipped(path: file, reason: "named like a Dockerfile but its text is not one"))
                } else if !seen.insert(realPath(file) ?? file).inserted {
                    result.skipped.append(Skipped(path: file, reason: "the same file as one listed before"))
                } else {
                    result.files.append(file)
                }
            }
        }
        return result
    }

    static func relative(_ file: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    /// Regular files under `root` whose names satisfy `matching`, skipping the usual vendor
    /// folders, links that leave `root`, links to folders and anything that is not a regular file.
    public static func search(_ root: String, matching: (String) -> Bool) -> Result {
        var result = Result()
        let rootReal = realPath(root) ?? root
        var pending = [root]
        while let folder = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            var subfolders: [String] = []
            for name in names.sorted() {
                let path = folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    if !skippedFolders.contains(name) { subfolders.append(path) }
                case S_IFREG:
                    if matching(name) { result.files.append(path) }
                case S_IFLNK:
                    guard matching(name) else { continue }
                    var target = stat()
                    if stat(path, &target) != 0 || target.st_mode & S_IFMT != S_IFREG {
                        result.skipped.append(Skipped(path: path, reason: "a symbolic link to something other than a file"))
                    } else if let real = realPath(path), !isInside(real, rootReal) {
                        result.skipped.append(Skipped(path: path, reason: "a symbolic link to \(real), outside \(root)"))
                    } else {
                        result.files.append(path)
                    }
                default:
                    if matching(name) { result.skipped.append(Skipped(path: path, reason: "not a regular file")) }
                }
            }
            // Depth first in name order, as the listing reads.
            pending += subfolders.reversed()
        }
        return result
    }

    /// Whether the text's first instruction is a Dockerfile instruction, after blank lines,
    /// comments and parser directives. Reads at most the first 64 KiB.
    public static func readsAsDockerfile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 65_536)) ?? Data()
        return readsAsDockerfile(text: String(decoding: head, as: UTF8.self))
    }

    static let instructions: Set<String> = [
        "from", "arg", "run", "cmd", "label", "maintainer", "expose", "env", "add", "copy", "entrypoint", "volume", "user",
        "workdir", "onbuild", "stopsignal", "healthcheck", "shell",
    ]

    static func readsAsDockerfile(text: String) -> Bool {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let word = trimmed.prefix { !($0 == " " || $0 == "\t") }
            return instructions.contains(word.lowercased())
        }
        return false
    }

    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path of `path`, or for a path that does not exist, the real path of its nearest
    /// existing folder with the rest appended.
    static func resolvedPath(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let parent = parentFolder(of: path)
        let name = (path as NSString).lastPathComponent
        if parent.isEmpty { return (realPath(".") ?? ".") + "/" + name }
        if parent == path { return path }
        return resolvedPath(parent) + "/" + name
    }

    /// Whether `path` is `folder` or inside it (both real paths).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    public enum DiscoveryError: InputProblem, Equatable {
        case missing(String)

        public var position: SourcePosition {
            switch self {
            case .missing(let path): SourcePosition(file: path)
            }
        }
        public var problem: String { "no such file or folder" }
        public var remedy: String? { "name a Dockerfile or a project folder" }
    }
}
