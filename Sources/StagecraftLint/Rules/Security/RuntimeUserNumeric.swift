import DockerfileSyntax

struct RuntimeUserNumeric: Rule {
    static let description = RuleDescription(
        id: "runtime-user-numeric",
        aliases: [.hadolint("DL3066")],
        severity: .info, category: .security,
        summary: "Prefer a numeric UID in the last USER of the image.",
        rationale:
            "Orchestrators check runAsNonRoot against the numeric UID; a name needs /etc/passwd in the image and cannot be verified up front.",
        examples: [.triggering("FROM alpine:3.20\n↓USER app\n"), .passing("FROM alpine:3.20\nUSER 1000:1000\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            guard let user = context.effectiveUser(of: stage), let value = user.next.first?.value else { return nil }
            let name = value.split(separator: ":").first.map(String.init) ?? value
            guard !isRootUser(value), !name.contains("$"), Int(name) == nil else { return nil }
            return Violation(user, "USER \(value) is a name; use its numeric UID (for example USER 1000:1000)")
        }
    }
}
