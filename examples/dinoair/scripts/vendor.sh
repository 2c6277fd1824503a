#!/usr/bin/env bash
# Makes the vendored dependencies from the sources in packages/, the same bytes every time, so the
# images build with no registry: the npm tarballs (npm pack) in web/vendor and api/vendor and the
# lock files that name them, the wheels in app/wheels and comfyui/wheels (runtime, test and
# development requirements), and the comfyui-core
# source tarball with its SHA-256 (the pinned release the comfyui image checks).
# Needs node/npm and python3 on the host; nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

for service in web api; do
    mkdir -p "$service/vendor"
    for package in dinoair-http dinoair-watch; do
        (cd "packages/npm/$package" && npm pack --silent --pack-destination "../../../$service/vendor" >/dev/null)
    done
    (cd "$service" && rm -rf node_modules package-lock.json && npm install --package-lock-only --offline --no-audit --no-fund --silent)
done

for service in app comfyui; do
    python3 scripts/build-wheel.py packages/python/dinoair_serve dinoair_serve 1.2.0 \
        "A small HTTP service over the standard library" "$service/wheels" >/dev/null
    python3 scripts/build-wheel.py packages/python/dinoair_testkit dinoair_testkit 0.4.0 \
        "Test helpers for DinoAir's Python services" "$service/wheels" >/dev/null
    python3 scripts/build-wheel.py packages/python/dinoair_reload dinoair_reload 0.2.0 \
        "Restarts a Python program when its source changes" "$service/wheels" >/dev/null
done

mkdir -p comfyui/vendor
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --exclude=__pycache__ \
    -C packages -cf - comfyui-core | gzip -n -9 > comfyui/vendor/comfyui-core-0.3.0.tar.gz
(cd comfyui/vendor && sha256sum comfyui-core-0.3.0.tar.gz > ../comfyui-core.sha256)
echo "vendored: $(ls web/vendor api/vendor app/wheels comfyui/wheels comfyui/vendor | grep -c -E 'tgz|whl|tar.gz') files" >&2
