"""find_by_identifier: the normalised number column, filled by every write of identifiers."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Identifier
from app.runners import run_import
from app.services import designation_edits as edits
from app.services.audit import CLI
from app.services.identifiers import find_by_identifier
from app.services.records import (
    DesignationRecord,
    IdentifierRecord,
    MeasureRecord,
    NameRecord,
)
from tests.builders import sdn_row, write_ofac_set


def _create(number: str, country: str | None = "Russia", **overrides: object):
    data = DesignationRecord(
        kind="individual",
        primary_name="Servisov, Pavel",
        names=[NameRecord("Pavel Servisoff", "aka")],
        measures=[MeasureRecord("asset_freeze", "US", None, date(2024, 1, 1))],
        identifiers=[IdentifierRecord("Passport", number, country=country)],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return edits.create_designation(db.session, data, CLI)


def test_an_editors_save_stores_the_normalised_number(app: Flask) -> None:
    _create("AB 12-34 56")
    assert db.session.scalar(select(Identifier.number_key)) == "ab123456"


def test_an_edit_of_the_number_updates_the_key(app: Flask) -> None:
    designation = _create("AB123456")
    data = DesignationRecord(
        kind="individual",
        primary_name="Servisov, Pavel",
        names=[NameRecord("Pavel Servisoff", "aka")],
        identifiers=[IdentifierRecord("Passport", "CD-999 888")],
    )
    edits.update_designation(db.session, designation.id, data, designation.version, CLI)
    assert [h.number for h in find_by_identifier(db.session, "cd999888")] == ["CD-999 888"]
    assert find_by_identifier(db.session, "AB123456") == []


def test_an_import_stores_the_normalised_number(app: Flask, tmp_path) -> None:
    folder = write_ofac_set(
        tmp_path / "ofac",
        [sdn_row(101, "IVANOV, Ivan", remarks="Passport 75 1234567 (Russia).")],
    )
    run_import("ofac-csv", folder)
    hits = find_by_identifier(db.session, "751234567")
    assert [(h.primary_name, h.number, h.category) for h in hits] == [
        ("IVANOV, Ivan", "75 1234567", "passport")
    ]


def test_an_identifier_without_a_country_stays_under_any_issuing_country(app: Flask) -> None:
    _create("AB123456", country=None)
    assert len(find_by_identifier(db.session, "AB123456", "France")) == 1


def test_an_identifier_of_another_issuing_country_is_ruled_out(app: Flask) -> None:
    _create("AB123456", country="Russia")
    assert find_by_identifier(db.session, "AB123456", "France") == []
    assert len(find_by_identifier(db.session, "AB123456", "RU")) == 1


def test_delisted_holders_are_left_out_unless_asked_for(app: Flask) -> None:
    designation = _create("AB123456")
    designation.mark_delisted(date(2025, 1, 1), None, None)
    db.session.commit()
    assert find_by_identifier(db.session, "AB123456") == []
    assert len(find_by_identifier(db.session, "AB123456", status=None)) == 1


def test_a_number_changed_directly_on_the_row_keeps_its_key(app: Flask) -> None:
    designation = _create("AB123456")
    designation.identifiers[0].number = "ZX-777 666"
    db.session.commit()
    assert db.session.scalar(select(Identifier.number_key)) == "zx777666"
