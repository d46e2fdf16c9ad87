"""Admin -> Lists: data dates, update attempts, and "update now" (CSRF, signed in)."""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from app.models import Designation, ListUpdate
from tests import list_server
from tests.admin.helpers import csrf_token, signed_in
from tests.conftest import REPO_ROOT

CANADA_SEED = REPO_ROOT / "seed_data" / "canada" / "jvcfor_2020-04.xml"


@pytest.fixture
def server(admin_app: Flask):
    state, httpd = list_server.start()
    admin_app.config["LIST_SOURCES"] = {
        code: f"{state.base_url}/{code}" for code in ("ofac", "un", "uk", "canada", "au")
    }
    yield state
    httpd.shutdown()
    httpd.server_close()


def test_update_now_imports_the_list_and_shows_the_attempt(admin_app: Flask, server) -> None:
    server.serve("/canada", CANADA_SEED)
    client = signed_in(admin_app)
    token = csrf_token(client.get("/admin/lists").get_data(as_text=True))
    response = client.post("/admin/lists/update", data={"csrf_token": token, "source": "canada"})
    assert response.status_code == 302
    page = client.get("/admin/lists").get_data(as_text=True)
    assert "canada: imported: created 70" in page
    assert "Consolidated Canadian Autonomous Sanctions List" in page
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Designation.id))) == 70
        assert db.session.scalar(db.select(ListUpdate.actor)) == "editor@example.org"


def test_update_now_without_the_csrf_token_does_nothing(admin_app: Flask, server) -> None:
    server.serve("/canada", CANADA_SEED)
    client = signed_in(admin_app)
    client.post("/admin/lists/update", data={"source": "canada"})
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(ListUpdate.id))) == 0


def test_the_lists_page_needs_a_signed_in_account(admin_app: Flask) -> None:
    client = admin_app.test_client()
    assert client.get("/admin/lists").status_code == 302
    assert client.post("/admin/lists/update", data={"source": "all"}).status_code in (302, 400)
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(ListUpdate.id))) == 0


def test_a_failed_update_is_shown_with_its_reason(admin_app: Flask, server) -> None:
    client = signed_in(admin_app)
    token = csrf_token(client.get("/admin/lists").get_data(as_text=True))
    client.post("/admin/lists/update", data={"csrf_token": token, "source": "un"})
    page = client.get("/admin/lists").get_data(as_text=True)
    assert "un: failed: download failed, nothing changed" in page and "HTTP 404" in page
