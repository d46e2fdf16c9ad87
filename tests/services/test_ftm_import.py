"""`flask import ftm`: FollowTheMoney JSON Lines through the common loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Designation, SourceRef
from app.runners import run_import
from app.services.ftm_export import iter_ftm_lines
from app.services.identifiers import find_by_identifier
from app.services.importing.errors import SourceFileError

# A list someone else publishes in FtM: a person, the sanction on them, their passport,
# and an entity of a schema we do not import.
OTHER_LIST = [
    {
        "id": "xx-list-1",
        "schema": "Person",
        "caption": "Ivan Petrov",
        "properties": {
            "name": ["Ivan Petrov"],
            "alias": ["Ivan Petroff"],
            "birthDate": ["1970-05"],
            "nationality": ["ru"],
            "topics": ["sanction"],
        },
    },
    {
        "id": "xx-list-1-sanction",
        "schema": "Sanction",
        "properties": {
            "entity": ["xx-list-1"],
            "authority": ["Ministry of Examples"],
            "program": ["Example regime"],
            "programId": ["XX-EXAMPLE"],
            "country": ["fr"],
            "provisions": ["Asset freeze"],
            "startDate": ["2024-03-01"],
            "listingDate": ["2024-03-01"],
        },
    },
    {
        "id": "xx-list-1-passport",
        "schema": "Passport",
        "properties": {"holder": ["xx-list-1"], "number": ["P-123 456"], "country": ["ru"]},
    },
    {"id": "addr-1", "schema": "Address", "properties": {"full": ["1 Example Street"]}},
]


def _write(path: Path, entities: list, extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(e) for e in entities] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_another_lists_person_arrives_with_its_sanction_and_passport(app: Flask, tmp_path):
    summary = run_import("ftm", _write(tmp_path / "list.ftm.json", OTHER_LIST))
    assert summary.created == 1
    assert any("other schemata" in w for w in summary.warnings)
    person = db.session.scalar(select(Designation))
    assert (person.kind, person.primary_name) == ("individual", "Ivan Petrov")
    assert [n.full_name for n in person.names if n.name_type != "primary"] == ["Ivan Petroff"]
    assert person.birth_dates[0].earliest.isoformat() == "1970-05-01"
    assert person.birth_dates[0].latest.isoformat() == "1970-05-31"
    [measure] = person.measures
    assert (measure.measure_type, measure.jurisdiction, measure.program.code) == (
        "asset_freeze",
        "FR",
        "XX-EXAMPLE",
    )
    assert [h.designation_id for h in find_by_identifier(db.session, "p123456")] == [person.id]


def test_our_own_export_reads_back_subject_for_subject(seeded_app: Flask, tmp_path):
    seeded_app.config["LINK_ON_IMPORT"] = False  # linking is not what this test is about
    path = tmp_path / "ours.ftm.json"
    path.write_text("".join(iter_ftm_lines(db.session)), encoding="utf-8")
    subjects = sum(
        json.loads(line)["schema"] in {"Person", "Organization", "Company", "Vessel", "Airplane"}
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    summary = run_import("ftm", path)
    assert summary.created == subjects
    ref = db.session.scalar(
        select(SourceRef).where(SourceRef.source == "ftm", SourceRef.ref == "ofac-sdn-23252")
    )
    numbers = {i.number for i in ref.designation.identifiers}
    assert {"10945182", "DB0009084"} <= numbers


def test_unusable_lines_are_reported_with_their_line_and_skipped(app: Flask, tmp_path):
    good = [dict(OTHER_LIST[0], id=f"p{i}") for i in range(200)]
    path = _write(tmp_path / "list.ftm.json", good, ["{broken", '{"id": "x"}'])
    summary = run_import("ftm", path)
    assert summary.created == 200
    assert [(e.line, e.message) for e in summary.errors] == [
        (201, "not a JSON object"),
        (202, "not an FtM entity (id, schema, properties)"),
    ]


def test_a_file_of_mostly_garbage_is_refused_and_nothing_is_written(app: Flask, tmp_path):
    path = _write(tmp_path / "list.ftm.json", OTHER_LIST[:1], ["nope"] * 5)
    with pytest.raises(SourceFileError):
        run_import("ftm", path)
    assert db.session.scalar(select(func.count(Designation.id))) == 0


def test_a_file_without_subjects_is_refused(app: Flask, tmp_path):
    with pytest.raises(SourceFileError, match="no Person"):
        run_import("ftm", _write(tmp_path / "list.ftm.json", OTHER_LIST[3:]))


def test_the_import_and_export_commands(app: Flask, tmp_path):
    runner = app.test_cli_runner()
    source = _write(tmp_path / "list.ftm.json", OTHER_LIST)
    imported = runner.invoke(args=["import", "ftm", str(source)])
    assert imported.exit_code == 0, imported.output
    target = tmp_path / "out.ftm.json"
    exported = runner.invoke(args=["export", "ftm", str(target)])
    assert exported.exit_code == 0, exported.output
    entities = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert entities[0]["id"] == "ftm-xx-list-1"
    assert {"Person", "Sanction", "Passport"} == {e["schema"] for e in entities}
