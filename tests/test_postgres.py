"""The same code on PostgreSQL: migrations, seed import, search, re-import.

Runs when TEST_POSTGRES_URL points at an empty database it may wipe
(.ci/run starts a local PostgreSQL and sets it); skipped otherwise.
"""

from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.runners import run_import
from tests.builders import SEED_OFAC_DIR

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set (no PostgreSQL to test against)"
)


@pytest.fixture(scope="module")
def pg_app():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=POSTGRES_URL, WTF_CSRF_ENABLED=False)
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        first = run_import("ofac-csv", SEED_OFAC_DIR)
        assert first.created == 757
        yield app
        db.session.remove()
        db.engine.dispose()


def test_reimport_on_postgres_changes_nothing(pg_app):
    again = run_import("ofac-csv", SEED_OFAC_DIR)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 757)


def test_search_on_postgres_finds_other_romanisation(pg_app):
    body = pg_app.test_client().get("/api/v1/search?q=Kouznetsov+Artiom").get_json()
    assert body["results"][0]["name"] == "KUZNETSOV, Artem"


def test_pages_on_postgres_render(pg_app):
    client = pg_app.test_client()
    body = client.get("/api/v1/search?q=Kuznetsov+Artem").get_json()
    page = client.get(f"/designations/{body['results'][0]['id']}")
    assert page.status_code == 200
    assert "KUZNETSOV, Artyom" in page.get_data(as_text=True)
    assert "757" in client.get("/").get_data(as_text=True)
