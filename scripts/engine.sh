#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io when there is none, starts
# dockerd (overlay2) when it is not running, waits for it, then makes the local busybox base image
# the engine tests build on. Uses Debian's own client, /usr/bin/docker, which speaks BuildKit.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=${STAGECRAFT_DOCKER:-/usr/bin/docker}

answers() { "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! answers; then
    if [ ! -x /usr/sbin/dockerd ] || [ ! -x "$DOCKER" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "error: no Docker engine answers and installing one needs root (apt-get install docker.io)" >&2
            exit 1
        fi
        echo "installing the Docker engine (Debian: docker.io)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq docker.io >/dev/null 2>&1 || {
            apt-get update -qq >/dev/null
            apt-get install -y -qq docker.io >/dev/null
        }
    fi
    if ! answers; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "error: the Docker engine is not running and starting it needs root (dockerd)" >&2
            exit 1
        fi
        echo "starting dockerd" >&2
        nohup /usr/sbin/dockerd --storage-driver=overlay2 >/var/log/stagecraft-dockerd.log 2>&1 &
        for _ in $(seq 1 60); do
            answers && break
            sleep 1
        done
        if ! answers; then
            echo "error: dockerd did not start; its log:" >&2
            tail -20 /var/log/stagecraft-dockerd.log >&2
            exit 1
        fi
    fi
fi
bash scripts/make-busybox-base.sh
