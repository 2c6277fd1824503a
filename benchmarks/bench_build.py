#!/usr/bin/env python3
"""Build orchestration: stagecraft build beside the same `docker build` commands run by hand.

Usage: benchmarks/bench_build.py [--runs R] [--docker /usr/bin/docker]
Needs a running engine with stagecraft/busybox:local (scripts/engine.sh). On a generated
project shaped like examples/offline-stack (two services, multi-stage, a non-root runtime) whose
build stages do a few seconds of CPU work each, as real installs and compiles do; every run
without the cache (--no-cache), so each one does the same work:
  by hand:     DOCKER_BUILDKIT=1 docker build --progress=plain --no-cache -f … -t … --target … CONTEXT,
               one service after another
  stagecraft:  stagecraft build --no-cache --jobs 1   (the same builds, one after another: overhead)
  stagecraft:  stagecraft build --no-cache --jobs 2   (independent services side by side)
Writes benchmarks/results/build.md.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import tempfile

from common import BINARY, ROOT, measure, write_results

SERVICES = [("api", "runtime", "bench-stack/api:runtime"), ("worker", "runtime", "bench-stack/worker:runtime")]
DOCKERFILE = """FROM stagecraft/busybox:local AS build
RUN head -c 150000000 /dev/urandom | sha256sum > /digest-1
RUN head -c 150000000 /dev/urandom | sha256sum > /digest-2
FROM stagecraft/busybox:local AS runtime
COPY --from=build /digest-1 /digest-2 /srv/
USER 10001
CMD ["sleep", "60"]
"""


def make_project():
    project = tempfile.mkdtemp(prefix="bench-build-")
    compose = ["name: bench-stack", "services:"]
    for service, target, tag in SERVICES:
        os.makedirs(os.path.join(project, service))
        with open(os.path.join(project, service, "Dockerfile"), "w") as handle:
            handle.write(DOCKERFILE)
        compose += [f"  {service}:", "    build:", f"      context: ./{service}", f"      target: {target}", f"    image: {tag}"]
    with open(os.path.join(project, "compose.yaml"), "w") as handle:
        handle.write("\n".join(compose) + "\n")
    return project


def timed(commands, runs, env, cwd):
    """Median wall seconds of running `commands` one after another, as one shell command."""
    script = " && ".join(" ".join(shlex.quote(part) for part in command) for command in commands)
    return measure(["/bin/sh", "-c", script], runs, env=env, cwd=cwd).wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docker", default="/usr/bin/docker")
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "stagecraft"], cwd=ROOT, check=True, capture_output=True)
    project = make_project()
    env = dict(os.environ, DOCKER_BUILDKIT="1", STAGECRAFT_DOCKER=args.docker)
    by_hand = [[args.docker, "build", "--progress=plain", "--no-cache", "-f", f"{service}/Dockerfile", "-t", tag, "--target", target, service]
               for service, target, tag in SERVICES]
    # Warm up once so every variant starts from the same engine state.
    timed(by_hand, 1, env, project)
    hand = timed(by_hand, args.runs, env, project)
    serial = timed([[BINARY, "build", "--no-cache", "--jobs", "1"]], args.runs, env, project)
    parallel = timed([[BINARY, "build", "--no-cache", "--jobs", "2"]], args.runs, env, project)
    shutil.rmtree(project)
    lines = [
        "# Build benchmark",
        "",
        f"`benchmarks/bench_build.py --runs {args.runs}`: {len(SERVICES)} services of a generated multi-stage project (a few seconds of work each), every build without the cache, "
        f"median of {args.runs} runs, {os.cpu_count()} cores; ratios, since absolute times on this machine are noisy.",
        "",
        "| run | wall vs `docker build` by hand |",
        "| --- | --- |",
        "| `docker build` by hand, one after another | 1.00x |",
        f"| `stagecraft build --jobs 1` | {serial / hand:.3f}x (overhead {100 * (serial / hand - 1):+.1f} %) |",
        f"| `stagecraft build --jobs 2` | {parallel / hand:.3f}x |",
        "",
        "The overhead row runs the same builds in the same order; it adds reading the compose file, parsing the",
        "Dockerfiles to check targets, one `docker version` call and reading BuildKit's progress.",
    ]
    write_results("build", lines)


if __name__ == "__main__":
    main()
