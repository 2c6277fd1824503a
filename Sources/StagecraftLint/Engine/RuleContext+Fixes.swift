import DockerfileSyntax

extension RuleContext {
    /// A fix replacing a single-line instruction's text (keeping its indentation).
    func replaceInstruction(_ node: Node, with text: String, title: String) -> Fix? {
        guard node.startLine == node.endLine, node.heredocs.isEmpty else { return nil }
        let range = document.lineRange(node.startLine)
        let line = Array(document.source[range])
        let indent = line.prefix { $0 == 0x20 || $0 == 0x09 }.count
        return Fix(title: title, edits: [Fix.Edit(range: (range.lowerBound + indent)..<range.upperBound, replacement: text)])
    }

    /// A fix inserting `text` right after the first occurrence of `anchor` in the instruction's
    /// lines, or nil when the anchor is not found verbatim.
    func insert(_ text: String, after anchor: String, in node: Node, title: String) -> Fix? {
        let start = document.lineStarts[node.startLine - 1]
        let end = node.endLine < document.lineStarts.count ? document.lineStarts[node.endLine] : document.source.count
        let haystack = Array(document.source[start..<end])
        let needle = Array(anchor.utf8)
        guard let offset = haystack.firstRange(of: needle)?.upperBound else { return nil }
        return Fix(title: title, edits: [Fix.Edit(range: (start + offset)..<(start + offset), replacement: text)])
    }

    /// A fix replacing the first verbatim occurrence of `old` in the instruction's lines.
    func replace(_ old: String, with new: String, in node: Node, title: String) -> Fix? {
        let start = document.lineStarts[node.startLine - 1]
        let end = node.endLine < document.lineStarts.count ? document.lineStarts[node.endLine] : document.source.count
        let haystack = Array(document.source[start..<end])
        guard let found = haystack.firstRange(of: Array(old.utf8)) else { return nil }
        return Fix(
            title: title, edits: [Fix.Edit(range: (start + found.lowerBound)..<(start + found.upperBound), replacement: new)])
    }
}

extension Array where Element == UInt8 {
    func firstRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= count else { return nil }
        var index = 0
        while index + needle.count <= count {
            if self[index] == needle[0] && self[index..<index + needle.count].elementsEqual(needle) {
                return index..<index + needle.count
            }
            index += 1
        }
        return nil
    }
}
