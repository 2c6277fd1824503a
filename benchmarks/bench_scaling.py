#!/usr/bin/env python3
"""How graph and lint time grows with the size of one Dockerfile, beside hadolint.

Usage: benchmarks/bench_scaling.py [--blocks N] [--factor F] [--runs R]
Writes Dockerfiles of three shapes, each at N blocks and at F x N blocks (a block is 15
instructions: ENV, ARG, RUNs with pip/npm/apt/apk/git/curl, a cache mount, COPY, ADD,
COPY --from, WORKDIR, USER, EXPOSE, LABEL, HEALTHCHECK, ONBUILD):
  flat   one stage holding every block
  chain  a stage per block, each built FROM the one before (FROM s1 AS s2 ...)
  wide   a stage per block, each FROM a pulled image
and times `stagecraft graph`, `stagecraft lint` and `hadolint` on each (median of R runs).
A linear algorithm's time grows about F times when the input grows F times.
Writes benchmarks/results/scaling.md.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from common import BINARY, ROOT, measure, write_results

BLOCK = """ENV E{i}=${{E{p}:-x}}
ARG A{i}=v{i}
RUN pip install flask=={i}.0 && npm ci && apt-get update && apt-get install -y curl wget && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache/pip pip install -r req{i}.txt
RUN apk add --no-cache git && git clone https://example.com/r{i}.git && curl -fsSL https://x/{i} | sh
RUN useradd -m u{i} && chown -R u{i} /app && cd /app && make
COPY --chown=u{i} src{i} /app/src{i}
ADD https://example.com/f{i}.tar.gz /tmp/
COPY --from=s{p} /out /out{i}
WORKDIR app{i}
USER u{i}
EXPOSE {i}
LABEL k{i}=v maintainer=x
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
ONBUILD RUN echo {i}
"""


def dockerfile(shape, blocks):
    lines = ["FROM debian:12 AS s-1"]
    if shape == "flat":
        lines.append("FROM debian:12 AS s0")
    for i in range(blocks):
        if shape == "chain":
            lines.append(f"FROM s{i - 1} AS s{i}")
        elif shape == "wide":
            lines.append(f"FROM debian:12 AS s{i}")
        lines.append(BLOCK.format(i=i, p=(i - 1) if shape != "flat" else -1))
    lines.append('CMD ["app"]')
    return "\n".join(lines) + "\n"


def timed(command, runs, timeout):
    """Median wall seconds and the largest peak memory (MB); one run when the first takes over
    30 s; None past the timeout. hadolint exits non-zero on some inputs: the time still counts."""
    measured = measure(command, runs, timeout=timeout, check=False, stop_after=30)
    return None if measured is None else (measured.wall, measured.peak)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=500)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    arguments = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "stagecraft"], cwd=ROOT, check=True)
    hadolint = shutil.which("hadolint")
    tools = [
        ("stagecraft graph", lambda path: [BINARY, "graph", path]),
        ("stagecraft lint", lambda path: [BINARY, "lint", "--failure-threshold", "none", path]),
    ]
    if hadolint:
        tools.append(("hadolint", lambda path: [hadolint, "--no-fail", path]))
    small, large = arguments.blocks, arguments.blocks * arguments.factor
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in ("flat", "chain", "wide"):
            paths = {}
            for blocks in (small, large):
                paths[blocks] = os.path.join(folder, f"{shape}{blocks}.Dockerfile")
                with open(paths[blocks], "w") as handle:
                    handle.write(dockerfile(shape, blocks))
            for name, command in tools:
                times = {small: timed(command(paths[small]), arguments.runs, arguments.timeout)}
                # Past the timeout on the small file, the large one is not tried.
                times[large] = timed(command(paths[large]), arguments.runs, arguments.timeout) if times[small] else "not run"
                sizes = {b: os.path.getsize(paths[b]) for b in (small, large)}
                rows.append((shape, name, sizes, times))
                print(shape, name, times, file=sys.stderr)

    def seconds(value):
        if isinstance(value, str):
            return value
        return f"over {arguments.timeout:.0f} s" if value is None else f"{value[0]:.2f} s, {value[1]:.0f} MB"

    lines = [
        "# Scaling: one Dockerfile grown 10x",
        "",
        f"`python3 benchmarks/bench_scaling.py --blocks {small} --factor {arguments.factor} --runs {arguments.runs}`"
        f" on {os.cpu_count()} cores; median wall time of {arguments.runs} runs and peak memory. A block is 15 instructions;",
        "*flat* is one stage, *chain* a stage per block built on the one before, *wide* a stage per block.",
        f"A linear algorithm's time grows about {arguments.factor}x; a quadratic one about {arguments.factor ** 2}x.",
        "",
        f"| shape | tool | {small} blocks | {large} blocks | time growth |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for shape, name, sizes, times in rows:
        growth = (
            f"{times[large][0] / times[small][0]:.1f}x"
            if isinstance(times[small], tuple) and isinstance(times[large], tuple)
            else "-"
        )
        lines.append(
            f"| {shape} | {name} | {seconds(times[small])} ({sizes[small] / 1e6:.1f} MB) "
            f"| {seconds(times[large])} ({sizes[large] / 1e6:.1f} MB) | {growth} |"
        )
    lines.append("")
    lines.append(
        "Small inputs are dominated by process start-up (about 20 ms), so growth below the factor is expected;"
        " what matters is that no row approaches the square of the factor."
    )
    write_results("scaling", lines)


if __name__ == "__main__":
    main()
