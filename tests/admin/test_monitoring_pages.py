"""Monitored lists in the admin area: "Monitor this list", the list's page (last check and
list versions, digests, clients), a CSV upload of clients, a digest with its downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.models.monitoring import AlertDigest, MonitoredList, MonitoredRow
from tests.admin.helpers import csrf_token, page_token, signed_in
from tests.monitoring_support import import_ofac, stored_run

FIRST = [(401, "KOVALEV, Dmitry Olegovich", "MAGNIT"), (402, "GROMOV, Anton", "MAGNIT")]
CLIENTS = ["Dmitry Olegovich Kovalev", "Svetlana Zaitseva", "Pyotr Orlov"]


@pytest.fixture
def analyst_client(admin_app: Flask, tmp_path: Path):
    with admin_app.app_context():
        import_ofac(admin_app, tmp_path / "first", FIRST)
    return signed_in(admin_app, "analyst")


def _run_of(app: Flask, email: str = "analyst@example.org") -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return stored_run(user, CLIENTS)


def _monitor(app: Flask, client, name: str = "Key clients") -> str:  # noqa: ANN001
    run_id = _run_of(app)
    page = client.get(f"/admin/monitored-lists/new?screening_id={run_id}")
    assert page.status_code == 200
    answer = client.post(
        "/admin/monitored-lists/new",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "screening_id": run_id,
            "name": name,
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"]


def test_monitor_this_list_saves_the_run_and_its_page_says_what_it_was_checked_against(
    admin_app: Flask, analyst_client
):
    location = _monitor(admin_app, analyst_client)
    page = analyst_client.get(location).get_data(as_text=True)
    assert "Key clients" in page
    assert 'id="last-checked">never' not in page
    assert "ofac-sdn" in page  # the list version it was checked against
    assert "Svetlana Zaitseva" in page
    assert "No digest yet" in page


def test_an_import_that_adds_a_client_shows_as_a_digest_with_downloads(
    admin_app: Flask, analyst_client, tmp_path: Path
):
    location = _monitor(admin_app, analyst_client)
    with admin_app.app_context():
        import_ofac(admin_app, tmp_path / "second", [*FIRST, (403, "ZAITSEVA, Svetlana", "GLOMAG")])
    list_id = int(location.rstrip("/").rsplit("/", 1)[1])
    with admin_app.app_context():
        digest_id = db.session.scalar(select(AlertDigest.id).where(AlertDigest.list_id == list_id))
    base = f"/admin/monitored-lists/{list_id}/digests/{digest_id}"
    digest_page = analyst_client.get(base).get_data(as_text=True)
    assert "New hits (1)" in digest_page and "ZAITSEVA, Svetlana" in digest_page
    as_json = analyst_client.get(base + ".json")
    assert as_json.headers["Content-Disposition"].startswith("attachment")
    assert [h["row"]["name"] for h in json.loads(as_json.data)["new_hits"]] == ["Svetlana Zaitseva"]
    as_csv = analyst_client.get(base + ".csv").get_data(as_text=True).lstrip("\ufeff")
    (line,) = list(csv.DictReader(io.StringIO(as_csv)))
    assert line["section"] == "new_hits" and line["name"] == "Svetlana Zaitseva"


def test_a_csv_upload_adds_clients(admin_app: Flask, analyst_client):
    location = _monitor(admin_app, analyst_client)
    token = page_token(analyst_client, location)
    answer = analyst_client.post(
        location + "/rows",
        data={
            "csrf_token": token,
            "file": (
                io.BytesIO(b"name,reference\nAnton Gromov,C-77\nOlga Pavlova,C-78\n"),
                "more.csv",
            ),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    with admin_app.app_context():
        names = set(db.session.scalars(select(MonitoredRow.name)))
    assert {"Anton Gromov", "Olga Pavlova"} <= names


def test_a_file_that_is_not_csv_adds_nothing(admin_app: Flask, analyst_client):
    location = _monitor(admin_app, analyst_client)
    token = page_token(analyst_client, location)
    answer = analyst_client.post(
        location + "/rows",
        data={"csrf_token": token, "file": (io.BytesIO(b"PK\x03\x04binary"), "more.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Nothing was added" in answer.get_data(as_text=True)
    with admin_app.app_context():
        assert (
            db.session.scalar(select(MonitoredRow.id).where(MonitoredRow.name == "binary")) is None
        )


def test_another_accounts_monitored_list_page_is_not_found(admin_app: Flask, analyst_client):
    location = _monitor(admin_app, analyst_client)
    other = signed_in(admin_app, "analyst", "other@example.org")
    assert other.get(location).status_code == 404
    assert other.get(location + "/digests/1.json").status_code == 404


def test_a_run_of_another_account_cannot_be_monitored_from_the_form(
    admin_app: Flask, analyst_client
):
    run_id = _run_of(admin_app)
    other = signed_in(admin_app, "analyst", "other@example.org")
    page = other.get(f"/admin/monitored-lists/new?screening_id={run_id}")
    answer = other.post(
        "/admin/monitored-lists/new",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "screening_id": run_id,
            "name": "Not mine",
        },
    )
    assert answer.status_code == 404
    with admin_app.app_context():
        assert db.session.scalar(select(MonitoredList.id)) is None


def test_a_finished_runs_page_offers_to_monitor_it(admin_app: Flask, analyst_client):
    run_id = _run_of(admin_app)
    page = analyst_client.get(f"/admin/screenings/{run_id}").get_data(as_text=True)
    assert 'action="/admin/monitored-lists/new"' in page
    assert f'name="screening_id" value="{run_id}"' in page
