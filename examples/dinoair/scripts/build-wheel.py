#!/usr/bin/env python3
"""Builds a pure-Python wheel from a package folder with the standard library alone (no setuptools,
no network), byte for byte the same on every run.

Usage: build-wheel.py SOURCE NAME VERSION SUMMARY OUT_DIR
SOURCE holds the import package NAME (a folder); the wheel is OUT_DIR/NAME-VERSION-py3-none-any.whl.
"""
import base64
import hashlib
import os
import sys
import zipfile


def main(source, name, version, summary, out_dir):
    dist_info = f"{name}-{version}.dist-info"
    files = []
    for folder, _, names in sorted(os.walk(os.path.join(source, name))):
        for file in sorted(names):
            if file.endswith(".pyc"):
                continue
            path = os.path.join(folder, file)
            with open(path, "rb") as handle:
                files.append((os.path.relpath(path, source), handle.read()))
    files.append((f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n".encode()))
    files.append((f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: dinoair build-wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    record = ""
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += f"{path},sha256={digest},{len(data)}\n"
    record += f"{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode()))
    os.makedirs(out_dir, exist_ok=True)
    wheel = os.path.join(out_dir, f"{name}-{version}-py3-none-any.whl")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            entry = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    print(wheel)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
