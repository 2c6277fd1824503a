import DockerfileSyntax

/// The keys the compose specification defines, so an unknown one can be named as a likely typo
/// without refusing the file: `docker compose` itself accepts files with keys older or newer
/// than the schema it ships, and a lint must not be stricter than the tool that runs the file.
enum ComposeKeys {
    /// Keys of a service (compose-spec schema: `container_spec` and `workload_spec`), plus the
    /// legacy keys compose still reads from version 2 files.
    static let service: Set<String> = [
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
        "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop",
        "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file",
        "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck",
        "hostname", "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
        "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "networks",
        "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_start",
        "pre_stop", "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only", "restart",
        "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
        "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "umask", "use_api_socket", "user", "userns_mode", "uts",
        "volumes", "volumes_from", "working_dir",
        // Version 2 file format.
        "cpu_quota", "mem_swappiness", "volume_driver",
    ]

    /// Top-level keys of a compose file.
    static let topLevel: Set<String> = [
        "version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models", "jobs",
    ]

    /// A note for an unknown key, with the closest known ones.
    static func unknownKeyMessage(_ key: String, known: Set<String>, kind: String) -> String {
        let close = known.filter { $0.count > 2 && editDistance($0, key) <= 2 }.sorted()
        return "unknown \(kind) key \(key); compose may ignore or refuse it"
            + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?")
    }
}
