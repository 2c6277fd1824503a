#!/usr/bin/env bash
# Builds the small images under Tests/StagecraftImageTests/Fixtures with the real engine and
# saves them with `docker save`. Needs a running engine (scripts/engine.sh starts one).
# The base is a folder of a few text files imported with `docker import`: no registry needed.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=${STAGECRAFT_DOCKER:-/usr/bin/docker}
out=Tests/StagecraftImageTests/Fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/root/etc" "$work/root/usr/share/doc/tool" "$work/root/var/cache/apt"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$work/root/etc/passwd"
printf 'tool documentation\n' > "$work/root/usr/share/doc/tool/README"
head -c 3000 /dev/zero > "$work/root/var/cache/apt/pkgcache.bin"
tar -C "$work/root" -c . | "$DOCKER" import - stagecraft-fixture/base:1 >/dev/null

# Layers that overwrite, delete and shadow files, with real BuildKit history.
mkdir -p "$work/context"
head -c 20000 /dev/urandom > "$work/context/big.bin"
printf 'v1\n' > "$work/context/config.txt"
printf 'v2 is longer\n' > "$work/context/config2.txt"
cat > "$work/context/Dockerfile" <<'DOCKERFILE'
FROM stagecraft-fixture/base:1
COPY config.txt /app/config.txt
COPY big.bin /app/big.bin
COPY config2.txt /app/config.txt
COPY big.bin /app/data/big-copy.bin
ENV APP_TOKEN=example
USER 1000
DOCKERFILE
DOCKER_BUILDKIT=1 "$DOCKER" build -q -t stagecraft-fixture/layers:1 "$work/context" >/dev/null
"$DOCKER" save stagecraft-fixture/layers:1 -o "$out/engine-layers.tar"
"$DOCKER" save stagecraft-fixture/base:1 -o "$out/engine-base.tar"
"$DOCKER" rmi stagecraft-fixture/layers:1 stagecraft-fixture/base:1 >/dev/null
ls -l "$out"
