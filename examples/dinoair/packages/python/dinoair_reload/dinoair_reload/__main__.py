"""`python -m dinoair_reload SCRIPT [ARGS...]`."""

import os
import subprocess
import sys
import time


def snapshot():
    times = {}
    for folder, folders, files in os.walk("."):
        folders[:] = [name for name in folders if not name.startswith(".") and name != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                times[path] = os.stat(path).st_mtime
    return times


def main(arguments):
    if not arguments:
        print("usage: python -m dinoair_reload SCRIPT [ARGS...]", file=sys.stderr)
        return 2
    seen = snapshot()
    child = subprocess.Popen([sys.executable] + arguments)
    try:
        while True:
            time.sleep(1)
            now = snapshot()
            if now != seen:
                seen = now
                print("dinoair_reload: a file changed; restarting", file=sys.stderr, flush=True)
                child.terminate()
                child.wait()
                child = subprocess.Popen([sys.executable] + arguments)
    except KeyboardInterrupt:
        child.terminate()
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
