"""Migration 0007 corrects stored measures to fit the kind of subject, audited once."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Designation, Measure, Program


def _designation(kind: str, program: Program, *measure_types: str) -> Designation:
    designation = Designation(kind=kind, primary_name=f"A {kind}", status="active", titles=[])
    designation.programs = [program]
    designation.measures = [
        Measure(measure_type=m, jurisdiction=program.jurisdiction, program=program)
        for m in measure_types
    ]
    db.session.add(designation)
    return designation


def _measures(designation_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(Measure.measure_type).where(Measure.designation_id == designation_id)
        )
    )


# Going down past 0010 reflects the designations table, whose lower(primary_name) index
# SQLAlchemy cannot reflect (it says so and leaves it be).
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_migration_removes_travel_bans_of_non_individuals_and_adds_un_measures(app):
    downgrade(revision="0007-1")
    glomag = Program(code="GLOMAG", name="GLOMAG", jurisdiction="US", default_measures=[])
    qaida = Program(code="UN Al-Qaida", name="UN Al-Qaida", jurisdiction="UN", default_measures=[])
    vessel = _designation("vessel", glomag, "asset_freeze", "visa_ban")
    person = _designation("individual", glomag, "asset_freeze", "visa_ban")
    airline = _designation("entity", qaida, "asset_freeze", "travel_ban")
    member = _designation("individual", qaida, "asset_freeze", "travel_ban")
    db.session.commit()
    ids = [d.id for d in (vessel, person, airline, member)]
    db.session.remove()

    upgrade()

    assert [_measures(i) for i in ids] == [
        {"asset_freeze"},
        {"asset_freeze", "visa_ban"},
        {"asset_freeze", "arms_embargo"},
        {"asset_freeze", "travel_ban", "arms_embargo"},
    ]
    program = db.session.scalar(select(Program).where(Program.code == "UN Al-Qaida"))
    assert program.name.startswith("UN ISIL (Da'esh) and Al-Qaida")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "correction")).all()
    assert [(e.actor, e.details["bans_removed_from_non_individuals"]) for e in entries] == [
        ("system", 2)
    ]
