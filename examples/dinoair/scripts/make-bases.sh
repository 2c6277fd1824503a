#!/usr/bin/env bash
# Makes the local base images DinoAir's Dockerfiles build on when no registry is reachable:
# Debian bookworm from debootstrap (the project's scripts/make-debian-base.sh), then Node and Python
# from Debian's packages, as stand-ins for node:20-alpine, node:20, python:3.11-slim and python:3.11.
# Prints the variables that point the compose files at them:
#   eval "$(examples/dinoair/scripts/make-bases.sh)"
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=${STAGECRAFT_DOCKER:-/usr/bin/docker}
export DOCKER_BUILDKIT=1

bash ../../scripts/make-debian-base.sh stagecraft/debian:bookworm >&2
for base in node-slim node node-full python-slim python-full; do
    tag="dinoair-local/$base:bookworm"
    if ! "$DOCKER" image inspect "$tag" >/dev/null 2>&1; then
        echo "making $tag" >&2
        "$DOCKER" build -q --build-arg DEBIAN_IMAGE=stagecraft/debian:bookworm -t "$tag" -f "bases/$base.Dockerfile" bases >/dev/null
    fi
done
cat <<'VARIABLES'
export NODE_IMAGE=dinoair-local/node:bookworm
export NODE_RUNTIME_IMAGE=dinoair-local/node-slim:bookworm
export NODE_FULL_IMAGE=dinoair-local/node-full:bookworm
export PYTHON_IMAGE=dinoair-local/python-slim:bookworm
export PYTHON_FULL_IMAGE=dinoair-local/python-full:bookworm
VARIABLES
