"""Interop tests: yente's /match and the reconciliation API over the seeded lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import _app_on_copy


@pytest.fixture
def csrf_client(seeded_db_template: Path, tmp_path: Path) -> Iterator[FlaskClient]:
    """A client of an app that enforces CSRF tokens, as production does."""
    apps: Iterator[Flask] = _app_on_copy(seeded_db_template, tmp_path, WTF_CSRF_ENABLED=True)
    app = next(apps)
    yield app.test_client()
    next(apps, None)
