"""A development server's reloader: runs a Python program and starts it again when a .py file under
the current folder changes (polling, so it works on bind mounts)."""

__version__ = "0.2.0"
