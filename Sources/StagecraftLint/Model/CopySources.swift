import DockerfileSyntax

/// The sources of a COPY or ADD as BuildKit reads them: every word but the last, with the quotes
/// around a word removed (`ADD "https://…" /x` names a URL, not a local file).
func copySources(_ node: Node) -> [String] {
    node.next.map(\.value).dropLast().map(unquoted)
}

/// A word without the pair of quotes around it, if it has them.
func unquoted(_ word: String) -> String {
    guard word.count >= 2, let first = word.first, first == "\"" || first == "'", word.last == first else { return word }
    return String(word.dropFirst().dropLast())
}

/// Whether an ADD source is fetched rather than read from the context.
func isRemoteSource(_ source: String) -> Bool {
    ["http://", "https://", "git@", "git://"].contains { source.hasPrefix($0) }
}

/// Whether a COPY source has wildcards (which may match nothing without failing the build).
func hasWildcard(_ source: String) -> Bool { source.contains { "*?[".contains($0) } }
