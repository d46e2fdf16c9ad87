"""What the monitoring tests share: an analyst with an API token, a stored screening run,
small OFAC lists imported through ``flask import``, and a webhook receiver on 127.0.0.1.

The receiver is a real HTTP server in a thread: it records each request (headers and
body) and answers with the statuses it is given, one per request (the last repeats).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask import Flask

from app.extensions import db
from app.models import User
from app.runners import screening_settings
from app.services import accounts, api_tokens, screening_records
from app.services.audit import CLI
from app.services.list_versions import list_versions
from app.services.screening import Screener
from app.services.screening_input import ScreeningRow
from tests.builders import sdn_row, write_ofac_set

SECRET = "receiver-shared-secret"


@dataclass
class Analyst:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def analyst(email: str = "analyst@example.org") -> Analyst:
    user = accounts.create_user(db.session, email, "a long enough password", "analyst", 8, CLI)
    _token, text = api_tokens.create_token(db.session, user, "monitoring tests")
    return Analyst(user, text)


def import_ofac(app: Flask, folder: Path, people: list[tuple[int, str, str]]) -> None:
    """Import a full OFAC list of ``(ent_num, name, program)`` rows with ``flask import``."""
    write_ofac_set(
        folder, [sdn_row(number, name, program=program) for number, name, program in people]
    )
    result = app.test_cli_runner().invoke(args=["import", "ofac-csv", str(folder), "--force"])
    assert result.exit_code == 0, result.output


def stored_run(user: User, names: list[str]) -> str:
    """Screen ``names`` as ``user`` and store the run (as POST /api/v1/screen with a token
    does); the run's id."""
    rows = [ScreeningRow(line=i + 1, values=[], name=name) for i, name in enumerate(names)]
    settings = screening_settings()
    screened = Screener(db.session, settings).screen_rows(rows)
    run = screening_records.store_run(
        db.session,
        user=user,
        origin="api",
        label="clients",
        screened=screened,
        threshold=settings.threshold,
        list_versions=[v.as_dict() for v in list_versions(db.session)],
    )
    return run.id


def signature(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 answering ``statuses`` in turn, after ``delay`` s."""

    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(Received(dict(self.headers.items()), body))
                index = min(len(receiver.received), len(receiver.statuses)) - 1
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.statuses[index])
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.received) >= count, f"{len(self.received)} request(s), not {count}"
        return self.received
