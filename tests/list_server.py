"""A real HTTP server on 127.0.0.1 serving list files the way publishers do, or badly.

Each path serves a file with an ETag and Last-Modified and honours If-None-Match /
If-Modified-Since (304). A path can be switched to misbehave: ``"cut"`` (promise the
whole length, send half, close), ``"error"`` (500), ``"stall"`` (send the headers, then
nothing for ``stall_seconds``) or ``"no-validators"`` (no ETag nor Last-Modified).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class ListServer:
    files: dict[str, bytes] = field(default_factory=dict)  # path -> content
    modes: dict[str, str] = field(default_factory=dict)  # path -> misbehaviour
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stall_seconds: float = 3.0
    base_url: str = ""

    def serve(self, path: str, content: bytes | Path) -> str:
        self.files[path] = content.read_bytes() if isinstance(content, Path) else content
        return self.base_url + path


def _handler(server: ListServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            server.requests.append((self.path, dict(self.headers)))
            content = server.files.get(self.path)
            mode = server.modes.get(self.path, "")
            if content is None or mode == "error":
                status = 404 if content is None else 500
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(content).hexdigest()[:16] + '"'
            modified = formatdate(1700000000 + len(content), usegmt=True)
            validators = mode != "no-validators"
            if validators and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(content)))
            if validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            self.end_headers()
            if mode == "stall":
                time.sleep(server.stall_seconds)
            if mode == "cut":
                self.wfile.write(content[: len(content) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(content)

    return Handler


def start() -> tuple[ListServer, ThreadingHTTPServer]:
    state = ListServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return state, httpd
