#!/usr/bin/env bash
# Makes a Debian bookworm base image, stagecraft/debian:bookworm, with debootstrap (minbase) from
# the Debian mirror over http, imported with `docker import`: `FROM stagecraft/debian:bookworm`
# then works with no registry. Takes about a minute the first time; nothing when the image exists.
set -euo pipefail
DOCKER=${STAGECRAFT_DOCKER:-/usr/bin/docker}
TAG=${1:-stagecraft/debian:bookworm}
MIRROR=${STAGECRAFT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if "$DOCKER" image inspect "$TAG" >/dev/null 2>&1; then exit 0; fi
if ! command -v debootstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/dev/null
# Leave apt's lists out of the image, as official images do.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
tar -C "$root" -c . | "$DOCKER" import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$TAG" >/dev/null
echo "made $TAG" >&2
