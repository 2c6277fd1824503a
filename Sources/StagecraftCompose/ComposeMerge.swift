/// Merging compose files, by the compose specification's merge rules (compose-spec `13-merge.md`,
/// compose-go `override/merge.go`) for the parts stagecraft models:
/// - a service only in the later file is added; one in both is merged;
/// - scalars the later file writes (`image`, `build.context`, `build.dockerfile`, `build.target`)
///   replace the earlier ones;
/// - `build.args`, `build.labels` and `environment` merge by key, the later value winning;
/// - sequences append, keeping each item once (`ports`, `profiles`, `build.tags`, `cache_from`, `cache_to`);
/// - `healthcheck` merges field by field, and its `test` is replaced, not appended;
/// - `depends_on` merges by service name;
/// - the later file's `name:` wins;
/// - a key the later file tags `!reset` goes back to its default, and one it tags `!override`
///   takes the later value whole instead of merging.
extension ComposeProject {
    public func merging(_ later: ComposeProject) -> ComposeProject {
        var merged = self
        merged.files += later.files
        merged.warnings += later.warnings
        merged.secrets.merge(later.secrets) { $1 }
        merged.includedFiles += later.includedFiles.filter { !merged.includedFiles.contains($0) }
        if later.nameIsExplicit {
            merged.name = later.name
            merged.nameIsExplicit = true
        }
        for service in later.services {
            if let index = merged.services.firstIndex(where: { $0.name == service.name }) {
                merged.services[index] = merged.services[index].merging(service)
            } else {
                merged.services.append(service)
            }
        }
        return merged
    }
}

extension ComposeService {
    /// The service keys `!reset` and `!override` apply to, and how the later value is taken.
    static let taggable: [String: @Sendable (inout ComposeService, ComposeService) -> Void] = [
        "image": { $0.image = $1.image }, "build": { $0.build = $1.build },
        "healthcheck": { $0.healthcheck = $1.healthcheck }, "profiles": { $0.profiles = $1.profiles },
        "ports": { $0.ports = $1.ports }, "environment": { $0.environment = $1.environment },
        "depends_on": { $0.dependsOn = $1.dependsOn },
    ]

    func merging(_ later: ComposeService) -> ComposeService {
        var merged = self
        merged.image = later.image ?? image
        switch (build, later.build) {
        case (let earlier?, let override?): merged.build = earlier.merging(override)
        case (nil, let override?): merged.build = override
        default: break
        }
        switch (healthcheck, later.healthcheck) {
        case (let earlier?, let override?): merged.healthcheck = earlier.merging(override)
        case (nil, let override?): merged.healthcheck = override
        default: break
        }
        merged.profiles = appendingUnique(profiles, later.profiles)
        merged.ports = appendingUnique(ports, later.ports)
        merged.environment.merge(later.environment) { $1 }
        for dependency in later.dependsOn {
            if let index = merged.dependsOn.firstIndex(where: { $0.service == dependency.service }) {
                merged.dependsOn[index] = dependency
            } else {
                merged.dependsOn.append(dependency)
            }
        }
        // A reset key was not read, so the later value is the default; an override is taken whole.
        MergeTag.takeTagged(later.mergeTags, into: &merged, from: later, Self.taggable)
        merged.mergeTags = [:]
        return merged
    }
}

extension ComposeBuild {
    /// The `build:` keys whose tagged values are taken whole (the scalars are always replaced).
    static let taggable: [String: @Sendable (inout ComposeBuild, ComposeBuild) -> Void] = [
        "args": { $0.args = $1.args }, "labels": { $0.labels = $1.labels }, "tags": { $0.tags = $1.tags },
        "cache_from": { $0.cacheFrom = $1.cacheFrom }, "cache_to": { $0.cacheTo = $1.cacheTo },
    ]

    func merging(_ later: ComposeBuild) -> ComposeBuild {
        var merged = self
        if later.explicitKeys.contains("context") {
            merged.context = later.context
            merged.contextLocation = later.contextLocation
        }
        if later.explicitKeys.contains("dockerfile") {
            merged.dockerfile = later.dockerfile
            merged.dockerfileLocation = later.dockerfileLocation
        }
        if later.explicitKeys.contains("target") {
            merged.target = later.target
            merged.targetLocation = later.targetLocation
        }
        merged.args.merge(later.args) { $1 }
        merged.labels.merge(later.labels) { $1 }
        merged.additionalContexts.merge(later.additionalContexts) { $1 }
        merged.secrets = appendingUnique(secrets, later.secrets)
        merged.tags = appendingUnique(tags, later.tags)
        merged.cacheTo = appendingUnique(cacheTo, later.cacheTo)
        for entry in later.cacheFrom where !merged.cacheFrom.contains(where: { $0.value == entry.value }) {
            merged.cacheFrom.append(entry)
        }
        // `context`, `dockerfile` and `target` were replaced (or reset) above.
        MergeTag.takeTagged(later.mergeTags, into: &merged, from: later, Self.taggable)
        merged.explicitKeys.formUnion(later.explicitKeys)
        merged.mergeTags = [:]
        return merged
    }
}

extension ComposeHealthcheck {
    func merging(_ later: ComposeHealthcheck) -> ComposeHealthcheck {
        var merged = self
        if !later.test.isEmpty {
            merged.test = later.test
            merged.location = later.location
        }
        merged.disabled = later.disabled || (disabled && later.test.isEmpty)
        merged.interval = later.interval ?? interval
        merged.timeout = later.timeout ?? timeout
        merged.retries = later.retries ?? retries
        merged.startPeriod = later.startPeriod ?? startPeriod
        return merged
    }
}

/// `first` then the items of `second` it lacks, each once.
func appendingUnique(_ first: [String], _ second: [String]) -> [String] {
    var seen = Set(first)
    var result = first
    for item in second where seen.insert(item).inserted { result.append(item) }
    return result
}

extension MergeTag {
    /// For each key `tags` names, `take` puts the later value in place of the merged one.
    static func takeTagged<Value>(
        _ tags: [String: MergeTag], into merged: inout Value, from later: Value,
        _ take: [String: @Sendable (inout Value, Value) -> Void]
    ) {
        for key in tags.keys { take[key]?(&merged, later) }
    }
}
