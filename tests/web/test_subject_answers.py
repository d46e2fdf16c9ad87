"""One person, one answer: the subject across its lists in JSON, screening, exports."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from app.extensions import db
from app.models import Designation, Measure, SourceRef

TRAVEL_BANS = ("visa_ban", "travel_ban", "entry_ban")


def _id_of(source: str, ref: str) -> int:
    return db.session.scalar(
        select(SourceRef.designation_id).where(SourceRef.source == source, SourceRef.ref == ref)
    )


def _measures(items: list[dict]) -> set[tuple[str, str]]:
    return {(m["jurisdiction"], m["type"]) for m in items}


def test_no_entity_or_vessel_of_the_seed_carries_a_travel_ban(seeded_app):
    kinds = db.session.scalars(
        select(Designation.kind)
        .join(Measure, Measure.designation_id == Designation.id)
        .where(Measure.measure_type.in_(TRAVEL_BANS))
        .distinct()
    ).all()
    assert kinds == ["individual"]


def test_the_vessel_of_the_issue_has_an_asset_freeze_only(seeded_client):
    body = seeded_client.get("/api/v1/search", query_string={"q": "FU YUAN YU 7876"}).get_json()
    vessel = body["results"][0]
    assert vessel["kind"] == "vessel"
    assert _measures(vessel["measures"]) == {("US", "asset_freeze")}


def test_the_designation_json_has_the_subject_with_every_lists_names_and_sources(seeded_client):
    record = seeded_client.get(f"/api/v1/designations/{_id_of('ofac-sdn', '15886')}").get_json()
    assert {"id", "names", "measures", "source_refs"} <= record.keys()  # existing fields stay
    subject = record["subject"]
    assert set(subject["sources"]) == {
        "ofac-sdn",
        "uk-sanctions-list",
        "ca-sema-jvcfoa",
        "au-dfat-consolidated",
    }
    by_name = {n["name"]: n for n in subject["names"]}
    assert by_name["KUZNETSOV, Artem"]["sources"][0] == "ofac-sdn"
    assert any("uk-sanctions-list" in n["sources"] for n in subject["names"])
    assert {"name", "type", "quality", "script", "sources"} <= by_name["KUZNETSOV, Artem"].keys()
    births = subject["facts"]["birth_dates"]
    assert births and all(value["sources"] for value in births)
    assert [listing["source"] for listing in subject["listings"]][0] == "ofac-sdn"
    grid = {(c["jurisdiction"], c["measure"]) for c in subject["sanctions_by_jurisdiction"]}
    assert ("CA", "entry_ban") in grid and ("US", "visa_ban") in grid


def test_each_listing_gives_its_official_reference_and_the_entry_page_where_there_is_one(
    seeded_client,
):
    record = seeded_client.get(f"/designations/{_id_of('ofac-sdn', '15886')}.json").get_json()
    ofac = record["subject"]["listings"][0]
    assert (ofac["list_name"], ofac["ref"]) == (
        "OFAC Specially Designated Nationals (SDN) List",
        "15886",
    )
    assert ofac["entry_url"].endswith("id=15886")
    others = record["subject"]["listings"][1:]
    assert others and all(listing["entry_url"] is None for listing in others)


def test_differing_values_of_two_lists_stay_side_by_side(seeded_client):
    record = seeded_client.get(f"/api/v1/designations/{_id_of('ofac-sdn', '15886')}").get_json()
    for values in record["subject"]["facts"].values():
        texts = [value["value"] for value in values]
        assert len(texts) == len(set(texts))  # one entry per distinct value, never merged


def test_screening_a_listed_person_returns_the_measures_of_every_list_like_search(
    seeded_client,
):
    screened = seeded_client.post(
        "/api/v1/screen", json={"names": [{"name": "Olga Stepanova"}]}
    ).get_json()
    match = screened["results"][0]["matches"][0]
    found = seeded_client.get("/api/v1/search", query_string={"q": "Olga Stepanova"}).get_json()
    result = found["results"][0]
    assert match["id"] == result["id"]
    assert _measures(match["measures"]) == _measures(result["measures"])
    assert {"US", "UK", "CA"} <= set(match["jurisdictions"])
    assert {s["source"] for s in match["source_refs"]} == {
        s["source"] for s in result["source_refs"]
    }


def test_near_people_with_the_surname_come_only_with_include_near(seeded_client):
    plain = seeded_client.get("/api/v1/search", query_string={"q": "Stepanova"}).get_json()
    assert "near" not in plain
    body = seeded_client.get(
        "/api/v1/search", query_string={"q": "Stepanova", "include_near": "true"}
    ).get_json()
    assert body["near"] and body["near"][0]["name"] == "STEPANOVA, Olga G."
    assert body["near"][0].keys() == body["near"][0].keys() | {"id", "name", "score", "source_refs"}
    assert all(item["score"] < body["threshold"] for item in body["near"])


def test_include_near_must_be_true_or_false(seeded_client):
    response = seeded_client.get("/api/v1/search", query_string={"q": "X", "include_near": "yes"})
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "include_near"


def _download(client, url: str) -> str:
    """The body of a file download (served from the built export file, closed after)."""
    response = client.get(url)
    try:
        return response.get_data(as_text=True)
    finally:
        response.close()


def test_whole_database_exports_stay_one_record_per_designation_with_a_subject_id(
    seeded_client,
):
    records = [json.loads(line) for line in _download(seeded_client, "/export.jsonl").splitlines()]
    assert len({r["id"] for r in records}) == len(records)
    ofac = next(r for r in records if r["source_refs"][0] == {"source": "ofac-sdn", "ref": "15886"})
    same = [r for r in records if r["subject_id"] == ofac["subject_id"]]
    assert {r["source_refs"][0]["source"] for r in same} == {
        "ofac-sdn",
        "uk-sanctions-list",
        "ca-sema-jvcfoa",
        "au-dfat-consolidated",
    }
    rows = list(csv.DictReader(io.StringIO(_download(seeded_client, "/export.csv"))))
    assert rows[0]["subject_id"]


def test_a_badge_per_jurisdiction_and_measure_names_every_program(seeded_client):
    page = seeded_client.get("/search?q=Lugovoy+Andrey+Konstantinovich").get_data(as_text=True)
    first = page.split('<li class="result')[1]
    assert first.count(">US Asset freeze") == 1
    assert ">US Asset freeze <small>(MAGNIT, RUSSIA-EO14024)</small>" in first


def test_a_surname_alone_shows_ramzan_kadyrov_among_other_people_with_this_name(seeded_client):
    for query in ("Kadyrov", "Кадыров"):
        page = seeded_client.get("/search", query_string={"q": query}).get_data(as_text=True)
        _, _, near = page.partition("Other people with this name")
        assert "KADYROV, Ramzan Akhmatovich" in near
