/// Merging compose files, by the compose specification's merge rules (compose-spec `13-merge.md`,
/// compose-go `override/merge.go`) for the parts stagecraft models:
/// - a service only in the later file is added; one in both is merged;
/// - scalars the later file writes (`image`, `build.context`, `build.dockerfile`, `build.target`)
///   replace the earlier ones;
/// - `build.args`, `build.labels` and `environment` merge by key, the later value winning;
/// - sequences append, keeping each item once (`ports`, `profiles`, `build.tags`, `cache_from`, `cache_to`);
/// - `healthcheck` merges field by field, and its `test` is replaced, not appended;
/// - `depends_on` merges by service name;
/// - the later file's `name:` wins.
extension ComposeProject {
    public func merging(_ later: ComposeProject) -> ComposeProject {
        var merged = self
        merged.files += later.files
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
        return merged
    }
}

extension ComposeBuild {
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
        merged.tags = appendingUnique(tags, later.tags)
        merged.cacheTo = appendingUnique(cacheTo, later.cacheTo)
        for entry in later.cacheFrom where !merged.cacheFrom.contains(where: { $0.value == entry.value }) {
            merged.cacheFrom.append(entry)
        }
        merged.explicitKeys.formUnion(later.explicitKeys)
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
