#!/usr/bin/env python3
"""Parse Dockerfiles with BuildKit's own parser (the `dockerfile` package wraps its Go code).

Usage: buildkit-oracle.py FILE...   Prints one JSON object per file on its own line:
{"file": F, "ok": true, "instructions": [...]} or {"file": F, "ok": false, "error": MESSAGE}.
The instruction objects use the keys of `stagecraft parse --format json`.
"""
import json
import sys

try:
    import dockerfile
except ImportError:
    sys.exit("buildkit-oracle: the Python package 'dockerfile' is missing; run: pip install dockerfile==3.4.0")


def record(command):
    return {
        "cmd": command.cmd,
        "subCmd": command.sub_cmd,
        "json": command.json,
        "original": command.original,
        "startLine": command.start_line,
        "endLine": command.end_line,
        "flags": list(command.flags),
        "value": list(command.value),
        "heredocs": [
            {"name": h.name, "fileDescriptor": h.file_descriptor, "content": h.content}
            for h in command.heredocs
        ],
    }


def main(paths):
    out = sys.stdout
    for path in paths:
        try:
            commands = dockerfile.parse_file(path)
            result = {"file": path, "ok": True, "instructions": [record(c) for c in commands]}
        except dockerfile.GoParseError as error:
            result = {"file": path, "ok": False, "error": str(error)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
