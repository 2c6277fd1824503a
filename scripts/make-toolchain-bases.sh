#!/usr/bin/env bash
# Makes local stand-ins for the Go and Rust toolchain images `stagecraft init` writes Dockerfiles
# for (golang:*-alpine, rust:*-slim-bookworm), from Debian bookworm (scripts/make-debian-base.sh)
# and Debian's golang-go (with wget, as busybox gives the alpine image) and cargo, so the tests can build those templates with no registry.
# Prints the build arguments that select them.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=${STAGECRAFT_DOCKER:-/usr/bin/docker}
export DOCKER_BUILDKIT=1

bash scripts/make-debian-base.sh stagecraft/debian:bookworm >&2
make() {
    local tag=$1 packages=$2
    if ! "$DOCKER" image inspect "$tag" >/dev/null 2>&1; then
        echo "making $tag" >&2
        printf 'FROM stagecraft/debian:bookworm\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s && rm -rf /var/lib/apt/lists/*\n' "$packages" \
            | "$DOCKER" build -q -t "$tag" - >/dev/null
    fi
}
make stagecraft-local/golang:bookworm "golang-go ca-certificates wget"
make stagecraft-local/rust:bookworm "cargo rustc libc6-dev"
echo "GO_IMAGE=stagecraft-local/golang:bookworm"
echo "RUST_IMAGE=stagecraft-local/rust:bookworm"
