"""Shared fixtures: an app on a fresh, migrated database per test.

Migrations run once per session into a template database (and the seed is
imported once into a second template); each test gets its own copy, so tests
use the real schema and real data without paying for them every time.

The database under test is SQLite files by default. With TEST_DATABASE_URL set to
a PostgreSQL database (``postgresql+pg8000://user:password@127.0.0.1/name``; the
user needs CREATEDB), the templates and each test's copy are PostgreSQL databases
made from it (``CREATE DATABASE ... TEMPLATE``): the same suite on the second
supported database. .ci/run runs it both ways.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db, limiter

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
OFAC_DIR = SHARED_DIR / "data" / "ofac"
UN_FILE = SHARED_DIR / "data" / "un" / "UN_consolidated_2026-02.xml"


TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
ON_POSTGRES = bool(TEST_DATABASE_URL) and make_url(TEST_DATABASE_URL).get_backend_name() == (
    "postgresql"
)
_copies = itertools.count()


def _database_uri(database: Path | str) -> str:
    """A template or copy as a database URL: a SQLite file path, or a PostgreSQL URL."""
    return database if isinstance(database, str) else f"sqlite:///{database}"


def _postgres(statement: str) -> None:
    """Run CREATE/DROP DATABASE on the server of TEST_DATABASE_URL (outside a transaction)."""
    engine = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _new_database(name: str, template: str | None = None) -> str:
    """A new, empty (or copied) PostgreSQL database; its URL."""
    name = f"{make_url(TEST_DATABASE_URL).database}_{name}_{os.getpid()}"
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    source = f' TEMPLATE "{make_url(template).database}"' if template else ""
    _postgres(f'CREATE DATABASE "{name}"{source}')
    return make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    _postgres(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def copy_database(template: Path | str, tmp_path: Path, name: str = "test") -> Path | str:
    """A test's own copy of a template database (removed with tmp_path, or by drop_copy)."""
    if isinstance(template, str):
        return _new_database(f"copy{next(_copies)}", template)
    path = tmp_path / f"{name}.sqlite"
    shutil.copy(template, path)
    return path


def drop_copy(database: Path | str) -> None:
    if isinstance(database, str):
        _drop_database(database)


def _make_app(database: Path | str, **overrides: object) -> Flask:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=_database_uri(database), **overrides)
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
def empty_db_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    if ON_POSTGRES:
        database: Path | str = _new_database("empty")
    else:
        database = tmp_path_factory.mktemp("templates") / "empty.sqlite"
    app = _make_app(database)
    with app.app_context():
        upgrade()
    _close(app)
    yield database
    drop_copy(database)


@pytest.fixture(scope="session")
def seeded_db_template(
    tmp_path_factory: pytest.TempPathFactory, empty_db_template: Path | str
) -> Iterator[Path | str]:
    if ON_POSTGRES:
        database: Path | str = _new_database("seeded", empty_db_template)
    else:
        database = tmp_path_factory.mktemp("templates") / "seeded.sqlite"
        shutil.copy(empty_db_template, database)
    app = _make_app(database)
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    _close(app)
    yield database
    drop_copy(database)


def _app_on_copy(template: Path | str, tmp_path: Path, **overrides: object) -> Iterator[Flask]:
    database = copy_database(template, tmp_path)
    app = _make_app(database, **overrides)
    with app.app_context():
        yield app
    _close(app)
    drop_copy(database)


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
