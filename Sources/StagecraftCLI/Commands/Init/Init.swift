import ArgumentParser
import Foundation
import StagecraftInit
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft init`: a multi-stage Dockerfile, .dockerignore, compose file and settings for
    /// what a folder holds, read from its files.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a multi-stage Dockerfile, .dockerignore, compose.yaml and .stagecraft.yml for a project.",
            discussion: """
                Reads the folder instead of asking: package.json (Next.js or Node, the lock file and package manager,
                the start script's entry, the port it listens on, engines.node), requirements.txt or pyproject.toml
                (Python, requires-python, the entry module and port), go.mod, Cargo.toml or Package.swift. The
                Dockerfile has deps, builder, runtime and development stages, cache mounts, a non-root user and a
                health check; base images are build arguments defaulting to the upstream images.
                Nothing is overwritten without --force; --dry-run prints the files instead.
                Exit codes: 0 written (or printed), 2 nothing recognised, or a file exists without --force.
                """)

        @Argument(help: "The project folder.")
        var folder: String = "."

        @Flag(help: "Print the files instead of writing them.")
        var dryRun = false

        @Flag(help: "Overwrite files that exist.")
        var force = false

        func run() throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw CommandFailure("error: \(folder): no such folder")
            }
            guard let project = ProjectDetection.detect(folder) else {
                throw CommandFailure(
                    "error: \(folder): nothing stagecraft init knows (package.json, requirements.txt, pyproject.toml, go.mod, Cargo.toml, Package.swift); write the Dockerfile by hand and check it with stagecraft lint"
                )
            }
            let files = ProjectTemplates.files(for: project)
            Console.error("\(folder): \(project.kind.rawValue) project: \(project.evidence.joined(separator: "; "))")
            if dryRun {
                for file in files { Console.output("==> \(file.path) <==\n\(file.text)") }
                return
            }
            let paths = files.map { (folder as NSString).appendingPathComponent($0.path) }
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty && !force {
                throw CommandFailure(
                    "error: \(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : ""); nothing was written (--force overwrites, --dry-run prints)"
                )
            }
            for (file, path) in zip(files, paths) {
                do { try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                    throw CommandFailure("error: \(path): cannot be written (\(error.localizedDescription))")
                }
                Console.error("wrote \(path)")
            }
            Console.error("next: stagecraft lint \(folder) && stagecraft build && stagecraft test")
        }
    }
}
