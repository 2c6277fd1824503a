"""`python -m dinoair_serve.probe URL` is in probe.py; this prints the version."""

from . import __version__

print(__version__)
