"""Shared fixtures: an app on a fresh, migrated SQLite database per test.

Migrations run once per session into a template file (and the seed is
imported once into a second template); each test gets its own copy, so tests
use the real schema and real data without paying for them every time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

# No test process consumes background jobs unless the test starts a consumer itself (apps
# built with the development or production settings would otherwise start one).
os.environ.setdefault("JOBS_RUN_IN_PROCESS", "0")

from app import create_app  # noqa: E402
from app.extensions import db, limiter

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
OFAC_DIR = SHARED_DIR / "data" / "ofac"
UN_FILE = SHARED_DIR / "data" / "un" / "UN_consolidated_2026-02.xml"


def _make_app(db_path: Path, **overrides: object) -> Flask:
    # Files kept for jobs (uploads, screenings) go beside the test's database.
    overrides.setdefault("IMPORT_UPLOAD_DIR", str(db_path.parent / "uploads"))
    overrides.setdefault("SCREENING_JOB_DIR", str(db_path.parent / "screening"))
    if isinstance(db_path, Path):  # export files are built next to the test's database
        overrides.setdefault("EXPORT_CACHE_DIR", str(db_path.parent / "exports"))
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", **overrides)
    with app.app_context():
        # The limiter's in-memory counts belong to the process, not the app: without
        # this, failed sign-ins of one test would count against the next.
        limiter.reset()
    return app


def _close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # closing the last connection checkpoints the WAL


@pytest.fixture(scope="session")
def empty_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "empty.sqlite"
    app = _make_app(path)
    with app.app_context():
        upgrade()
    _close(app)
    return path


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory: pytest.TempPathFactory, empty_db_template: Path) -> Path:
    path = tmp_path_factory.mktemp("templates") / "seeded.sqlite"
    shutil.copy(empty_db_template, path)
    app = _make_app(path)
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    _close(app)
    return path


def _app_on_copy(template: Path, tmp_path: Path, **overrides: object) -> Iterator[Flask]:
    path = tmp_path / "test.sqlite"
    shutil.copy(template, path)
    app = _make_app(path, **overrides)
    with app.app_context():
        yield app
    _close(app)


@pytest.fixture
def app(empty_db_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty, migrated database (CSRF off; admin tests turn it on)."""
    yield from _app_on_copy(empty_db_template, tmp_path, WTF_CSRF_ENABLED=False)


@pytest.fixture
def seeded_app(seeded_db_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database holding the seed (the 757 Magnitsky designations)."""
    yield from _app_on_copy(seeded_db_template, tmp_path, WTF_CSRF_ENABLED=False)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def seeded_client(seeded_app: Flask) -> FlaskClient:
    return seeded_app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def ofac_dir() -> Path:
    if not (OFAC_DIR / "sdn.csv").exists():
        pytest.skip(f"the shared OFAC data is not at {OFAC_DIR}")
    return OFAC_DIR
