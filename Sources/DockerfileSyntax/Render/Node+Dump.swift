extension Node {
    /// BuildKit's `Node.Dump()` s-expression: `(run "echo hi")`, flags as `["--a"]`.
    public func dump() -> String {
        var out = goLowercased(value)
        if !flags.isEmpty { out += " [" + flags.map { goQuote($0) }.joined(separator: " ") + "]" }
        for child in children { out += "(" + child.dump() + ")\n" }
        for argument in next {
            out += " " + (argument.children.isEmpty ? goQuote(argument.value) : argument.dump())
        }
        return Array(out.utf8).goTrimSpace().text
    }
}

extension ParsedDockerfile {
    /// The whole tree as BuildKit dumps its root node, one instruction per line.
    public func dump() -> String {
        var out = ""
        for node in nodes { out += "(" + node.dump() + ")\n" }
        return Array(out.utf8).goTrimSpace().text
    }
}
