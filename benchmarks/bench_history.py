#!/usr/bin/env python3
"""The run history at scale, and what recording costs a command.

Usage: benchmarks/bench_history.py [--runs R] [--records N] [--docker /usr/bin/docker] [--no-postgres]
Builds stagecraft in release mode, writes N recorded runs (default 100,000: 50 images, build and
inspect, a thousand runs each) as JSON lines and imports them (`stagecraft history import`) into an
SQLite file and into a database on the PostgreSQL server scripts/postgres.sh starts, then times on
each, medians of R runs:
  stagecraft gate                      (the newest run of each image against its baseline)
  stagecraft compare --runs A B        (two run ids)
  stagecraft compare --before runtime --after runtime   (every run read and paired)
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
    parser.add_argument("--no-postgres", action="store_true", help="only the SQLite file")
    args = parser.parse_args()
    rows = []
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
        stores = [("SQLite", history)]
        if not args.no_postgres:
            server = subprocess.run(["bash", "scripts/postgres.sh"], cwd=ROOT, check=True, capture_output=True, text=True)
            url = server.stdout.strip()
            subprocess.run(["psql", "-q", url, "-c", "DROP DATABASE IF EXISTS stagecraft_bench", "-c",
                            "CREATE DATABASE stagecraft_bench"], check=True, capture_output=True)
            stores.append(("PostgreSQL", url.rsplit("/", 1)[0] + "/stagecraft_bench"))
        archive = os.path.join(work, "busybox.tar")
        subprocess.run([args.docker, "save", "-o", archive, "stagecraft/busybox:local"], check=True)
        for name, location in stores:
            env = dict(os.environ, STAGECRAFT_HISTORY=location)
            measured = [
                (f"`history import` of {args.records:,} runs (one transaction)", measure([BINARY, "history", "import", lines], 1, env=env)),
                ("`gate` (newest run of 100 image-command pairs against their baselines)", measure([BINARY, "gate"], args.runs, env=env, check=False)),
                ("`compare --runs` of two run ids", measure([BINARY, "compare", "--runs", "1", str(args.records)], args.runs, env=env)),
                (f"`compare --before runtime --after runtime` (all {args.records:,} runs read)",
                 measure([BINARY, "compare", "--before", "runtime", "--after", "runtime"], args.runs, env=env)),
                ("`history --limit 20`", measure([BINARY, "history", "--limit", "20"], args.runs, env=env)),
                ("`report` (HTML page, 50 runs charted per series)",
                 measure([BINARY, "report", "--output", os.path.join(work, "report.html")], args.runs, env=env)),
            ]
            recording_location = os.path.join(work, "recording.db") if name == "SQLite" else location
            inspect = measure_round_robin({
                "with": [BINARY, "inspect", archive, "--format", "json"],
                "without": [BINARY, "inspect", archive, "--format", "json", "--no-history"],
            }, max(args.runs, 15), env=dict(os.environ, STAGECRAFT_HISTORY=recording_location), cwd=ROOT)
            measured.append(("`inspect` of a 2 MB archive, recording", inspect["with"]))
            measured.append(("`inspect` of the same archive, `--no-history`", inspect["without"]))
            rows.append((name, measured, (inspect["with"].wall - inspect["without"].wall) * 1000))

    lines = [
        "# History benchmark",
        "",
        f"`benchmarks/bench_history.py --records {args.records} --runs {args.runs}` on {os.cpu_count()} cores: a history of",
        f"{args.records:,} recorded runs (50 images, build and inspect), medians, in an SQLite file and on a local",
        "PostgreSQL 15 server (loopback TCP). No peer tool keeps such a history.",
    ]
    for name, measured, added_ms in rows:
        lines += ["", f"## {name}", "", "| command | wall | peak memory |", "| --- | --- | --- |"]
        for label, result in measured:
            wall = f"{result.wall:.2f} s" if result.wall >= 1 else f"{result.wall * 1000:.0f} ms"
            lines.append(f"| {label} | {wall} | {result.peak:.0f} MB |")
        lines += ["", f"Recording adds {added_ms:.0f} ms to `inspect` (reading git state, opening the store, one transaction)."]
    lines += ["", "Goals: `compare`, `gate` and `report` within a second at 100,000 runs; recording under 50 ms."]
    write_results("history", lines)

if __name__ == "__main__":
    main()
