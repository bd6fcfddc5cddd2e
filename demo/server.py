"""Serve the demo sites on 127.0.0.1 with a deep listen backlog.

``DemoSites(root, port=0)`` starts one threaded HTTP server per site (jobs,
classifieds) on free ports and exposes ``urls``; ``{{BASE}}`` in served text
files becomes the site's base URL. Tests may add ``routes`` (path ->
``Route``) to a site, e.g. a gzip bomb. ``hits`` counts requested paths so
tests can prove a page was never fetched. ``python -m demo.server`` serves the
bundled sites in the foreground.
"""

from __future__ import annotations

import argparse
import mimetypes
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from anzuelo import settings
from demo import SITES_DIR

SITES = ("jobs", "classifieds")


@dataclass
class Route:
    """A canned response for a test route."""

    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


class SiteServer(ThreadingHTTPServer):
    """ThreadingHTTPServer serving one folder; http.server's backlog of 5 drops connections under load."""

    request_queue_size = int(settings.DEMO_BACKLOG)
    daemon_threads = True

    def __init__(self, root: Path, port: int = 0, routes: dict[str, Route] | None = None) -> None:
        self.root = Path(root)
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet: tests and benchmarks hit it thousands of times
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = unquote(urlsplit(self.path).path)
        with self.server._lock:
            self.server.hits[path] += 1
        route = self.server.routes.get(path)
        if route is None:
            route = self._file(path)
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        if not head:
            self.wfile.write(route.body)

    def _file(self, path: str) -> Route:
        if path.endswith("/"):
            path += "index.html"
        target = (self.server.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.server.root.resolve()) or not target.is_file():
            return Route(b"<h1>404 not found</h1>", 404)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        if ctype.startswith("text/") or ctype.endswith("xml") or target.suffix in {".xml", ".txt", ".html"}:
            body = body.replace(b"{{BASE}}", self.server.base_url.encode())
            ctype += "; charset=utf-8"
        return Route(body, 200, {"Content-Type": ctype})


class DemoSites:
    """Both demo sites served from ``root`` (default: the bundled sites) in background threads.

    Use as a context manager; ``urls`` maps site name to base URL. ``port=0``
    picks free ports; a fixed ``port`` serves jobs there and classifieds on ``port + 1``.
    """

    def __init__(self, root: Path | None = None, port: int = 0) -> None:
        self.root = Path(root or SITES_DIR)
        self.servers: dict[str, SiteServer] = {}
        for i, name in enumerate(SITES):
            self.servers[name] = SiteServer(self.root / name, port + i if port else 0)
        self._threads: list[threading.Thread] = []

    @property
    def urls(self) -> dict[str, str]:
        return {name: srv.base_url for name, srv in self.servers.items()}

    def start(self) -> DemoSites:
        for name, srv in self.servers.items():
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, name=f"demo-{name}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        for srv in self.servers.values():
            srv.shutdown()
            srv.server_close()
        for t in self._threads:
            t.join(timeout=5)

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the anzuelo demo sites on 127.0.0.1")
    parser.add_argument("--port", type=int, default=int(settings.get("DEMO_PORT")), help="jobs port; classifieds uses port+1 (0 = free ports)")
    parser.add_argument("--root", type=Path, default=None, help="folder with jobs/ and classifieds/ (default: bundled)")
    args = parser.parse_args()
    sites = DemoSites(args.root, args.port).start()
    for name, url in sites.urls.items():
        print(f"{name}: {url}/", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        sites.stop()


if __name__ == "__main__":
    main()
