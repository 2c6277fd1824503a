import Foundation
import StagecraftReporting

/// `docker buildx bake` files: `docker-bake.hcl`, `docker-bake.json` and their `.override`
/// files, read as bake reads them for what a lint needs: each target's context, Dockerfile,
/// stage, tags and build arguments, after `inherits` and `${VARIABLE}` interpolation (the
/// environment first, then the variable's default).
/// See https://docs.docker.com/build/bake/reference/
public enum BakeFile {
    /// The names bake looks for, in its order.
    public static let defaultNames = [
        "docker-bake.json", "docker-bake.override.json", "docker-bake.hcl", "docker-bake.override.hcl",
    ]

    public static func isBakeFileName(_ name: String) -> Bool { defaultNames.contains(name) }

    /// The targets of the bake files in one folder, read together (later files override).
    /// - Throws: ``ComposeError`` naming the file and line of what cannot be read.
    public static func load(_ paths: [String], environment: [String: String]) throws(ComposeError) -> [BuildDeclaration] {
        var blocks: [(block: HCLDocument.Block, file: String)] = []
        for path in paths {
            let start = SourceLocation(file: path, line: 1, keyPath: "(file)")
            guard let text = TextFile.text(path) else {
                throw ComposeError(start, "cannot be read; check that the file exists and is readable")
            }
            if path.hasSuffix(".json") {
                blocks += try jsonBlocks(text, path: path).map { ($0, path) }
            } else {
                do {
                    blocks += try HCLDocument(text).blocks.map { ($0, path) }
                } catch {
                    throw ComposeError(SourceLocation(file: path, line: error.line, keyPath: "(file)"), error.message)
                }
            }
        }
        var variables: [String: String] = [:]
        for (block, _) in blocks where block.type == "variable" {
            guard let name = block.labels.first else { continue }
            if let value = environment[name] {
                variables[name] = value
            } else if let value = block.attribute("default") {
                switch value {
                case .string(let text), .number(let text): variables[name] = text
                case .bool(let flag): variables[name] = flag ? "true" : "false"
                default: continue
                }
            }
        }
        // Later definitions of a target add to and override earlier ones.
        var targets: [String: (attributes: [(name: String, value: HCLDocument.Value, line: Int)], file: String, line: Int)] = [:]
        var order: [String] = []
        for (block, file) in blocks where block.type == "target" {
            guard let name = block.labels.first else { continue }
            if targets[name] == nil {
                order.append(name)
                targets[name] = ([], file, block.line)
            }
            targets[name]?.attributes += block.attributes
        }
        func attributes(_ name: String, chain: [String]) throws(ComposeError) -> [(
            name: String, value: HCLDocument.Value, line: Int
        )] {
            guard let target = targets[name] else { return [] }
            guard !chain.contains(name), chain.count < ComposeLoader.maximumChain else {
                throw ComposeError(
                    SourceLocation(file: target.file, line: target.line, keyPath: "target.\(name)"),
                    "inherits makes a cycle: \((chain + [name]).joined(separator: " -> "))")
            }
            var result: [(name: String, value: HCLDocument.Value, line: Int)] = []
            if let parents = target.attributes.last(where: { $0.name == "inherits" })?.value.strings {
                for parent in parents { result += try attributes(parent, chain: chain + [name]) }
            }
            return result + target.attributes
        }
        // A target others inherit from and no group lists is a set of defaults, never built itself.
        let inherited = Set(
            targets.values.flatMap { $0.attributes.filter { $0.name == "inherits" }.flatMap { $0.value.strings ?? [] } })
        let grouped = Set(
            blocks.filter { $0.block.type == "group" }.flatMap { $0.block.attribute("targets")?.strings ?? [] })
        var declarations: [BuildDeclaration] = []
        for name in order {
            guard let target = targets[name] else { continue }
            let all = try attributes(name, chain: [])
            guard !inherited.contains(name) || grouped.contains(name) else { continue }
            func value(_ key: String) -> HCLDocument.Value? { all.last { $0.name == key }?.value }
            // An inline Dockerfile has no file to lint.
            if value("dockerfile-inline") != nil { continue }
            let interpolate = { (text: String) in Self.interpolate(text, variables) }
            var declaration = BuildDeclaration(
                location: SourceLocation(file: target.file, line: target.line, keyPath: "target.\(name)"),
                workingDirectory: containingFolder(of: target.file),
                context: value("context")?.string.map(interpolate) ?? ".",
                dockerfile: value("dockerfile")?.string.map(interpolate),
                target: value("target")?.string.map(interpolate),
                origin: "bake target \(name)")
            declaration.tags = (value("tags")?.strings ?? []).map(interpolate)
            if case .object(let pairs) = value("args") {
                for (key, item) in pairs { declaration.args[key] = item.string.map(interpolate) ?? "" }
            }
            if case .object(let pairs) = value("contexts") {
                for (key, item) in pairs { declaration.namedContexts[key] = item.string.map(interpolate) ?? "" }
            }
            declarations.append(declaration)
        }
        return declarations
    }

    /// `${NAME}` replaced by a known variable's value; anything else stays as written.
    static func interpolate(_ text: String, _ variables: [String: String]) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[start.upperBound..<end]).trimmingCharacters(in: .whitespaces)
            result += variables[name] ?? "${\(name)}"
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// A JSON bake file as blocks, with the line each target name is written on.
    static func jsonBlocks(_ text: String, path: String) throws(ComposeError) -> [HCLDocument.Block] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ComposeError(SourceLocation(file: path, line: 1, keyPath: "(file)"), "not a JSON object")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of key: String) -> Int {
            (lines.firstIndex { $0.contains("\"\(key)\"") }).map { $0 + 1 } ?? 1
        }
        func convert(_ value: Any) -> HCLDocument.Value {
            switch value {
            case let text as String: .string(text)
            case let flag as Bool: .bool(flag)
            case let number as NSNumber: .number(number.stringValue)
            case let items as [Any]: .list(items.map(convert))
            case let map as [String: Any]: .object(map.keys.sorted().map { ($0, convert(map[$0] as Any)) })
            default: .expression("\(value)")
            }
        }
        var blocks: [HCLDocument.Block] = []
        for type in ["variable", "target", "group"] {
            guard let entries = object[type] as? [String: Any] else { continue }
            for name in entries.keys.sorted() {
                let entryLine = line(of: name)
                var block = HCLDocument.Block(type: type, labels: [name], line: entryLine)
                for (key, value) in (entries[name] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    block.attributes.append((key, convert(value), entryLine))
                }
                blocks.append(block)
            }
        }
        return blocks
    }
}
