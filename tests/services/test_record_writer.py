"""One write for imports and edits: the same record gives the same stored designation."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from app.extensions import db
from app.models import Designation
from app.services import audit, designation_edits
from app.services.audit import CLI
from app.services.importing.loader import load_records
from app.services.programs import get_or_create_program
from app.services.records import (
    AddressRecord,
    DesignationRecord,
    IdentifierRecord,
    LinkRecord,
    MeasureRecord,
    NameRecord,
)
from tests.builders import designation_record

YESTERDAY = date.today() - timedelta(days=1)


def _record(ref: str) -> DesignationRecord:
    return designation_record(
        "Writov, Pavel",
        source="test-list",
        ref=ref,
        names=[NameRecord("Pavel Writoff", "aka", "weak")],
        gender="Male",
        titles=["Director"],
        remarks="Remarks as given.",
        birth_dates=["circa 1960"],
        birth_places=["Omsk"],
        nationalities=["Russia"],
        identifiers=[IdentifierRecord("Passport", "123", "Russia", date(2010, 1, 1))],
        addresses=[AddressRecord("1 Main St", "Omsk", "Russia")],
        links=[LinkRecord("Someone Else")],
        program_codes=["TESTPROG"],
        measures=[
            MeasureRecord("asset_freeze", "US", "TESTPROG"),  # starts when listed
            MeasureRecord("visa_ban", "US", "TESTPROG", date(2020, 1, 1), YESTERDAY),  # ended
        ],
        listed_on=date(2019, 5, 1),
    )


def _stored(designation) -> dict:  # noqa: ANN001
    snapshot = audit.snapshot(designation)
    snapshot.pop("source_refs")  # the import's own ref; the editor gave none
    return snapshot


def test_the_import_and_the_editor_store_the_same_designation(app: Flask) -> None:
    get_or_create_program(db.session, "TESTPROG", "test-list")
    db.session.commit()
    load_records(db.session, [_record("1")], source="test-list")
    db.session.commit()
    imported = db.session.scalar(db.select(Designation).order_by(Designation.id))
    edited = designation_edits.create_designation(db.session, _record("2"), CLI)
    assert _stored(edited) == _stored(imported)


def test_a_measure_past_its_end_date_is_ended_and_one_without_start_starts_at_listing(
    app: Flask,
) -> None:
    get_or_create_program(db.session, "TESTPROG", "test-list")
    db.session.commit()
    load_records(db.session, [_record("1")], source="test-list")
    db.session.commit()
    imported = db.session.scalar(db.select(Designation))
    by_type = {m.measure_type: (m.status, m.start_date) for m in imported.measures}
    assert by_type == {
        "asset_freeze": ("active", date(2019, 5, 1)),
        "visa_ban": ("ended", date(2020, 1, 1)),
    }
