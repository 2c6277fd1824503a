#!/usr/bin/env python3
"""The run history at scale, and what recording costs a command.

Usage: benchmarks/bench_history.py [--runs R] [--records N] [--docker /usr/bin/docker]
Builds stagecraft in release mode, writes N recorded runs (default 100,000: 50 images, build and
inspect, a thousand runs each) as JSON lines and imports them (`stagecraft history import`), then
times, medians of R runs:
  stagecraft gate                      (the newest run of each image against its baseline)
  stagecraft history --limit 20
  stagecraft report --output report.html
  stagecraft inspect ARCHIVE           beside  stagecraft inspect ARCHIVE --no-history
on a small image archive saved from the engine (stagecraft/busybox:local), alternating, so the
difference is what recording adds. Writes benchmarks/results/history.md.
"""
import argparse
import json
import os
import random
import subprocess
import tempfile

from common import BINARY, ROOT, measure, measure_round_robin, write_results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--docker", default="/usr/bin/docker")
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "stagecraft"], cwd=ROOT, check=True, capture_output=True)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as work:
        lines = os.path.join(work, "runs.jsonl")
        history = os.path.join(work, "history.db")
        with open(lines, "w") as handle:
            for index in range(args.records):
                service = f"service-{index % 50}"
                command = "build" if (index // 50) % 2 == 0 else "inspect"
                run = {"project": "bench", "command": command, "service": service, "target": "runtime",
                       "recordedAt": f"2026-{1 + index * 11 // args.records:02d}-01T00:00:00Z", "branch": "main",
                       "gitCommit": f"{index:040x}", "dirty": False, "sizeBytes": 100_000_000 + rng.randrange(5_000_000)}
                if command == "build":
                    run["buildSeconds"] = 30 + rng.random() * 5
                    run["cacheHitRate"] = 0.8 + rng.random() * 0.1
                else:
                    run["efficiency"] = 0.97 + rng.random() * 0.02
                handle.write(json.dumps(run) + "\n")
        env = dict(os.environ, STAGECRAFT_HISTORY=history)
        imported = measure([BINARY, "history", "import", lines], 1, env=env)
        gate = measure([BINARY, "gate"], args.runs, env=env, check=False)
        listing = measure([BINARY, "history", "--limit", "20"], args.runs, env=env)
        report = measure([BINARY, "report", "--output", os.path.join(work, "report.html")], args.runs, env=env)

        archive = os.path.join(work, "busybox.tar")
        subprocess.run([args.docker, "save", "-o", archive, "stagecraft/busybox:local"], check=True)
        recording_env = dict(os.environ, STAGECRAFT_HISTORY=os.path.join(work, "recording.db"))
        inspect = measure_round_robin({
            "with": [BINARY, "inspect", archive, "--format", "json"],
            "without": [BINARY, "inspect", archive, "--format", "json", "--no-history"],
        }, max(args.runs, 15), env=recording_env, cwd=ROOT)
        added_ms = (inspect["with"].wall - inspect["without"].wall) * 1000

    write_results("history", [
        "# History benchmark",
        "",
        f"`benchmarks/bench_history.py --records {args.records} --runs {args.runs}` on {os.cpu_count()} cores: a history of",
        f"{args.records:,} recorded runs (50 images, build and inspect), medians. No peer tool keeps such a history.",
        "",
        "| command | wall | peak memory |",
        "| --- | --- | --- |",
        f"| `history import` of {args.records:,} runs (one transaction) | {imported.wall:.2f} s | {imported.peak:.0f} MB |",
        f"| `gate` (newest run of 100 image-command pairs against their baselines) | {gate.wall * 1000:.0f} ms | {gate.peak:.0f} MB |",
        f"| `history --limit 20` | {listing.wall * 1000:.0f} ms | {listing.peak:.0f} MB |",
        f"| `report` (HTML page, 50 runs charted per series) | {report.wall * 1000:.0f} ms | {report.peak:.0f} MB |",
        f"| `inspect` of a 2 MB archive, recording | {inspect['with'].wall * 1000:.0f} ms | {inspect['with'].peak:.0f} MB |",
        f"| `inspect` of the same archive, `--no-history` | {inspect['without'].wall * 1000:.0f} ms | {inspect['without'].peak:.0f} MB |",
        "",
        f"Recording adds {added_ms:.0f} ms to `inspect` (reading git state and one SQLite transaction).",
        "Goals: `gate` and `report` within a second at 100,000 runs; recording under 50 ms.",
    ])


if __name__ == "__main__":
    main()
