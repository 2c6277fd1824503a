"""`python -m dinoair_serve.probe URL`: exit 0 when URL answers 200 (a health check)."""

import sys

from . import probe

if __name__ == "__main__":
    sys.exit(probe(sys.argv[1]) if len(sys.argv) == 2 else 2)
