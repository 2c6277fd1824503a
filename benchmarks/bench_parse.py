#!/usr/bin/env python3
"""Parse throughput: stagecraft beside BuildKit's own parser, on the same corpus.

Usage: benchmarks/bench_parse.py [--files N] [--runs R]
Builds stagecraft in release mode, writes a seeded corpus of realistic Dockerfiles (and adds
BuildKit's conformance Dockerfiles when ../shared is present), checks that both parsers accept
the same files, then measures on one core (taskset -c 0):
  - corpus throughput, one process each for the whole corpus (stagecraft parse --check
    --files-from; BuildKit's parser through the `dockerfile` package in one Python process),
  - one-file wall time of `stagecraft parse FILE` beside one `dockerfile.parse_file` process,
  - one 20 MB Dockerfile (`--large-mb`): `parse --check` and `parse --format json` throughput and
    peak memory (the maximum resident set) beside `dockerfile.parse_file`.
Writes benchmarks/results/parse.md. Times are medians; the table leads with ratios because the
machine is small and noisy.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

from common import BINARY, ROOT, measure, write_results

CORPUS = os.path.join(ROOT, "benchmarks", "corpus", "parse")
PIN = ["taskset", "-c", "0"] if shutil.which("taskset") else []

BUILDKIT_LOOP = """
import sys, time, dockerfile
paths = open(sys.argv[1]).read().split()
start = time.perf_counter()
for path in paths:
    dockerfile.parse_file(path)
print(time.perf_counter() - start)
"""


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def parse_ms(stats):
    """The `parse: N ms` figure of `stagecraft parse --check --stats`."""
    return float(stats.split("parse: ")[1].split(" ms")[0])


def wall(command, runs):
    return measure(command, runs).wall


LARGE_BLOCK = """FROM node:22-slim AS deps{i}
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev && \\
    npm cache clean --force
ENV NODE_ENV=production PORT={port}
LABEL org.opencontainers.image.source="https://example.com/repo{i}" version="1.{i}.0"
COPY --chown=node:node . .
RUN ["node", "build.js", "--out", "/app/dist{i}"]
HEALTHCHECK --interval=30s CMD ["wget", "-q", "-O-", "http://localhost:3000/health"]
USER node
EXPOSE 3000
CMD ["node", "server.js"]
"""


def write_large(path, megabytes):
    """A Dockerfile of about `megabytes` MB, in the shape of real multi-stage files."""
    size, index, blocks = 0, 0, []
    while size < megabytes * 1_000_000:
        block = LARGE_BLOCK.format(i=index, port=3000 + index % 100)
        blocks.append(block)
        size += len(block)
        index += 1
    with open(path, "w") as handle:
        handle.write("".join(blocks))
    return size


def timed_peak(command, runs):
    """Median wall seconds and peak resident memory (MB) of `command`."""
    measured = measure(command, runs)
    return measured.wall, measured.peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-mb", type=int, default=20)
    args = parser.parse_args()

    run(["swift", "build", "-c", "release", "--product", "stagecraft"], cwd=ROOT)
    shutil.rmtree(CORPUS, ignore_errors=True)
    run([sys.executable, os.path.join(ROOT, "benchmarks", "make_corpus.py"), str(args.files), CORPUS])
    paths = sorted(os.path.join(CORPUS, name) for name in os.listdir(CORPUS))
    shared = os.path.join(os.path.dirname(ROOT), "shared", "conformance", "buildkit-parser")
    if os.path.isdir(shared):
        paths += sorted(os.path.join(shared, case, "Dockerfile") for case in os.listdir(shared)
                        if not case.startswith("_") and os.path.isfile(os.path.join(shared, case, "Dockerfile")))
    listing = os.path.join(CORPUS, "..", "parse-files.txt")
    with open(listing, "w") as handle:
        handle.write("\n".join(paths) + "\n")
    total_bytes = sum(os.path.getsize(path) for path in paths)

    # Both parsers must accept the corpus before it is timed.
    run([BINARY, "parse", "--check", "--files-from", listing])
    run([sys.executable, "-c", BUILDKIT_LOOP, listing])

    ours = wall(PIN + [BINARY, "parse", "--check", "--files-from", listing], args.runs)
    ours_inner = statistics.median(
        parse_ms(run(PIN + [BINARY, "parse", "--check", "--stats", "--files-from", listing]).stderr) / 1000
        for _ in range(args.runs))
    theirs_wall = wall(PIN + [sys.executable, "-c", BUILDKIT_LOOP, listing], args.runs)
    theirs_inner = statistics.median(
        float(run(PIN + [sys.executable, "-c", BUILDKIT_LOOP, listing]).stdout) for _ in range(args.runs))

    one = paths[0]
    single_runs = max(20, args.runs * 4)
    ours_one = wall([BINARY, "parse", one], single_runs)
    theirs_one = wall([sys.executable, "-c", f"import dockerfile; dockerfile.parse_file({one!r})"], single_runs)

    large = os.path.join(CORPUS, "..", "large.Dockerfile")
    large_bytes = write_large(large, args.large_mb)
    large_mb = large_bytes / 1e6
    check_time, check_peak = timed_peak(PIN + [BINARY, "parse", "--check", large], args.runs)
    json_time, json_peak = timed_peak(PIN + [BINARY, "parse", "--format", "json", large], args.runs)
    bk_time, bk_peak = timed_peak(PIN + [sys.executable, "-c", f"import dockerfile; dockerfile.parse_file({large!r})"], 1)
    os.remove(large)

    mb = total_bytes / 1e6
    lines = [
        "# Parse benchmark",
        "",
        f"Corpus: {len(paths)} Dockerfiles, {mb:.2f} MB (seeded by benchmarks/make_corpus.py, plus BuildKit's",
        "conformance Dockerfiles when present). One core (taskset -c 0), medians of "
        f"{args.runs} runs; one-file times are medians of {single_runs} runs.",
        "Reference: BuildKit's parser (Go) through the `dockerfile` package from PyPI, in one Python process.",
        "",
        "| measure | stagecraft | BuildKit parser | ratio (BuildKit / stagecraft) |",
        "| --- | --- | --- | --- |",
        f"| corpus, whole process wall | {ours:.3f} s | {theirs_wall:.3f} s | {theirs_wall / ours:.1f}x |",
        f"| corpus, parsing timed inside the process (reads excluded for stagecraft) | {ours_inner:.3f} s | {theirs_inner:.3f} s | {theirs_inner / ours_inner:.1f}x |",
        f"| throughput, whole process | {mb / ours:.1f} MB/s, {len(paths) / ours:.0f} files/s "
        f"| {mb / theirs_wall:.1f} MB/s, {len(paths) / theirs_wall:.0f} files/s | |",
        f"| throughput, parsing | {mb / ours_inner:.1f} MB/s, {len(paths) / ours_inner:.0f} files/s "
        f"| {mb / theirs_inner:.1f} MB/s, {len(paths) / theirs_inner:.0f} files/s (reads included) | |",
        f"| one file, process wall | {ours_one * 1000:.1f} ms | {theirs_one * 1000:.1f} ms | {theirs_one / ours_one:.1f}x |",
        "",
        "The whole-process time includes process start, reading every file, building and freeing every node.",
        "goals: at least 50 MB/s on one core, and a one-file `stagecraft parse` under 15 ms.",
        "",
        f"## One large Dockerfile ({large_mb:.1f} MB, {args.runs} runs, one core)",
        "",
        "Instructions are handed on as they are parsed and none is kept; `--format json` is written to an",
        "unlinked temporary file and copied to standard output only once the whole file has parsed.",
        "",
        "| command | wall | throughput | peak memory | memory / input |",
        "| --- | --- | --- | --- | --- |",
        f"| stagecraft parse --check | {check_time:.2f} s | {large_mb / check_time:.1f} MB/s | {check_peak:.0f} MB | {check_peak / large_mb:.1f}x |",
        f"| stagecraft parse --format json | {json_time:.2f} s | {large_mb / json_time:.1f} MB/s | {json_peak:.0f} MB | {json_peak / large_mb:.1f}x |",
        f"| BuildKit's parser (dockerfile.parse_file, one run) | {bk_time:.2f} s | {large_mb / bk_time:.1f} MB/s | {bk_peak:.0f} MB | {bk_peak / large_mb:.1f}x |",
        "",
        "goals: memory within 3x of the input; `--format json` at 50 MB/s or more.",
    ]
    write_results("parse", lines)


if __name__ == "__main__":
    main()
