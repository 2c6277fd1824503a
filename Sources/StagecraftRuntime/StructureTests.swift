import ContainerEngine
import Foundation
import StagecraftReporting
import TarArchive

/// Runs container-structure-test configs against an image with CST's semantics: command tests in
/// a fresh container with the entrypoint cleared, file tests through `docker cp`'s tar stream (so
/// links are checked themselves), metadata from the image config. Regexes match anywhere
/// (unanchored), as Go's `regexp.MatchString` does.
public struct StructureTests: Sendable {
    public var client: DockerClient
    public var janitor: ContainerJanitor

    public init(client: DockerClient, janitor: ContainerJanitor) {
        self.client = client
        self.janitor = janitor
    }

    /// Go's `regexp.MatchString`: RE2 syntax, unanchored, in linear time (``LinearRegex``); an
    /// invalid pattern matches nothing.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? LinearRegex(pattern) else { return false }
        return regex.matches(text)
    }

    /// Go's `os.Expand`: `$NAME`, `${NAME}` and the one-character special names are replaced by
    /// `lookup` (unknown → empty); a `$` not followed by a name, as in `$(cmd)`, stays.
    static func expand(_ text: String, _ lookup: (String) -> String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        func isSpecial(_ byte: UInt8) -> Bool { Array("*#$@!?-0123456789".utf8).contains(byte) }
        func isAlphaNumeric(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count else {
                out.append(bytes[index])
                index += 1
                continue
            }
            let rest = bytes[(index + 1)...]
            var name: ArraySlice<UInt8> = []
            var width = 0
            if rest.first == UInt8(ascii: "{") {
                if rest.count > 2 && isSpecial(rest[rest.startIndex + 1]) && rest[rest.startIndex + 2] == UInt8(ascii: "}") {
                    name = rest[(rest.startIndex + 1)...(rest.startIndex + 1)]
                    width = 3
                } else if let close = rest.firstIndex(of: UInt8(ascii: "}")) {
                    name = rest[(rest.startIndex + 1)..<close]
                    width = close - rest.startIndex + 1
                } else {
                    width = 1
                }
            } else if let first = rest.first, isSpecial(first) {
                name = rest.prefix(1)
                width = 1
            } else {
                name = rest.prefix { isAlphaNumeric($0) }
                width = name.count
            }
            if name.isEmpty && width == 0 {
                out.append(UInt8(ascii: "$"))
            } else if !name.isEmpty {
                out += Array(lookup(String(decoding: name, as: UTF8.self)).utf8)
            }
            index += 1 + width
        }
        return String(decoding: out, as: UTF8.self)
    }

    public func run(_ config: StructureTestConfig, image: String, imageConfig: [String: Any]) -> [CheckResult] {
        var results: [CheckResult] = []
        // CST expands `$VAR` in commands and arguments with the image's Env and the global
        // variables (each global expanded when it is added); other names become empty.
        var variables: [String: String] = [:]
        for item in imageConfig["Env"] as? [String] ?? [] {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            variables[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        var globalEnv: [String] = []
        for variable in config.globalEnvVars ?? [] {
            let value = Self.expand(variable.value ?? "") { [variables] in variables[$0] ?? "" }
            variables[variable.key] = value
            globalEnv.append("\(variable.key)=\(value)")
        }
        for test in config.commandTests ?? [] {
            results.append(
                command(test, image: image, env: globalEnv, variables: variables, options: config.containerRunOptions))
        }
        if !(config.fileContentTests ?? []).isEmpty || !(config.fileExistenceTests ?? []).isEmpty {
            let name = janitor.containerName(for: "files")
            let created = client.capture(
                [
                    "create", "--name", name,
                ] + janitor.labelArguments + [image])
            for test in config.fileContentTests ?? [] {
                results.append(
                    created.status == 0
                        ? fileContent(test, container: name) : failure("File Content Test: \(test.name)", created.stderr))
            }
            for test in config.fileExistenceTests ?? [] {
                results.append(
                    created.status == 0
                        ? fileExistence(test, container: name) : failure("File Existence Test: \(test.name)", created.stderr))
            }
            _ = client.capture(["rm", "-f", name])
        }
        if let metadata = config.metadataTest { results.append(Self.metadata(metadata, config: imageConfig)) }
        return results
    }

    func failure(_ name: String, _ detail: String) -> CheckResult {
        CheckResult(name: name, status: .fail, detail: detail.trimmingCharacters(in: .whitespacesAndNewlines), seconds: 0)
    }

    /// The entries `docker cp CONTAINER:PATH -` streams: the path itself first.
    func copy(_ path: String, container: String) -> (entries: [(TarEntry, [UInt8])], error: String?) {
        let output = client.capture(["cp", "\(container):\(path)", "-"])
        guard output.status == 0 else { return ([], output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard output.stdoutDropped == 0 else {
            return ([], "\(path) is larger than \(DockerClient.Captured.keep >> 20) MiB, more than file tests read")
        }
        let reader = TarReader(MemoryStream(output.stdout))
        var entries: [(TarEntry, [UInt8])] = []
        do {
            while let entry = try reader.next() {
                let content = entry.kind == .file && entries.isEmpty ? try reader.readAll() : []
                entries.append((entry, content))
                if entries.count > 1 { break }
            }
        } catch { return (entries, "unreadable copy of \(path): \(error)") }
        return (entries, nil)
    }

    func fileContent(_ test: StructureTestConfig.FileContentTest, container: String) -> CheckResult {
        let name = "File Content Test: \(test.name)"
        var (entries, error) = copy(test.path, container: container)
        // CST reads through symlinks.
        if error == nil, let first = entries.first?.0, first.kind == .symbolicLink {
            let target =
                first.linkTarget.hasPrefix("/")
                ? first.linkTarget : parentFolder(of: test.path) + "/" + first.linkTarget
            (entries, error) = copy(target, container: container)
        }
        if let error { return failure(name, error) }
        guard let (entry, content) = entries.first, entry.kind == .file else {
            return failure(name, "\(test.path) is not a file")
        }
        let text = String(decoding: content, as: UTF8.self)
        var errors: [String] = []
        for pattern in test.expectedContents ?? [] where !Self.matches(pattern, text) {
            errors.append("expected contents \(pattern) not found")
        }
        for pattern in test.excludedContents ?? [] where Self.matches(pattern, text) {
            errors.append("excluded contents \(pattern) found")
        }
        return errors.isEmpty
            ? CheckResult(name: name, status: .pass, detail: test.path, seconds: 0)
            : failure(name, errors.joined(separator: "; "))
    }

    func fileExistence(_ test: StructureTestConfig.FileExistenceTest, container: String) -> CheckResult {
        let name = "File Existence Test: \(test.name)"
        let (entries, error) = copy(test.path, container: container)
        let shouldExist = test.shouldExist ?? true
        guard let entry = entries.first?.0, error == nil else {
            return shouldExist
                ? failure(name, "\(test.path) does not exist: \(error ?? "")")
                : CheckResult(name: name, status: .pass, detail: "\(test.path) is absent", seconds: 0)
        }
        if !shouldExist { return failure(name, "\(test.path) exists but should not") }
        var errors: [String] = []
        let mode = Self.fileModeString(entry)
        if let permissions = test.permissions, permissions != mode {
            errors.append("permissions \(mode), expected \(permissions)")
        }
        if let uid = test.uid, uid >= 0, uid != entry.uid { errors.append("uid \(entry.uid), expected \(uid)") }
        if let gid = test.gid, gid >= 0, gid != entry.gid { errors.append("gid \(entry.gid), expected \(gid)") }
        if let who = test.isExecutableBy {
            let bits = ["owner": 0o100, "group": 0o010, "other": 0o001, "any": 0o111][who]
            if let bits {
                if entry.mode & bits == 0 { errors.append("not executable by \(who)") }
            } else {
                errors.append("isExecutableBy must be owner, group, other or any, not \(who)")
            }
        }
        return errors.isEmpty
            ? CheckResult(name: name, status: .pass, detail: "\(test.path) \(mode)", seconds: 0)
            : failure(name, errors.joined(separator: "; "))
    }

    /// Go's `os.FileMode.String()`: type letters, then setuid/setgid/sticky as `u`, `g`, `t`,
    /// then the nine permission letters.
    static func fileModeString(_ entry: TarEntry) -> String {
        var out = ""
        switch entry.kind {
        case .directory: out += "d"
        case .symbolicLink: out += "L"
        case .blockDevice: out += "D"
        case .characterDevice: out += "Dc"
        case .fifo: out += "p"
        default: break
        }
        if entry.mode & 0o4000 != 0 { out += "u" }
        if entry.mode & 0o2000 != 0 { out += "g" }
        if entry.mode & 0o1000 != 0 { out += "t" }
        if out.isEmpty { out = "-" }
        let letters = Array("rwxrwxrwx")
        for bit in 0..<9 { out.append(entry.mode & (1 << (8 - bit)) != 0 ? letters[bit] : "-") }
        return out
    }

    /// Each expected key/value (exact, or a regex with `isRegex`) against `actual`.
    static func compare(_ expected: [StructureTestConfig.EnvVar], _ actual: [String: String], kind: String) -> [String] {
        var errors: [String] = []
        for item in expected {
            guard let value = actual[item.key] else {
                errors.append("\(kind) \(item.key) is not set")
                continue
            }
            let wanted = item.value ?? ""
            let ok = item.isRegex == true ? matches(wanted, value) : value == wanted
            if !ok { errors.append("\(kind) \(item.key) is \(value), expected \(wanted)") }
        }
        return errors
    }

    static func metadata(_ test: StructureTestConfig.MetadataTest, config: [String: Any]) -> CheckResult {
        var errors: [String] = []
        var env: [String: String] = [:]
        for item in config["Env"] as? [String] ?? [] {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        errors += compare(test.envVars ?? [], env, kind: "env")
        for variable in test.unboundEnvVars ?? [] where env[variable.key] != nil { errors.append("env \(variable.key) is set") }
        errors += compare(test.labels ?? [], config["Labels"] as? [String: String] ?? [:], kind: "label")
        let ports = Set(
            (config["ExposedPorts"] as? [String: Any] ?? [:]).keys.map { String($0.split(separator: "/").first ?? "") })
        for port in test.exposedPorts ?? [] where !ports.contains(port) { errors.append("port \(port) is not exposed") }
        for port in test.unexposedPorts ?? [] where ports.contains(port) { errors.append("port \(port) is exposed") }
        if let entrypoint = test.entrypoint, entrypoint != (config["Entrypoint"] as? [String] ?? []) {
            errors.append("entrypoint is \(config["Entrypoint"] as? [String] ?? []), expected \(entrypoint)")
        }
        if let cmd = test.cmd, cmd != (config["Cmd"] as? [String] ?? []) {
            errors.append("cmd is \(config["Cmd"] as? [String] ?? []), expected \(cmd)")
        }
        if let workdir = test.workdir, workdir != (config["WorkingDir"] as? String ?? "") {
            errors.append("workdir is \(config["WorkingDir"] as? String ?? ""), expected \(workdir)")
        }
        let volumes = Set((config["Volumes"] as? [String: Any] ?? [:]).keys)
        for volume in test.volumes ?? [] where !volumes.contains(volume) { errors.append("volume \(volume) is not declared") }
        for volume in test.unmountedVolumes ?? [] where volumes.contains(volume) { errors.append("volume \(volume) is declared") }
        if let user = test.user, user != (config["User"] as? String ?? "") {
            errors.append("user is \(config["User"] as? String ?? ""), expected \(user)")
        }
        return CheckResult(
            name: "Metadata Test", status: errors.isEmpty ? .pass : .fail,
            detail: errors.isEmpty ? "matches" : errors.joined(separator: "; "), seconds: 0)
    }
}
