"""Importing the UK and Canadian lists end to end: programs, measures, idempotence."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Program, SourceRef
from app.runners import run_import
from tests.conftest import SHARED_DIR

UK_CSV = SHARED_DIR / "data" / "uk" / "uk_sanctions_list_2025-08-11.csv"


@pytest.fixture
def uk_csv():
    if not UK_CSV.exists():
        pytest.skip(f"the shared UK data is not at {UK_CSV}")
    return UK_CSV


def test_the_ods_of_an_export_changes_nothing_after_its_csv(app, uk_csv):
    first = run_import("uk-csv", uk_csv)
    again = run_import("uk-ods", uk_csv.with_suffix(".ods"))
    assert (first.created, first.skipped) == (5300, 2)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5300)


def test_the_magnitsky_style_regimes_carry_their_legal_basis(seeded_app):
    programs = {p.code: p for p in db.session.scalars(select(Program))}
    assert "SI 2020/680" in programs["UK-GHR"].legal_basis
    assert "SI 2021/488" in programs["UK-GAC"].legal_basis
    assert "SOR/2017-233" in programs["CA-JVCFOA"].legal_basis
    assert {programs[c].jurisdiction for c in ("UK-GHR", "UK-GAC", "CA-JVCFOA")} == {"UK", "CA"}


def test_the_seed_holds_the_uk_and_canadian_magnitsky_designations(seeded_app):
    refs = db.session.scalars(select(SourceRef.source)).all()
    assert (refs.count("uk-sanctions-list"), refs.count("ca-sema-jvcfoa")) == (217, 70)
    person = db.session.scalar(select(SourceRef).where(SourceRef.ref == "GAC0001")).designation
    assert {(m.measure_type, m.jurisdiction, m.status) for m in person.measures} == {
        ("asset_freeze", "UK", "active"),
        ("director_disqualification", "UK", "active"),
        ("travel_ban", "UK", "active"),
    }
