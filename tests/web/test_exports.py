"""Downloads: the whole database as CSV/JSONL, search results as JSONL, a designation as JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Designation


def test_whole_database_downloads_as_jsonl(seeded_app, seeded_client):
    total = db.session.scalar(select(func.count(Designation.id)))
    with seeded_client.get("/export.jsonl") as response:
        assert response.mimetype == "application/jsonl"
        assert "attachment" in response.headers["Content-Disposition"]
        records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(records) == total
    assert all(record["source_refs"] for record in records)


def test_whole_database_downloads_as_csv_filtered_by_program(seeded_client):
    with seeded_client.get("/export.csv?program=MAGNIT&kind=individual") as response:
        assert response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and all("MAGNIT" in row["programs"].split("; ") for row in rows)


@pytest.mark.parametrize(("query", "parameter"), [("status=gone", "status"), ("kind=ship", "kind")])
def test_a_bad_export_filter_is_a_400_naming_it(seeded_client, query, parameter):
    response = seeded_client.get(f"/export.csv?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_search_results_download_as_jsonl(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov+Artem&format=jsonl")
    first = json.loads(response.get_data(as_text=True).splitlines()[0])
    assert first["name"] == "KUZNETSOV, Artem"


def _kuznetsov_id(client) -> int:
    return client.get("/api/v1/search?q=Kuznetsov+Artem").get_json()["results"][0]["id"]


def test_a_designation_is_json_at_its_json_url(seeded_client):
    designation_id = _kuznetsov_id(seeded_client)
    body = seeded_client.get(f"/designations/{designation_id}.json").get_json()
    assert body["name"] == "KUZNETSOV, Artem"
    assert body["source_refs"] == [{"source": "ofac-sdn", "ref": "15886"}]


def test_a_designation_page_answers_json_when_asked_for_it(seeded_client):
    designation_id = _kuznetsov_id(seeded_client)
    response = seeded_client.get(
        f"/designations/{designation_id}", headers={"Accept": "application/json"}
    )
    assert response.get_json()["id"] == designation_id
    assert "Accept" in response.headers["Vary"]


def test_a_missing_designation_as_json_is_a_json_404(seeded_client):
    response = seeded_client.get("/designations/999999.json")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
