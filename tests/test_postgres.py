"""Facts only PostgreSQL can show: the run is on it when asked, and what differs there.

The whole suite runs on PostgreSQL when TEST_DATABASE_URL points at one (.ci/run
does it); these tests check that it really does and skip on SQLite.
"""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from app.runners import run_import
from tests.builders import SEED_OFAC_DIR
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES, reason="TEST_DATABASE_URL does not point at PostgreSQL"
)


def test_the_suite_runs_on_postgres_when_asked(app: Flask) -> None:
    assert db.engine.dialect.name == "postgresql"


def test_reimport_on_postgres_changes_nothing(seeded_app: Flask) -> None:
    again = run_import("ofac-csv", SEED_OFAC_DIR, full_list=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 757)


def test_search_on_postgres_finds_other_romanisation(seeded_app: Flask) -> None:
    body = seeded_app.test_client().get("/api/v1/search?q=Kouznetsov+Artiom").get_json()
    assert body["results"][0]["name"] == "KUZNETSOV, Artem"
