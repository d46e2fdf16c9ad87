"""The production server (gunicorn with deploy/gunicorn.conf.py) on 127.0.0.1, for tests
that need real concurrency across worker processes, and a small cookie-keeping client."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = REPO_ROOT / "deploy" / "gunicorn.conf.py"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database: Path, workers: int = 2, **env: str) -> Iterator[int]:
    """Serve the app on ``database`` in production configuration; yields the port."""
    port = free_port()
    environment = dict(
        os.environ,
        APP_ENV="production",
        SECRET_KEY="live-server-test-key",
        TRUSTED_HOSTS="127.0.0.1",
        SESSION_COOKIE_SECURE="false",  # plain HTTP on loopback
        DATABASE_URL=f"sqlite:///{database}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        **env,
    )
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen([binary, "-c", str(GUNICORN_CONFIG)], cwd=REPO_ROOT, env=environment)
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


class Browser:
    """One client with its own session cookie, over real HTTP."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data.decode("utf-8", "replace")

    def csrf_token(self, path: str) -> str:
        status, html = self.request("GET", path)
        match = _CSRF.search(html)
        assert status == 200 and match, f"no form at {path} ({status})"
        return match.group(1)

    def sign_in(self, email: str, password: str) -> int:
        token = self.csrf_token("/admin/login")
        form = {"email": email, "password": password, "csrf_token": token, "next": ""}
        return self.request("POST", "/admin/login", form)[0]
