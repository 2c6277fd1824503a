"""A small HTTP service over the standard library: routes per method and path, JSON in and out."""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__version__ = "1.2.0"


class Service:
    """Routes `(method, path)` to handlers that take the JSON body (or None) and return
    `(status, body)`; serves them on a threading HTTP server."""

    def __init__(self, name):
        self.name = name
        self.routes = {}

    def route(self, method, path):
        def register(handler):
            self.routes[(method, path)] = handler
            return handler

        return register

    def handle(self, method, path, body):
        handler = self.routes.get((method, path.split("?", 1)[0]))
        if handler is None:
            return 404, {"error": f"no route for {method} {path}"}
        try:
            return handler(body)
        except Exception as error:  # the reply names the failure instead of dropping the connection
            return 500, {"error": str(error)}

    def serve(self, host, port):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def reply(self, method):
                length = int(self.headers.get("content-length") or 0)
                body = None
                if length:
                    try:
                        body = json.loads(self.rfile.read(length))
                    except ValueError:
                        status, answer = 400, {"error": "the body is not JSON"}
                        return self.send(status, answer)
                status, answer = service.handle(method, self.path, body)
                self.send(status, answer)

            def send(self, status, answer):
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.reply("GET")

            def do_POST(self):
                self.reply("POST")

            def log_message(self, format, *args):
                sys.stderr.write(f"{service.name}: {format % args}\n")

        server = ThreadingHTTPServer((host, port), Handler)
        print(f"{self.name} listening on {host}:{port}", file=sys.stderr, flush=True)
        server.serve_forever()


def probe(url, timeout=3):
    """Exit 0 when `url` answers 200, else 1: what a HEALTHCHECK runs."""
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=timeout) as answer:
            return 0 if answer.status == 200 else 1
    except OSError:
        return 1
