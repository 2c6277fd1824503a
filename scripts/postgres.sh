#!/usr/bin/env bash
# Starts a PostgreSQL server of the tests' own: Debian's postgresql (installed when missing), a
# cluster in a folder of its own (STAGECRAFT_POSTGRES_DIR, default /tmp/stagecraft-postgres) with
# trust authentication, listening on 127.0.0.1 at STAGECRAFT_POSTGRES_PORT (default 55432) and on a
# socket in that folder. Prints the URL the history tests connect to (STAGECRAFT_TEST_POSTGRES_URL);
# a server already answering there is used as it is. Stop it with:
#   pg_ctl -D /tmp/stagecraft-postgres/data stop
set -euo pipefail
PORT=${STAGECRAFT_POSTGRES_PORT:-55432}
DIR=${STAGECRAFT_POSTGRES_DIR:-/tmp/stagecraft-postgres}
URL="postgresql://stagecraft@127.0.0.1:$PORT/postgres"

server_bin() { find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1; }

BIN=$(server_bin)
if [ -z "$BIN" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: the history tests need a PostgreSQL server; install it as root (apt-get install postgresql)" >&2
        exit 1
    fi
    echo "installing the PostgreSQL server (Debian: postgresql)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq postgresql >/dev/null 2>&1 || {
        apt-get update -qq >/dev/null
        apt-get install -y -qq postgresql >/dev/null
    }
    BIN=$(server_bin)
fi

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    echo "$URL"
    exit 0
fi

# The server refuses to run as root: root runs it as Debian's postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" --shell /usr/sbin/nologin postgres
    as_owner=(runuser -u postgres --)
fi
mkdir -p "$DIR"
[ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
    "${as_owner[@]}" "$BIN/initdb" -D "$DIR/data" -U stagecraft --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
fi
echo "starting a PostgreSQL server on 127.0.0.1:$PORT ($DIR)" >&2
"${as_owner[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { tail -20 "$DIR/server.log" >&2; exit 1; }
echo "$URL"
