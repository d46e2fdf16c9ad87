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

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# No test process consumes background jobs unless the test starts a consumer itself (apps
# built with the development or production settings would otherwise start one).
os.environ.setdefault("JOBS_RUN_IN_PROCESS", "0")

from app import create_app  # noqa: E402
from app.extensions import db, limiter

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
OFAC_DIR = SHARED_DIR / "data" / "ofac"
UN_FILE = SHARED_DIR / "data" / "un" / "UN_consolidated_2026-02.xml"


TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
ON_POSTGRES = bool(TEST_DATABASE_URL) and make_url(TEST_DATABASE_URL).get_backend_name() == (
    "postgresql"
)
# Tests that build their own SQLite copy of a template for a separate process (a worker,
# a web server) prove nothing more on PostgreSQL: they run in the SQLite run only.
SQLITE_ONLY = pytest.mark.skipif(
    ON_POSTGRES, reason="builds its own SQLite database for a separate process"
)
# The local test server: no TLS (pg8000 would build a TLS context per connection, 0.2 s)
# and no waiting for the disk at each commit (a crash loses only test data).
PG_TEST_CONNECT_ARGS = {"ssl_context": False, "startup_params": {"synchronous_commit": "off"}}


def pytest_configure(config: pytest.Config) -> None:
    if ON_POSTGRES:
        # pg8000 connections a test's app left to the garbage collector warn of their
        # socket (SQLite's do not): not a fault of the code under test.
        config.addinivalue_line("filterwarnings", "ignore:unclosed <socket:ResourceWarning")
        config.addinivalue_line(
            "filterwarnings",
            "ignore:Exception ignored in. <socket:pytest.PytestUnraisableExceptionWarning",
        )


class PostgresState:
    """A state of the one PostgreSQL database of the run: migrated and empty, or seeded.

    Copying a database per test (CREATE DATABASE ... TEMPLATE) costs a second or two;
    instead every test gets the run's database reset to the state its fixture wants by
    one function call (``test_reset``, written by ``_install_reset``): rows deleted,
    then for the seeded state refilled from a copy of the seed kept in the schema
    ``seeded``, sequences set after the highest id. The real schema, a fresh state.
    """

    def __init__(self, url: str, seeded: bool) -> None:
        self.url, self.seeded = url, seeded
        self._engine = create_engine(url, connect_args=PG_TEST_CONNECT_ARGS)

    def reset(self) -> None:
        with self._engine.begin() as connection:
            connection.execute(text("SET LOCAL synchronous_commit = off"))
            connection.execute(text("SELECT public.test_reset(:seeded)"), {"seeded": self.seeded})

    def close(self) -> None:
        self._engine.dispose()


def _install_reset(connection) -> None:  # noqa: ANN001
    """Write the database's ``test_reset(with_seed)`` function for its current tables."""
    tables = _postgres_tables(connection)
    body = [f'DELETE FROM public."{t}";' for t in reversed(tables)]
    body.append("IF with_seed THEN")
    body += [f'INSERT INTO public."{t}" SELECT * FROM seeded."{t}";' for t in tables]
    body.append("END IF;")
    body += [
        f"PERFORM setval(pg_get_serial_sequence('public.\"{t}\"', '{c}'), "
        f'COALESCE((SELECT MAX("{c}") FROM public."{t}"), 0) + 1, false);'
        for t, c in _serial_columns(connection, tables)
    ]
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION public.test_reset(with_seed boolean) RETURNS void"
            " LANGUAGE plpgsql AS $body$ BEGIN " + " ".join(body) + " END $body$"
        )
    )


def _postgres_tables(connection) -> list[str]:  # noqa: ANN001
    """The app's tables, parents before children (alembic_version left alone)."""
    existing = set(
        connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
    ) - {"alembic_version"}
    ordered = [t.name for t in db.metadata.sorted_tables if t.name in existing]
    return ordered + sorted(existing - set(ordered))


def _serial_columns(connection, tables: list[str]) -> list[tuple[str, str]]:  # noqa: ANN001
    """(table, column) of every column numbered by a sequence."""
    rows = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'"
            " AND (column_default LIKE 'nextval%' OR is_identity = 'YES')"
        )
    )
    return [(table, column) for table, column in rows if table in tables]


def _suite_database() -> str:
    """A new PostgreSQL database for this run, next to TEST_DATABASE_URL's; its URL."""
    base = make_url(TEST_DATABASE_URL)
    name = f"{base.database}_run_{os.getpid()}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_suite_database(url: str) -> None:
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
            )
    finally:
        admin.dispose()


Template = Path | PostgresState


def _database_uri(database: Path | str) -> str:
    """A SQLite file path, or a database URL, as SQLALCHEMY_DATABASE_URI."""
    return database if isinstance(database, str) else f"sqlite:///{database}"


def copy_database(template: Template, tmp_path: Path, name: str = "test") -> Path | str:
    """A test's own database in the template's state: a copied SQLite file, or the run's
    PostgreSQL database reset to that state."""
    if isinstance(template, PostgresState):
        template.reset()
        return template.url
    path = tmp_path / f"{name}.sqlite"
    shutil.copy(template, path)
    return path


def _make_app(database: Path | str, **overrides: object) -> Flask:
    # Files kept for jobs (uploads, screenings) and built exports go beside the test's
    # database (on PostgreSQL, in a folder of their own).
    files = database.parent if isinstance(database, Path) else Path(tempfile.mkdtemp())
    overrides.setdefault("IMPORT_UPLOAD_DIR", str(files / "uploads"))
    overrides.setdefault("SCREENING_JOB_DIR", str(files / "screening"))
    overrides.setdefault("EXPORT_CACHE_DIR", str(files / "exports"))
    if isinstance(database, str) and make_url(database).get_backend_name() == "postgresql":
        overrides.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": PG_TEST_CONNECT_ARGS})
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
def empty_db_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """The migrated, empty database every test copies (on PostgreSQL: resets to)."""
    if ON_POSTGRES:
        url = _suite_database()
        app = _make_app(url)
        with app.app_context():
            upgrade()
            with db.engine.begin() as connection:
                _install_reset(connection)
        _close(app)
        state = PostgresState(url, seeded=False)
        yield state
        state.close()
        _drop_suite_database(url)
        return
    path = tmp_path_factory.mktemp("templates") / "empty.sqlite"
    app = _make_app(path)
    with app.app_context():
        upgrade()
    _close(app)
    yield path


@pytest.fixture(scope="session")
def seeded_db_template(
    tmp_path_factory: pytest.TempPathFactory, empty_db_template: Template
) -> Iterator[Template]:
    """The database holding the seed, as every seeded test starts from it."""
    if isinstance(empty_db_template, PostgresState):
        empty_db_template.reset()
        app = _make_app(empty_db_template.url)
        result = app.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS seeded CASCADE"))
            connection.execute(text("CREATE SCHEMA seeded"))
            for table in _postgres_tables(connection):
                connection.execute(
                    text(f'CREATE TABLE seeded."{table}" AS SELECT * FROM public."{table}"')
                )
        _close(app)
        state = PostgresState(empty_db_template.url, seeded=True)
        yield state
        state.close()
        return
    path = tmp_path_factory.mktemp("templates") / "seeded.sqlite"
    shutil.copy(empty_db_template, path)
    app = _make_app(path)
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    _close(app)
    yield path


def _app_on_copy(template: Template, tmp_path: Path, **overrides: object) -> Iterator[Flask]:
    app = _make_app(copy_database(template, tmp_path), **overrides)
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
