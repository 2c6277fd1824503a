import DockerfileSyntax
import Foundation
import StagecraftCompose

struct ComposeProfileUnknown: ProjectRule {
    static let description = RuleDescription(
        id: "compose-profile-unknown",
        severity: .warning, category: .project,
        summary: "A compose profile that scripts or docs use must be declared by a service.",
        rationale:
            "`docker compose --profile gpu up` with no service in profile gpu starts the default services and says nothing, so the GPU backend a README promises never runs. Checked in shell scripts, Makefiles, CI workflows and the README.",
        examples: [
            .project(
                "scripts/up.sh", "#!/bin/sh\n↓docker compose --profile gpu up -d\n",
                files: [
                    "compose.yaml": "services:\n  web:\n    image: web\n  comfyui:\n    image: comfy\n    profiles: [cuda]\n"
                ],
                triggers: true),
            .project(
                "scripts/up.sh", "#!/bin/sh\nCOMPOSE_PROFILES=cuda docker compose up -d\n",
                files: [
                    "compose.yaml": "services:\n  web:\n    image: web\n  comfyui:\n    image: comfy\n    profiles: [cuda]\n"
                ],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        guard !project.composeProjects.isEmpty else { return [] }
        let declared = Set(project.composeProjects.flatMap(\.services).flatMap(\.profiles))
        var violations: [ProjectViolation] = []
        for file in project.scriptFiles {
            guard let text = TextFile.text(file, limit: 4 << 20) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("compose") || line.contains("COMPOSE_PROFILES") {
                for profile in Self.profiles(in: String(line)) where !declared.contains(profile) {
                    violations.append(
                        ProjectViolation(
                            file: file, line: index + 1,
                            "profile \(profile) is used here, but no compose service declares it"
                                + (declared.isEmpty ? "" : "; declared: \(declared.sorted().joined(separator: ", "))")))
                }
            }
        }
        return violations
    }

    /// Profiles a line names: `--profile X`, `--profile=X`, `COMPOSE_PROFILES=a,b`.
    static func profiles(in line: String) -> [String] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "`" }).map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        var result: [String] = []
        for (index, word) in words.enumerated() {
            if word == "--profile", index + 1 < words.count {
                result.append(words[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
            } else if word.hasPrefix("--profile=") {
                result.append(String(word.dropFirst("--profile=".count)))
            } else if word.hasPrefix("COMPOSE_PROFILES=") {
                result += word.dropFirst("COMPOSE_PROFILES=".count).split(separator: ",").map(String.init)
            }
        }
        // Variables and placeholders are not profile names.
        return result.filter { name in
            !name.isEmpty && name != "*" && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        }
    }
}
