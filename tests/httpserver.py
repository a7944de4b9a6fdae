"""A local news HTTP server on 127.0.0.1 for the tests that fetch web pages.

``LocalServer`` listens on a free port of 127.0.0.1 and records every request
path; ``RouteHandler`` answers from the table its subclass's ``routes()``
returns (a test file keeps its own pages and misbehaving endpoints there) and
offers the pieces those routes share.  ``serving(httpd)`` runs a server in a
thread and stops it, waking any route waiting on ``httpd.stopping``::

    @pytest.fixture(scope="module")
    def server():
        with serving(MyServer()) as httpd:
            yield httpd
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple

# a 1x1 PNG
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfab"
                    "d40000000049454e44ae426082")
HUGE = 50 * 1024 * 1024  # what huge_declared announces


class SeenRequest(NamedTuple):
    """One GET the server received: its path and its headers (names in lower case)."""

    path: str
    headers: dict[str, str]


class RouteHandler(BaseHTTPRequestHandler):
    """GET by a table of routes: ``routes()`` maps a path to a callable that answers."""

    server: "LocalServer"
    ignore_query = False  # look ``/a?b`` up as ``/a``

    def log_message(self, *args: object) -> None:  # keep pytest output quiet
        pass

    def routes(self) -> dict[str, Callable[[], object]]:
        return {}

    def route_for(self, path: str) -> Callable[[], object] | None:
        return self.routes().get(path.split("?")[0] if self.ignore_query else path)

    def not_found(self) -> None:
        self.send_body(b"not found", "text/plain", 404)

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.server.seen.append(SeenRequest(self.path, {name.lower(): value for name, value
                                                        in self.headers.items()}))
        route = self.route_for(self.path)
        if route is None:
            return self.not_found()
        route()

    def send_body(self, body: bytes, content_type: str, status: int = 200,
                  extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def huge_declared(self, content_type: str = "text/html", start: bytes = b"<html>") -> None:
        """Content-Length says 50 MB; only ``start`` is ever sent."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        try:
            self.wfile.write(start)
        except OSError:
            pass


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.stopping = threading.Event()  # set when the server stops: waiting routes return
        self.requests: list[str] = []  # the path of every GET, in order
        self.seen: list[SeenRequest] = []  # every GET with its headers, in order

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


@contextmanager
def serving(httpd: LocalServer) -> Iterator[LocalServer]:
    """Serve ``httpd`` in a daemon thread for the ``with`` block, then stop it."""
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
