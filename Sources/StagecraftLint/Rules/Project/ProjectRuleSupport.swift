import DockerfileSyntax
import Foundation
import StagecraftCompose

// Helpers the project rules share.

/// The Dockerfile and context a compose build points at, as paths.
func buildPaths(_ project: ComposeProject, _ build: ComposeBuild) -> (context: String, dockerfile: String) {
    let context = cleanPath(build.context.hasPrefix("/") ? build.context : project.directory + "/" + build.context)
    let dockerfile = cleanPath(build.dockerfile.hasPrefix("/") ? build.dockerfile : context + "/" + build.dockerfile)
    return (context, dockerfile)
}

/// COPY and ADD sources that come from the build context (not other stages, URLs, heredocs or
/// words with variables), quotes removed.
func contextSources(_ document: DockerfileDocument) -> [(node: Node, source: String)] {
    document.stages.flatMap { stage in
        stage.instructions.filter { ($0.command == "copy" || $0.command == "add") && $0.heredocs.isEmpty }.flatMap {
            node -> [(Node, String)] in
            guard !node.flags.contains(where: { $0.hasPrefix("--from=") }) else { return [] }
            return copySources(node).filter { !$0.contains("$") && !isRemoteSource($0) }.map { (node, $0) }
        }
    }
}

/// Literal sources (no wildcard) the unit's context lacks. A wildcard that matches nothing is not
/// one: BuildKit copies nothing for it and the build goes on (`COPY package.json yarn.lock* ./`).
func missingLiteralSources(_ unit: BuildUnit) -> [(node: Node, source: String)] {
    guard let document = unit.document, FileManager.default.fileExists(atPath: unit.context.root) else { return [] }
    return contextSources(document).filter { _, source in
        let cleaned = cleanPath(String(source.drop { $0 == "/" }))
        return cleaned != "." && !hasWildcard(cleaned) && unit.context.resolve(cleaned).isEmpty
    }
}
