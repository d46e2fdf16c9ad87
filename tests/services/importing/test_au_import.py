"""Importing Australia's list end to end: the seed, linking, idempotence, delisting."""

from __future__ import annotations

from datetime import datetime

import openpyxl
from sqlalchemy import select

from app.extensions import db
from app.models import Designation, Program, SourceRef, SubjectMember
from app.runners import run_import
from app.services.importing.au_xlsx import COLUMNS, SOURCE


def _listing_of(name: str) -> Designation:
    return db.session.scalar(
        select(Designation)
        .join(SourceRef)
        .where(SourceRef.source == SOURCE, Designation.primary_name == name)
    )


def _sources_of_subject(designation: Designation) -> set[str]:
    subject = db.session.scalar(
        select(SubjectMember.subject_id).where(SubjectMember.designation_id == designation.id)
    )
    return set(
        db.session.scalars(
            select(SourceRef.source)
            .join(SubjectMember, SubjectMember.designation_id == SourceRef.designation_id)
            .where(SubjectMember.subject_id == subject)
        )
    )


def test_the_seed_holds_australias_thematic_designations(seeded_app):
    refs = db.session.scalars(select(SourceRef.ref).where(SourceRef.source == SOURCE)).all()
    assert len(refs) == 119
    codes = {p.code: p for p in db.session.scalars(select(Program))}
    assert codes["AU-THEMATIC-CORRUPTION"].jurisdiction == "AU"
    assert "Magnitsky-style" in codes["AU-THEMATIC-HUMAN-RIGHTS"].legal_basis


def test_droganov_and_kuznetsov_are_linked_to_their_us_uk_and_canadian_listings(seeded_app):
    for name, program in (
        ("Aleksei DROGANOV", "AU-THEMATIC-HUMAN-RIGHTS"),
        ("Artem Konstantinovich KUZNETSOV", "AU-THEMATIC-CORRUPTION"),
    ):
        listing = _listing_of(name)
        assert {(m.measure_type, m.jurisdiction, m.program.code) for m in listing.measures} == {
            ("asset_freeze", "AU", program),
            ("travel_ban", "AU", program),
        }
        assert _sources_of_subject(listing) == {
            SOURCE,
            "ofac-sdn",
            "uk-sanctions-list",
            "ca-sema-jvcfoa",
        }


def _book(path, references):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for ref in references:
        values = {
            "Reference": ref,
            "Name of Individual or Entity": f"PERSON NUMBER {ref}",
            "Type": "Individual",
            "Name Type": "Primary Name",
            "Committees": "Autonomous (Russia)",
            "Control Date": datetime(2025, 1, 1),
            "Targeted Financial Sanction": True,
            "Travel Ban": False,
            "Arms Embargo": False,
            "Maritime Restriction": False,
        }
        sheet.append([values.get(c) for c in COLUMNS])
    book.save(path)
    return path


def test_an_import_again_changes_nothing_and_one_who_left_is_delisted(app, tmp_path):
    first = run_import("au-xlsx", _book(tmp_path / "a.xlsx", range(1, 21)))
    again = run_import("au-xlsx", tmp_path / "a.xlsx")
    later = run_import("au-xlsx", _book(tmp_path / "b.xlsx", range(1, 20)))
    assert (first.created, again.unchanged, again.changed) == (20, 20, False)
    assert (later.delisted, later.unchanged) == (1, 19)
    assert _listing_of("PERSON NUMBER 20").status == "delisted"
