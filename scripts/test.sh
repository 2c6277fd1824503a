#!/usr/bin/env bash
# Runs stagecraft's whole test suite.
#
# The differential tests compare stagecraft with BuildKit's own parser, which the Python package
# `dockerfile` wraps; this script installs it when it is missing. Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import dockerfile' 2>/dev/null; then
    echo "installing BuildKit's reference parser (PyPI: dockerfile==3.4.0)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'dockerfile==3.4.0'
fi

swift test "$@"
