"""Shared fixtures: an app on a fresh, migrated database per test.

Migrations run once per session into a template database (and the seed is
imported once into a second template); each test gets its own copy, so tests
use the real schema and real data without paying for them every time.

The database under test is SQLite files by default. With TEST_DATABASE_URL set to
a PostgreSQL database (``postgresql+pg8000://user:password@127.0.0.1/name``; the
user needs CREATEDB), each xdist worker makes two PostgreSQL databases next to it
(empty, seeded), and each test gets one of them put back into its state
(``PostgresState``): the same suite on the second supported database. .ci/run runs
it both ways, each on every core (pytest-xdist).
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


# The longest tests, longest first (measured: `pytest --durations=20`). Under xdist
# (`make test`: -n auto --dist worksteal) each worker's share of the run starts with its
# turn of them, so no worker ends the run alone with several of them still to do.
LONGEST_TESTS = (
    "tests/services/test_list_updates.py::test_every_list_updates_from_the_shared_files",
    "tests/services/test_import_service.py::test_full_sdn_list_imports_and_reimports_unchanged",
    "tests/services/test_ftm_export.py::test_the_export_of_the_full_ofac_list_is_valid_ftm",
    "tests/services/importing/test_uk_import.py::test_the_ods_of_an_export_changes_nothing_after_its_csv",
    "tests/services/test_delisting.py::test_the_seed_does_not_delist_the_rest_of_a_full_list",
)


@pytest.hookimpl(trylast=True)  # after -m / -k have deselected what does not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    rank = {node_id: i for i, node_id in enumerate(LONGEST_TESTS)}
    longest = sorted((i for i in items if i.nodeid in rank), key=lambda i: rank[i.nodeid])
    if workers < 2 or not longest:
        return
    rest = [i for i in items if i.nodeid not in rank]
    # worksteal gives worker k the next len(remaining) // (workers - k) items in order.
    ordered: list[pytest.Item] = []
    for k in range(workers):
        size = (len(items) - len(ordered)) // (workers - k)
        mine = longest[k::workers]
        ordered += mine + rest[: max(0, size - len(mine))]
        del rest[: max(0, size - len(mine))]
    items[:] = ordered + rest


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
    """A PostgreSQL database of the run in one state: migrated and empty, or seeded.

    Each xdist worker has two databases, one per state, so a test never pays for
    turning one state into the other. Copying a database per test (CREATE DATABASE ...
    TEMPLATE) costs a second or two; instead every test gets its state's database put
    back by one function call (``test_support.reset``, written by ``_install_reset``):
    a trigger on every table notes the tables a test wrote to; only those (and the
    tables whose rows refer to theirs) are emptied, and for the seeded state refilled
    from the copy of the seed kept in the schema ``seeded``. Sequences are set after
    the highest id. The real schema, a fresh state, at the price of what a test changed.
    """

    def __init__(self, url: str, seeded: bool) -> None:
        self.url, self.seeded = url, seeded
        self._engine = create_engine(url, connect_args=PG_TEST_CONNECT_ARGS)

    def reset(self) -> None:
        with self._engine.begin() as connection:
            connection.execute(text("SET LOCAL synchronous_commit = off"))
            connection.execute(text("SELECT test_support.reset(:seeded)"), {"seeded": self.seeded})

    def close(self) -> None:
        self._engine.dispose()


def _install_reset(connection) -> None:  # noqa: ANN001
    """Write the database's change triggers and ``test_support.reset(with_seed)``."""
    tables = _postgres_tables(connection)
    family = _referring_tables(connection, tables)
    connection.execute(text("CREATE SCHEMA IF NOT EXISTS test_support"))
    # No unique key: noting a table never waits for another transaction's note.
    connection.execute(text("CREATE UNLOGGED TABLE IF NOT EXISTS test_support.dirty (name text)"))
    connection.execute(
        text("CREATE TABLE IF NOT EXISTS test_support.family (name text, member text)")
    )
    connection.execute(text("DELETE FROM test_support.family"))
    for table, members in family.items():
        for member in members:
            connection.execute(
                text("INSERT INTO test_support.family VALUES (:t, :m)"), {"t": table, "m": member}
            )
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION test_support.note() RETURNS trigger LANGUAGE plpgsql AS"
            " $body$ BEGIN IF NOT EXISTS (SELECT 1 FROM test_support.dirty WHERE name ="
            " TG_TABLE_NAME) THEN INSERT INTO test_support.dirty VALUES (TG_TABLE_NAME);"
            " END IF; RETURN NULL; END $body$"
        )
    )
    triggers = " ".join(
        "EXECUTE 'CREATE OR REPLACE TRIGGER test_support_note AFTER INSERT OR UPDATE OR"
        f' DELETE OR TRUNCATE ON public."{t}" FOR EACH STATEMENT EXECUTE FUNCTION'
        " test_support.note()';"
        for t in tables
    )
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION test_support.install() RETURNS void LANGUAGE plpgsql"
            f" AS $body$ BEGIN {triggers} END $body$"
        )
    )
    connection.execute(text("SELECT test_support.install()"))
    body = [
        # A test that dropped and re-created tables (a migration test) lost their
        # triggers: put them back and reset everything.
        "IF (SELECT count(*) FROM pg_trigger WHERE tgname = 'test_support_note')"
        f" <> {len(tables)} THEN PERFORM test_support.install();"
        " INSERT INTO test_support.dirty SELECT DISTINCT name FROM test_support.family;"
        " END IF;",
        "SELECT array_agg(DISTINCT f.member) INTO todo FROM test_support.dirty d"
        " JOIN test_support.family f ON f.name = d.name;",
        "IF todo IS NOT NULL THEN",
    ]
    body += [
        f"IF '{t}' = ANY(todo) THEN DELETE FROM public.\"{t}\"; END IF;" for t in reversed(tables)
    ]
    body.append("IF with_seed THEN")
    body += [
        f'IF \'{t}\' = ANY(todo) THEN INSERT INTO public."{t}" SELECT * FROM seeded."{t}"; END IF;'
        for t in tables
    ]
    body.append("END IF; DELETE FROM test_support.dirty; END IF;")
    # Always: a rolled-back insert moves a sequence without leaving a changed table.
    body += [
        f"PERFORM setval(pg_get_serial_sequence('public.\"{t}\"', '{c}'), "
        f'COALESCE((SELECT MAX("{c}") FROM public."{t}"), 0) + 1, false);'
        for t, c in _serial_columns(connection, tables)
    ]
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION test_support.reset(with_seed boolean) RETURNS void"
            " LANGUAGE plpgsql AS $body$ DECLARE todo text[]; BEGIN "
            + " ".join(body)
            + " END $body$"
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


def _referring_tables(connection, tables: list[str]) -> dict[str, set[str]]:  # noqa: ANN001
    """Each table -> itself and every table whose rows refer to its rows, at any depth."""
    children: dict[str, set[str]] = {t: set() for t in tables}
    rows = connection.execute(
        text(
            "SELECT confrelid::regclass::text, conrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
        )
    )
    for parent, child in rows:
        parent, child = parent.strip('"'), child.strip('"')
        if parent in children and child in children:
            children[parent].add(child)
    family = {}
    for table in tables:
        seen, todo = {table}, [table]
        while todo:
            for child in children[todo.pop()] - seen:
                seen.add(child)
                todo.append(child)
        family[table] = seen
    return family


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


def _admin_execute(*statements: str) -> None:
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        admin.dispose()


def _suite_databases() -> tuple[str, str]:
    """This run's (this xdist worker's) two PostgreSQL databases, next to
    TEST_DATABASE_URL's, migrated: (empty, seeded-to-be) URLs."""
    base = make_url(TEST_DATABASE_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    empty = f"{base.database}_run_{worker}_{os.getpid()}"
    seeded = f"{empty}_seeded"
    _admin_execute(
        *(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in (empty, seeded)),
        f'CREATE DATABASE "{empty}"',
    )
    url = base.set(database=empty).render_as_string(hide_password=False)
    app = _make_app(url)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            _install_reset(connection)
    _close(app)
    _admin_execute(f'CREATE DATABASE "{seeded}" TEMPLATE "{empty}"')
    return url, base.set(database=seeded).render_as_string(hide_password=False)


def _drop_databases(*urls: str) -> None:
    _admin_execute(
        *(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)' for url in urls)
    )


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
        if db.engine.dialect.driver == "pg8000":
            # pg8000 sends an executemany without RETURNING (the search index's keys: 50,000
            # for the seed, 400,000 for the full OFAC list) one row per round trip, 5-10x
            # slower than SQLite; SQLAlchemy's batched INSERT ... VALUES (as with psycopg2)
            # writes the same rows in one statement per 1,000.
            db.engine.dialect.use_insertmanyvalues_wo_returning = True
        # The limiter's in-memory counts belong to the process, not the app: without
        # this, failed sign-ins of one test would count against the next.
        limiter.reset()
    return app


def _close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # closing the last connection checkpoints the WAL


@pytest.fixture(scope="session")
def _postgres_databases() -> Iterator[tuple[str, str]]:
    urls = _suite_databases()
    yield urls
    _drop_databases(*urls)


@pytest.fixture(scope="session")
def empty_db_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Template]:
    """The migrated, empty database every test copies (on PostgreSQL: resets to)."""
    if ON_POSTGRES:
        empty, _ = request.getfixturevalue("_postgres_databases")
        state = PostgresState(empty, seeded=False)
        yield state
        state.close()
        return
    path = tmp_path_factory.mktemp("templates") / "empty.sqlite"
    app = _make_app(path)
    with app.app_context():
        upgrade()
    _close(app)
    yield path


@pytest.fixture(scope="session")
def seeded_db_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Template]:
    """The database holding the seed, as every seeded test starts from it."""
    if ON_POSTGRES:
        _, url = request.getfixturevalue("_postgres_databases")
        app = _make_app(url)
        result = app.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS seeded CASCADE"))
            connection.execute(text("CREATE SCHEMA seeded"))
            for table in _postgres_tables(connection):
                connection.execute(
                    text(f'CREATE TABLE seeded."{table}" AS SELECT * FROM public."{table}"')
                )
            connection.execute(text("DELETE FROM test_support.dirty"))  # this is the state
        _close(app)
        state = PostgresState(url, seeded=True)
        yield state
        state.close()
        return
    empty_db_template = request.getfixturevalue("empty_db_template")
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
