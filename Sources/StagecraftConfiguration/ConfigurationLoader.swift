import Foundation
import Yams

/// Finds and reads the configuration, once per command.
///
/// With an explicit file (`--config`), only that file is read, in the format its name says
/// (`.hadolint.yaml` and `.dive-ci` are the peers'; any other name is `.stagecraft.yml`'s format).
/// Otherwise the nearest folder, from the project folder upwards to the repository root (a folder
/// holding `.git`), that holds `.stagecraft.yml`, `.stagecraft.yaml`, `.hadolint.yaml` or
/// `.dive-ci` is the configuration folder: `.stagecraft.yml` is read, and a section it lacks is
/// taken from the peer's file beside it.
public enum ConfigurationLoader {
    /// The names of stagecraft's own file, in the order they are looked for.
    public static let fileNames = [".stagecraft.yml", ".stagecraft.yaml"]

    /// Files larger than this are refused: a configuration is a few kilobytes.
    public static let maximumFileSize = 4 << 20

    /// The configuration for a project in `folder` (default: the current folder).
    public static func load(explicit: String?, folder: String = ".") throws(ConfigurationError) -> ProjectConfiguration {
        var configuration = ProjectConfiguration()
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw ConfigurationError(
                    path: explicit, line: nil, keyPath: "(document)", message: "no such configuration file",
                    remedy: "check the path given with --config")
            }
            try read(explicit, into: &configuration)
            return configuration
        }
        guard let found = locate(from: folder) else { return configuration }
        for path in found.reversed() { try read(path, into: &configuration) }
        return configuration
    }

    /// The configuration files of the nearest configuration folder, most important first.
    public static func locate(from folder: String) -> [String]? {
        var current = URL(fileURLWithPath: folder).standardizedFileURL
        for _ in 0..<64 {
            let own = fileNames.map { current.appendingPathComponent($0).path }.first(where: isRegularFile)
            let foreign = ForeignFormat.allCases.compactMap { format in
                format.fileNames.map { current.appendingPathComponent($0).path }.first(where: isRegularFile)
            }
            if own != nil || !foreign.isEmpty { return ((own.map { [$0] } ?? []) + foreign).map(relativeToCurrentFolder) }
            let isRepositoryRoot = FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path)
            let parent = current.deletingLastPathComponent()
            if isRepositoryRoot || parent.path == current.path { return nil }
            current = parent
        }
        return nil
    }

    /// The repository root at or above `folder` (the nearest folder holding `.git`): `.` when it is
    /// the current folder, else its full path; nil outside a repository.
    public static func repositoryRoot(from folder: String) -> String? {
        var current = URL(fileURLWithPath: folder).standardizedFileURL
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        for _ in 0..<64 {
            if FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path) {
                return current.path == here ? "." : current.path
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
        return nil
    }

    /// Reads `text` (from `path`) into `configuration`: the sections it sets replace those already
    /// there.
    public static func parse(_ text: String, path: String, into configuration: inout ProjectConfiguration)
        throws(ConfigurationError)
    {
        let at = SettingLocation(path: path, keyPath: "")
        do {
            let root: Yams.Node?
            do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
                throw ConfigurationError(
                    path: path, line: line(of: error), keyPath: "(document)", message: "not valid YAML: \(error)")
            }
            guard let root else { return }
            if let foreign = ForeignFormat.of(path: path) {
                try foreign.read(root, into: &configuration, at)
                return
            }
            if case .scalar(let scalar) = root, scalar.string.isEmpty { return }
            guard let mapping = root.mapping else { throw at.error(root, "expected a mapping of sections") }
            let read = try SectionReader.read(root, ProjectConfiguration.settings, at)
            for (key, _) in mapping {
                switch key.string {
                case "lint": configuration.lint = read.lint
                case "inspect": configuration.inspect = read.inspect
                case "test": configuration.test = read.test
                case "scan": configuration.scan = read.scan
                case "history": configuration.history = read.history
                case "gates": configuration.gates = read.gates
                case "ci": configuration.ci = read.ci
                default: continue
                }
                configuration.origins[key.string ?? ""] = path
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(path: path, line: nil, keyPath: "(document)", message: "\(error)")
        }
    }

    private static func read(_ path: String, into configuration: inout ProjectConfiguration) throws(ConfigurationError) {
        guard isRegularFile(path) else {
            throw ConfigurationError(
                path: path, line: nil, keyPath: "(document)", message: "not a regular file",
                remedy: "name a configuration file, not a folder or device")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                path: path, line: nil, keyPath: "(document)", message: "cannot be read", remedy: "check its permissions")
        }
        guard data.count <= maximumFileSize else {
            throw ConfigurationError(
                path: path, line: nil, keyPath: "(document)", message: "is \(data.count) bytes; a configuration is at most 4 MiB")
        }
        try parse(String(decoding: data, as: UTF8.self), path: path, into: &configuration)
    }

    /// `path` without the current folder in front, as the user would write it.
    private static func relativeToCurrentFolder(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
    }

    /// Whether `path` is a regular file, after following symbolic links.
    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}
