"""The designation write service: one transaction per action, indexed and audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from app.extensions import db
from app.models import AuditEntry, Designation, NameKey
from app.runners import run_import
from app.services import designation_edits as edits
from app.services.audit import CLI
from app.services.importing.dates import parse_date_range
from app.services.records import BirthDateRecord, DesignationRecord, MeasureRecord, NameRecord
from tests.builders import sdn_row, write_ofac_set


def _birth(text: str) -> BirthDateRecord:
    parsed = parse_date_range(text)
    return BirthDateRecord(parsed.text, parsed.earliest, parsed.latest)


def _input(**overrides: object) -> DesignationRecord:
    data = DesignationRecord(
        kind="individual",
        primary_name="Servisov, Pavel",
        names=[NameRecord("Pavel Servisoff", "aka")],
        birth_dates=[_birth("1975 to 1979")],
        measures=[MeasureRecord("asset_freeze", "US", None, date(2024, 1, 1))],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_create_indexes_and_audits_in_one_transaction(app: Flask) -> None:
    designation = edits.create_designation(db.session, _input(), CLI)
    keys = db.session.scalar(
        select(db.func.count()).where(NameKey.designation_id == designation.id)
    )
    entry = db.session.scalar(select(AuditEntry))
    assert keys > 0
    assert (entry.action, entry.designation_id, entry.actor) == ("create", designation.id, "cli")
    assert entry.changes["primary_name"] == [None, "Servisov, Pavel"]


def test_the_script_is_detected_unless_given(app: Flask) -> None:
    designation = edits.create_designation(
        db.session,
        _input(names=[NameRecord("Павел", "aka"), NameRecord("Pavlo", "aka", script="Cyrillic")]),
        CLI,
    )
    assert [n.script for n in designation.names] == ["Latin", "Cyrillic", "Cyrillic"]


def test_an_update_from_an_old_version_is_a_conflict(app: Flask) -> None:
    designation = edits.create_designation(db.session, _input(), CLI)
    edits.update_designation(db.session, designation.id, _input(remarks="first"), 1, CLI)
    with pytest.raises(edits.EditConflict) as conflict:
        edits.update_designation(db.session, designation.id, _input(remarks="second"), 1, CLI)
    assert conflict.value.current.remarks == "first"


def test_a_concurrent_write_between_check_and_save_is_a_conflict(app: Flask) -> None:
    designation = edits.create_designation(db.session, _input(), CLI)

    def bump_behind_its_back(*args: object) -> None:
        with db.engine.begin() as connection:
            connection.execute(update(Designation).values(version=Designation.version + 1))

    db.event.listen(db.session, "before_flush", bump_behind_its_back, once=True)
    with pytest.raises(edits.EditConflict):
        edits.update_designation(db.session, designation.id, _input(remarks="mine"), 1, CLI)
    assert db.session.get(Designation, designation.id).remarks is None


def test_an_update_that_changes_nothing_writes_nothing(app: Flask) -> None:
    designation = edits.create_designation(db.session, _input(), CLI)
    edits.update_designation(db.session, designation.id, _input(), 1, CLI)
    assert db.session.get(Designation, designation.id).version == 1
    assert db.session.scalar(select(db.func.count(AuditEntry.id))) == 1


def test_a_refused_save_changes_nothing(app: Flask) -> None:
    with pytest.raises(edits.EditError):
        edits.create_designation(db.session, _input(program_codes=["NO-SUCH-PROGRAM"]), CLI)
    assert db.session.scalar(select(db.func.count(Designation.id))) == 0
    assert db.session.scalar(select(db.func.count(AuditEntry.id))) == 0


def test_a_source_reference_belongs_to_one_designation(app: Flask) -> None:
    edits.create_designation(db.session, _input(source_refs=[("manual", "1")]), CLI)
    with pytest.raises(edits.EditError):
        edits.create_designation(db.session, _input(source_refs=[("manual", "1")]), CLI)


def test_delist_then_relist_restores_the_measures(app: Flask) -> None:
    designation = edits.create_designation(db.session, _input(), CLI)
    edits.delist(db.session, designation.id, 1, date(2025, 2, 1), "why", "90 FR 1", CLI)
    edits.relist(db.session, designation.id, 2, "listed again by 91 FR 2", CLI)
    designation = db.session.get(Designation, designation.id)
    assert designation.status == "active"
    assert [(m.status, m.end_date) for m in designation.measures] == [("active", None)]
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["create", "delist", "relist"]


def test_relisting_needs_a_reason(app: Flask) -> None:
    designation = edits.create_designation(db.session, _input(), CLI)
    edits.delist(db.session, designation.id, 1, date(2025, 2, 1), "why", "90 FR 1", CLI)
    with pytest.raises(edits.EditError, match="reason"):
        edits.relist(db.session, designation.id, 2, "  ", CLI)
    assert db.session.get(Designation, designation.id).status == "delisted"


def test_an_import_records_one_entry_plus_one_per_designation(app: Flask, tmp_path: Path) -> None:
    folder = write_ofac_set(tmp_path / "v1", [sdn_row(1, "ALPHA, One"), sdn_row(2, "BETA, Two")])
    run_import("ofac-csv", folder)
    folder = write_ofac_set(tmp_path / "v2", [sdn_row(1, "ALPHA, Uno"), sdn_row(2, "BETA, Two")])
    run_import("ofac-csv", folder)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == [
        "import", "import-create", "import-create", "import", "import-update",
    ]  # fmt: skip
    assert entries[0].actor == "cli" and entries[0].details["created"] == 2
    assert entries[4].changes["primary_name"] == ["ALPHA, One", "ALPHA, Uno"]
    assert entries[4].parent_id == entries[3].id
