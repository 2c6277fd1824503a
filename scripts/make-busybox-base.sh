#!/usr/bin/env bash
# Makes a tiny local base image, stagecraft/busybox:local, from Debian's busybox-static: a root
# folder with busybox and its applet links, imported with `docker import`. No registry is needed;
# `FROM stagecraft/busybox:local` then finds it in the engine.
set -euo pipefail
DOCKER=${STAGECRAFT_DOCKER:-/usr/bin/docker}
TAG=${1:-stagecraft/busybox:local}

if "$DOCKER" image inspect "$TAG" >/dev/null 2>&1; then exit 0; fi
if [ ! -x /bin/busybox ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/usr/bin"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | "$DOCKER" import -c 'ENV PATH=/bin:/usr/bin' - "$TAG" >/dev/null
echo "made $TAG" >&2
