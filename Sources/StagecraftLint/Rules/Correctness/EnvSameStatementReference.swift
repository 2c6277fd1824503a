import DockerfileSyntax

struct EnvSameStatementReference: Rule {
    static let description = RuleDescription(
        id: "env-same-statement-reference", aliases: [.hadolint("DL3044")], severity: .error, category: .correctness,
        summary: "Do not refer to a variable in the same ENV statement that defines it.",
        rationale: "All values of one ENV are expanded before any is set, so `ENV A=1 B=$A` gives B the old value of A.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ENV APP=/app BIN=$APP/bin\n"),
            .passing("FROM alpine:3.20\nENV APP=/app\nENV BIN=$APP/bin PATH=$PATH:/x\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var defined = Set<String>()
            for node in stage.instructions {
                if node.command == "arg" { defined.formUnion(node.next.map { argName($0.value) }) }
                guard node.command == "env", node.next.count > 3 else {
                    if node.command == "env" {
                        defined.formUnion(stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value })
                    }
                    continue
                }
                let pairs = stride(from: 0, to: node.next.count - 1, by: 3).map { (node.next[$0].value, node.next[$0 + 1].value) }
                let referenced = pairs.enumerated().contains { index, pair in
                    !defined.contains(pair.0)
                        && pairs.enumerated().contains { other, candidate in
                            other != index && Self.refers(to: pair.0, in: candidate.1)
                        }
                }
                if referenced { violations.append(Violation(node)) }
                defined.formUnion(pairs.map(\.0))
            }
        }
        return violations
    }

    static func refers(to name: String, in text: String) -> Bool {
        if text.contains("${\(name)}") { return true }
        let marker = "$" + name
        var rest = Substring(text)
        while let range = rest.range(of: marker) {
            let after = rest[range.upperBound...]
            if let next = after.first, next == "_" || next.isLetter || next.isNumber {
                rest = after
                continue
            }
            return true
        }
        return false
    }
}
