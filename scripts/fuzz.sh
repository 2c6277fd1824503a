#!/usr/bin/env bash
# Builds the libFuzzer binary in Fuzz/ and runs each of its targets (Dockerfile, tar, image
# archive, compose) for a bounded time, from a seed corpus made of the project's examples and
# small archives.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 45 s; all four targets)
#
# lld links it (gold fails on the sanitizer runtime here).
# An input that crashes, hangs past 10 s or needs more than 2 GB is a defect: it is copied to
# Tests/FuzzRegressions/<target>/, which the test suite replays, and the script exits 1.
# Each target's number of executions is printed at the end (and kept in .build/fuzz/summary.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-45}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dockerfile tar image compose)

work=.build/fuzz
mkdir -p "$work"

echo "building the fuzz binary (swift build -c release -sanitize=fuzzer,address)"
(cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >"../$work/build.log" 2>&1) || {
    tail -30 "$work/build.log" >&2
    echo "error: the fuzz targets did not build; see $work/build.log" >&2
    exit 2
}
bin="Fuzz/.build/release"

# Seeds: the examples' Dockerfiles and compose files, and small tar and image archives.
seeds="$work/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{dockerfile,tar,image,compose}
find examples -name 'Dockerfile*' -type f -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds/dockerfile" \;
find examples Tests/Golden -name '*.y*ml' -type f -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds/compose" \;
python3 - "$seeds" <<'EOF'
import gzip, hashlib, io, json, sys, tarfile

seeds = sys.argv[1]

def tar(entries, format=tarfile.PAX_FORMAT):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=format) as archive:
        for name, data, kind in entries:
            info = tarfile.TarInfo(name)
            info.type = kind
            if kind == tarfile.SYMTYPE:
                info.linkname = data.decode()
                data = b""
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()

layer = tar([("etc/", b"", tarfile.DIRTYPE), ("etc/hostname", b"box\n", tarfile.REGTYPE),
             ("etc/os-release", b'ID=debian\nVERSION_ID="12"\n', tarfile.REGTYPE),
             ("var/lib/dpkg/status", b"Package: bash\nStatus: install ok installed\nSource: bash (5.2-1)\nVersion: 5.2.15-2+b2\n\n", tarfile.REGTYPE),
             ("lib/apk/db/installed", b"P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\n", tarfile.REGTYPE),
             ("usr/lib/python3/x-1.0.dist-info/METADATA", b"Name: x\nVersion: 1.0\n\n", tarfile.REGTYPE),
             ("bin/sh", b"busybox", tarfile.SYMTYPE), ("app/.wh.old", b"", tarfile.REGTYPE),
             ("a" * 120 + "/long-name", b"x" * 700, tarfile.REGTYPE)])
open(f"{seeds}/tar/pax", "wb").write(layer)
open(f"{seeds}/tar/gnu", "wb").write(tar([("g" * 150, b"y" * 10, tarfile.REGTYPE)], tarfile.GNU_FORMAT))

def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()

config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "1000", "Env": ["PATH=/bin"]},
                     "rootfs": {"type": "layers", "diff_ids": [sha(layer)]},
                     "history": [{"created_by": "COPY . /"}]}).encode()
blob = gzip.compress(layer)
save = tar([("l/layer.tar", layer, tarfile.REGTYPE), ("c.json", config, tarfile.REGTYPE),
            ("manifest.json", json.dumps([{"Config": "c.json", "RepoTags": ["seed:1"], "Layers": ["l/layer.tar"]}]).encode(), tarfile.REGTYPE)])
open(f"{seeds}/image/docker-save", "wb").write(save)
manifest = json.dumps({"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(config), "size": len(config)},
                       "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": sha(blob), "size": len(blob)}]}).encode()
index = json.dumps({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(manifest), "size": len(manifest),
                    "platform": {"os": "linux", "architecture": "amd64"}}]}).encode()
oci = tar([("oci-layout", b'{"imageLayoutVersion":"1.0.0"}', tarfile.REGTYPE), ("index.json", index, tarfile.REGTYPE)]
          + [("blobs/sha256/" + sha(data)[7:], data, tarfile.REGTYPE) for data in (config, blob, manifest)])
open(f"{seeds}/image/oci", "wb").write(oci)
EOF
# Earlier findings seed their target too.
for target in dockerfile tar image compose; do
    cp Tests/FuzzRegressions/"$target"/* "$seeds/$target"/ 2>/dev/null || true
done

status=0
: >"$work/summary.txt"
for target in "${targets[@]}"; do
    case "$target" in
    dockerfile | tar | image | compose) ;;
    *) echo "error: no fuzz target $target (dockerfile, tar, image, compose)" >&2; exit 2 ;;
    esac
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    echo "fuzzing $target for ${seconds}s"
    log="$work/$target.log"
    if STAGECRAFT_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 "$bin/Fuzz" "$corpus" "$seeds/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1; then
        :
    else
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    found=$(find "$artifacts" -type f | wc -l)
    echo "$target: $runs executions, $found finding(s)" | tee -a "$work/summary.txt"
    if [ "$found" -gt 0 ]; then
        status=1
        mkdir -p Tests/FuzzRegressions/"$target"
        for file in "$artifacts"*; do
            cp "$file" Tests/FuzzRegressions/"$target"/
            echo "  kept $(basename "$file") in Tests/FuzzRegressions/$target/" >&2
        done
        grep -E 'ERROR|SUMMARY|Fatal|deadly|timeout' "$log" | head -5 >&2 || true
    elif [ "$status" -ne 0 ]; then
        tail -20 "$log" >&2
    fi
done
exit "$status"
