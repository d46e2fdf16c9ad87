"""Admin tests run with CSRF on, as a browser would meet the forms.

Unlike the shared ``app`` fixture, these apps are not inside a pushed app
context: each test-client request then gets its own context (its own ``g``), as
it would in production, so per-request caches (the CSRF token, the signed-in
user) cannot leak from one client to another. Tests that read the database
open ``with app.app_context():`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import Template, _close, _make_app, copy_database


def _app(template: Template, tmp_path: Path) -> Iterator[Flask]:
    database = copy_database(template, tmp_path, "admin")
    app = _make_app(database, WTF_CSRF_ENABLED=True, IMPORT_UPLOAD_DIR=str(tmp_path / "uploads"))
    yield app
    _close(app)


@pytest.fixture
def admin_app(empty_db_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty migrated database, CSRF protection on."""
    yield from _app(empty_db_template, tmp_path)


@pytest.fixture
def seeded_admin_app(seeded_db_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app on the seeded database, CSRF protection on."""
    yield from _app(seeded_db_template, tmp_path)
