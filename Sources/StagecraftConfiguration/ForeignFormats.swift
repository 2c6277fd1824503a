import Yams

/// The peers' configuration files stagecraft also reads, each into the section it stands for:
/// hadolint's `.hadolint.yaml` into `lint`, dive's `.dive-ci` into `inspect`. Keys stagecraft
/// has no use for are ignored, as the peers' own readers do.
enum ForeignFormat: CaseIterable {
    case hadolint, dive

    /// The names the peer looks for.
    var fileNames: [String] {
        switch self {
        case .hadolint: [".hadolint.yaml", ".hadolint.yml"]
        case .dive: [".dive-ci"]
        }
    }

    /// The section of the configuration the file fills.
    var section: String {
        switch self {
        case .hadolint: "lint"
        case .dive: "inspect"
        }
    }

    /// The format a file named `path` is in, or nil for `.stagecraft.yml`'s own.
    static func of(path: String) -> ForeignFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return allCases.first { $0.fileNames.contains(name) || (name.contains("hadolint") && $0 == .hadolint) }
    }

    func read(_ root: Yams.Node, into configuration: inout ProjectConfiguration, _ at: SettingLocation) throws {
        switch self {
        case .hadolint:
            configuration.lint = try SectionReader.read(root, Self.hadolintSettings, at, unknownKeys: .ignore)
        case .dive:
            guard let rules = root.mapping?["rules"] else { return }
            configuration.inspect = try SectionReader.read(rules, Self.diveSettings, at.appending("rules"))
        }
        configuration.origins[section] = at.path
    }

    /// hadolint's keys (https://github.com/hadolint/hadolint#configure).
    static var hadolintSettings: [Setting<LintSettings>] {
        [
            .texts("ignored", \.disable, "Rules never reported."),
            .texts("trustedRegistries", \.trustedRegistries, "Registries images may come from."),
            .choice("failure-threshold", LintSettings.severities + ["none"], \.failureThreshold, "The failing severity."),
            Setting("disable-ignore-pragma", .boolean, "Ignore inline ignore comments.") { node, lint, at in
                lint.inlineIgnores = !(try boolean(node, at))
            } value: {
                .bool(!$0.inlineIgnores)
            },
            .map("label-schema", choices: LintSettings.labelFormats, \.labelSchema, "Required labels."),
            .flag("strict-labels", \.strictLabels, "Report labels outside the schema."),
            Setting("override", .map(.strings), "Severity lists.") { node, lint, at in
                guard let mapping = node.mapping else { throw at.error(node, "expected severity: rule lists") }
                for (level, rules) in mapping {
                    let entry = at.appending(level.string ?? "?")
                    let severity = try oneOf(LintSettings.severities, level, entry)
                    for rule in try strings(rules, entry) { lint.severity[rule] = severity }
                }
            } value: {
                .object($0.severity.mapValues(SettingValue.string))
            },
        ]
    }

    /// dive's `rules:` keys.
    static var diveSettings: [Setting<InspectSettings>] {
        [
            .ratio("lowestEfficiency", \.lowestEfficiency, "The lowest efficiency."),
            .size("highestWastedBytes", \.highestWastedBytes, "The most wasted bytes."),
            .ratio("highestUserWastedPercent", \.highestUserWastedPercent, "The highest user-wasted ratio."),
        ]
    }
}
