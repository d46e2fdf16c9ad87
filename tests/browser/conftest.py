"""Browser tests: a real Chromium (Debian's) driven by Playwright against a live server.

The server runs the real app in a thread on 127.0.0.1 with its own copy of the
seeded database. Without Chromium these tests are skipped, and say why.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import Template, _close, _make_app, copy_database

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM).exists():
        reason = "Debian's chromium is not installed (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[test]')"
    if reason:
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


class LiveServer:
    def __init__(self, app, port: int, server, thread) -> None:
        self.app = app
        self.url = f"http://127.0.0.1:{port}"
        self._server = server
        self._thread = thread

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture
def live_server(seeded_db_template: Template, tmp_path: Path) -> Iterator[LiveServer]:
    """The real app, served over HTTP on a free local port, on a seeded database copy."""
    database = copy_database(seeded_db_template, tmp_path, "live")
    app = _make_app(database)  # CSRF stays on: browsers send the tokens like a user would
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveServer(app, server.server_port, server, thread)
    yield live
    live.stop()
    _close(app)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
