"""Test helpers for DinoAir's Python services: call a Service's routes without a server."""

__version__ = "0.4.0"


def call(service, method, path, body=None):
    """The `(status, body)` a route of `service` answers, as over HTTP."""
    return service.handle(method, path, body)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)
