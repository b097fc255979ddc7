"""The built site on loopback, cached like GitHub Pages, counting every response body byte it sends.

GitHub Pages answers with ``Cache-Control: max-age=600``, ``Last-Modified`` and ``ETag``, and
``304 Not Modified`` to a matching conditional request. This server does the same (no compression:
the byte counts are those of the files as built).

Given a ``network`` (loads.THROTTLED), it also plays a slow connection: each response waits the
round trip, and every response body shares one link of that throughput. Chromium's DevTools
throttling (CDP) reaches the page and its worker, but not a worker started by that worker (the
runtime's downloader, site_src/js/pyodide-worker.js), which the server's link does.
"""

import email.utils
import http.server
import mimetypes
import os
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

CACHE_CONTROL = "max-age=600"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".py": "text/plain; charset=utf-8",
}


class SiteServer:
    """A threaded HTTP server for one folder; ``take()`` tells what it sent since the last ``reset()``."""

    def __init__(self, root, network=None):
        self.root = Path(root).resolve()
        self.link = SharedLink(network["downloadThroughput"], network["latency"] / 1000) if network else None
        self.lock = threading.Lock()
        self.log = []  # one dict per response since the last reset
        handler = type("Handler", (CachingHandler,), {"site": self})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def record(self, path, status, body_bytes):
        with self.lock:
            self.log.append({"path": path, "status": status, "bytes": body_bytes, "time": time.time()})

    def reset(self):
        with self.lock:
            self.log = []

    def take(self):
        """The responses sent since the last reset, and their total body bytes."""
        with self.lock:
            log = list(self.log)
        return sum(entry["bytes"] for entry in log), log


class CachingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a browser gets from a real host
    site = None  # SiteServer, set by the subclass SiteServer makes

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.respond(with_body=True)

    def do_HEAD(self):
        self.respond(with_body=False)

    def respond(self, with_body):
        path = self.file_for(urlsplit(self.path).path)
        status = 200
        if path is None:
            status, path = 404, self.site.root / "404.html"
        try:
            with open(path, "rb") as file:  # read whole: a rebuild mid-request cannot tear it
                stat = os.fstat(file.fileno())
                body = file.read()
        except OSError:
            status, body, stat = 404, b"Not found", None
        if status == 200 and self.not_modified(stat):
            self.send_response(304)
            self.send_cache_headers(stat)
            self.end_headers()
            self.site.record(self.path, 304, 0)
            return
        if self.site.link:
            time.sleep(self.site.link.round_trip_s)
        self.send_response(status)
        self.send_header("Content-Type", content_type(path))
        self.send_header("Content-Length", str(len(body)))
        if stat is not None:
            self.send_cache_headers(stat)
        self.end_headers()
        sent = self.send_body(body) if with_body else 0
        self.site.record(self.path, status, sent)

    def file_for(self, url_path):
        """The file a URL path names inside the site, or None (also for paths that leave it)."""
        relative = unquote(url_path).lstrip("/")
        candidate = (self.site.root / relative).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_file() or not candidate.is_relative_to(self.site.root):
            return None
        return candidate

    def not_modified(self, stat):
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            wanted = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
            return "*" in wanted or etag(stat) in wanted
        since = self.headers.get("If-Modified-Since")
        if since is not None:
            try:
                return int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def send_cache_headers(self, stat):
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("ETag", etag(stat))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))

    def send_body(self, body):
        """Writes the body in chunks; returns the bytes actually handed to the socket."""
        sent = 0
        view = memoryview(body)
        chunk_size = 16 * 1024 if self.site.link else 256 * 1024
        try:
            while sent < len(body):
                chunk = view[sent:sent + chunk_size]
                if self.site.link:
                    self.site.link.wait_to_send(len(chunk))
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        return sent


class SharedLink:
    """One connection's throughput shared by every response, first come first served."""

    def __init__(self, bytes_per_s, round_trip_s):
        self.bytes_per_s = bytes_per_s
        self.round_trip_s = round_trip_s
        self.lock = threading.Lock()
        self.free_at = time.monotonic()  # when the link has sent everything handed to it

    def wait_to_send(self, count):
        with self.lock:
            now = time.monotonic()
            self.free_at = max(now, self.free_at) + count / self.bytes_per_s
            wait = self.free_at - now
        time.sleep(wait)


def etag(stat):
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def content_type(path):
    suffix = Path(path).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(str(path))[0] or "application/octet-stream"
