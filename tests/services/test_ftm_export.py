"""The FtM export: every entity valid for FollowTheMoney, ids stable, subjects whole."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from app.extensions import db
from app.services.ftm_export import iter_ftm_entities
from tests.services.ftm_validation import problems


@pytest.fixture
def exported(seeded_app: Flask) -> list[dict]:
    return list(iter_ftm_entities(db.session))


def test_every_exported_entity_of_the_seed_is_valid_ftm(exported):
    assert exported
    assert problems(exported) == []


def test_each_kind_of_entity_is_exported(exported):
    schemata = {e["schema"] for e in exported}
    assert {"Person", "Sanction", "Passport", "Identification"} <= schemata
    assert schemata & {"Organization", "Company"}


def test_a_subject_of_three_lists_is_one_person_with_its_sanctions(exported):
    by_id = {e["id"]: e for e in exported}
    person = by_id["ofac-sdn-15886"]
    assert person["caption"] == "KUZNETSOV, Artem"
    assert {"ofac-sdn", "uk-sanctions-list", "ca-sema-jvcfoa"} <= set(person["datasets"])
    assert not set(person["referents"]) & set(by_id)  # the others are not exported again
    sanctions = [
        e
        for e in exported
        if e["schema"] == "Sanction" and e["properties"]["entity"] == [person["id"]]
    ]
    assert {s["properties"]["country"][0] for s in sanctions} >= {"us", "gb", "ca"}
    assert "1975-02-28" in person["properties"]["birthDate"]
    assert person["properties"]["topics"] == ["sanction"]


def test_a_passport_is_its_own_entity_and_a_property_of_its_holder(exported):
    by_id = {e["id"]: e for e in exported}
    passports = [e for e in exported if e["schema"] == "Passport"]
    holder = by_id[passports[0]["properties"]["holder"][0]]
    assert passports[0]["properties"]["number"][0] in holder["properties"]["passportNumber"]


def test_ids_are_the_same_in_a_second_export(seeded_app: Flask, exported):
    again = [e["id"] for e in iter_ftm_entities(db.session)]
    assert again == [e["id"] for e in exported]


def test_the_route_streams_one_json_entity_per_line(seeded_client):
    response = seeded_client.get("/export.ftm.json")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    response.close()  # served from the file built for this data version
    assert response.headers["ETag"]
    assert json.loads(lines[0])["schema"] in {"Person", "Organization", "Company"}
    assert all(json.loads(line)["id"] for line in lines)


@pytest.mark.slow
def test_the_export_of_the_full_ofac_list_is_valid_ftm(app: Flask, ofac_dir):
    from app.runners import run_import

    run_import("ofac-csv", ofac_dir)
    entities = list(iter_ftm_entities(db.session))
    assert sum(e["schema"] == "Vessel" for e in entities) > 100
    assert problems(entities) == []
