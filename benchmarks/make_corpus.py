#!/usr/bin/env python3
"""Writes a seeded corpus of realistic Dockerfiles for the parse and lint benchmarks.

Usage: make_corpus.py COUNT DIR
Files mix the shapes seen in real projects: multi-stage Node, Python, Go and GPU Python images,
apt/apk/pip/npm installs with long continuations, heredocs, cache mounts, ENV/LABEL blocks,
health checks and ONBUILD.
"""
import os
import random
import sys

BASES = ["node:22-alpine", "node:22-slim", "python:3.12-slim", "golang:1.23", "debian:bookworm-slim",
         "ubuntu:24.04", "alpine:3.20", "nvidia/cuda:12.4.1-runtime-ubuntu22.04", "gcr.io/distroless/static"]
PACKAGES = ["curl", "ca-certificates", "git", "build-essential", "libpq-dev", "python3-dev", "gcc", "make",
            "openssl", "tini", "tzdata", "wget", "unzip", "jq", "ffmpeg", "libgl1", "libglib2.0-0"]


def words(rng, pool, lo, hi):
    return " ".join(rng.sample(pool, rng.randint(lo, min(hi, len(pool)))))


def apt(rng):
    return ("RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        "
            + " \\\n        ".join(rng.sample(PACKAGES, rng.randint(3, 9)))
            + " \\\n    && rm -rf /var/lib/apt/lists/*\n")


def stage_node(rng, name):
    return (f"FROM {rng.choice(BASES[:2])} AS {name}\nWORKDIR /app\n"
            "COPY package.json package-lock.json ./\n"
            "RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n"
            "COPY . .\nRUN npm run build\n")


def stage_python(rng, name):
    return (f"FROM python:3.12-slim AS {name}\nENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1 \\\n    PIP_NO_CACHE_DIR=1\n"
            + apt(rng) + "COPY requirements.txt .\n"
            "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"
            "COPY <<EOF /app/settings.py\nDEBUG = False\nALLOWED_HOSTS = ['*']\nEOF\n")


def stage_go(rng, name):
    return (f"FROM --platform=$BUILDPLATFORM golang:1.23 AS {name}\nARG TARGETOS TARGETARCH\nWORKDIR /src\n"
            "COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n"
            "RUN --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app\n")


def runtime(rng, sources):
    text = f"FROM {rng.choice(BASES)} AS runtime\n"
    text += 'LABEL org.opencontainers.image.source="https://example.com/repo" \\\n      org.opencontainers.image.licenses="MIT"\n'
    for source in sources:
        text += f"COPY --from={source} --chown=1000:1000 /app /app\n"
    if rng.random() < 0.5:
        text += "RUN <<EOF\nset -eux\naddgroup --system app\nadduser --system --ingroup app app\nEOF\n"
    text += f"EXPOSE {rng.choice(['3000', '8000', '8080', '8188'])}\n"
    text += 'HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-qO-", "http://localhost:8080/health"]\n'
    text += "USER 1000:1000\n"
    text += rng.choice(['CMD ["node", "dist/server.js"]\n', 'ENTRYPOINT ["/app/app"]\n', "CMD python -m app\n"])
    return text


def dockerfile(rng):
    text = "# syntax=docker/dockerfile:1\n" if rng.random() < 0.5 else ""
    text += f"ARG VERSION={rng.randint(1, 9)}.{rng.randint(0, 20)}\n"
    makers = [stage_node, stage_python, stage_go]
    names = []
    for index in range(rng.randint(1, 4)):
        name = f"stage{index}"
        names.append(name)
        text += "\n# " + rng.choice(["dependencies", "build the app", "compile assets", "tests"]) + "\n"
        text += rng.choice(makers)(rng, name)
        if rng.random() < 0.3:
            text += apt(rng)
        if rng.random() < 0.2:
            text += "ONBUILD COPY . /app/src\n"
    text += "\n" + runtime(rng, rng.sample(names, rng.randint(1, len(names))))
    return text


def main():
    count, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(20261129)
    for index in range(count):
        with open(os.path.join(folder, f"{index:05d}.Dockerfile"), "w") as handle:
            handle.write(dockerfile(rng))


if __name__ == "__main__":
    main()
