"""The change feed: GET /api/v1/changes and /feeds/changes.atom (parsed as Atom)."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

from app.runners import run_import
from tests.builders import sdn_row, write_ofac_set

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = datetime.now(UTC).date().isoformat()


def _import_two(tmp_path, *rows):
    return run_import("ofac-csv", write_ofac_set(tmp_path / "set", list(rows)))


def test_an_imports_additions_are_listed_newest_first(app, client, tmp_path):
    _import_two(
        tmp_path,
        sdn_row(900001, "FEEDOV, Petr", program="GLOMAG"),
        sdn_row(900002, "FEEDOVA, Anna", program="MAGNIT"),
    )
    body = client.get(f"/api/v1/changes?since={TODAY}").get_json()
    assert body["total"] == 2
    assert {c["name"] for c in body["changes"]} == {"FEEDOV, Petr", "FEEDOVA, Anna"}
    assert {(c["change"], c["by"]) for c in body["changes"]} == {("addition", "import")}
    ids = [c["id"] for c in body["changes"]]
    assert ids == sorted(ids, reverse=True)


def test_filters_by_program_and_jurisdiction_and_delistings_count(app, client, tmp_path):
    _import_two(
        tmp_path,
        sdn_row(900001, "FEEDOV, Petr", program="GLOMAG"),
        sdn_row(900002, "FEEDOVA, Anna", program="MAGNIT"),
    )
    glomag = client.get(f"/api/v1/changes?since={TODAY}&program=GLOMAG").get_json()
    assert [c["name"] for c in glomag["changes"]] == ["FEEDOV, Petr"]
    assert client.get(f"/api/v1/changes?since={TODAY}&jurisdiction=UK").get_json()["total"] == 0
    run_import("ofac-csv", write_ofac_set(tmp_path / "two", [sdn_row(900001, "FEEDOV, Petr")]),
               force=True)  # fmt: skip
    delistings = client.get(f"/api/v1/changes?since={TODAY}&change=delisting").get_json()
    assert [c["name"] for c in delistings["changes"]] == ["FEEDOVA, Anna"]


def test_changes_are_paginated(app, client, tmp_path):
    _import_two(tmp_path, sdn_row(900001, "FEEDOV, Petr"), sdn_row(900002, "FEEDOVA, Anna"))
    first = client.get(f"/api/v1/changes?since={TODAY}&limit=1").get_json()
    second = client.get(f"/api/v1/changes?since={TODAY}&limit=1&offset=1").get_json()
    assert (first["total"], len(first["changes"])) == (2, 1)
    assert first["changes"][0]["id"] != second["changes"][0]["id"]


def test_since_is_required_and_checked(client):
    assert client.get("/api/v1/changes").get_json()["error"]["parameter"] == "since"
    response = client.get("/api/v1/changes?since=last+week")
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "since"


def test_the_atom_feed_of_a_program_is_valid_atom_listing_its_additions(app, client, tmp_path):
    _import_two(
        tmp_path,
        sdn_row(900001, "FEEDOV <Petr> & Co", program="GLOMAG"),
        sdn_row(900002, "FEEDOVA, Anna", program="MAGNIT"),
    )
    response = client.get("/feeds/changes.atom?program=GLOMAG")
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Added: FEEDOV <Petr> & Co (GLOMAG)"
    assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text
    assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/designations/")
    datetime.fromisoformat(entry.find(f"{ATOM}updated").text)


def test_the_feed_refuses_a_bad_parameter_with_a_clear_message(client):
    response = client.get("/feeds/changes.atom?since=soon")
    assert response.status_code == 400 and b"since: must be a date" in response.data
