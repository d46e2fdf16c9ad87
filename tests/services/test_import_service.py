"""The OFAC import as a whole: real files, one transaction, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Designation, DesignationName, Measure, NameKey, SourceRef
from app.runners import run_import
from app.services.importing.errors import SourceFileError
from tests.builders import SEED_OFAC_DIR, copy_seed_set, sdn_row, write_ofac_set


def _counts() -> tuple[int, int, int, int]:
    return (
        db.session.scalar(select(func.count(Designation.id))),
        db.session.scalar(select(func.count(DesignationName.id))),
        db.session.scalar(select(func.count(Measure.id))),
        db.session.scalar(select(func.count(NameKey.id))),
    )


def test_seed_import_creates_every_magnitsky_designation(app):
    summary = run_import("ofac-csv", SEED_OFAC_DIR)
    assert summary.created == 757
    individuals = db.session.scalar(
        select(func.count(Designation.id)).where(Designation.kind == "individual")
    )
    assert individuals == 296


def test_second_import_of_same_files_changes_nothing(app):
    run_import("ofac-csv", SEED_OFAC_DIR)
    before = _counts()
    versions = dict(db.session.execute(select(Designation.id, Designation.version)).all())
    summary = run_import("ofac-csv", SEED_OFAC_DIR)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 757)
    assert not summary.changed
    assert _counts() == before
    assert dict(db.session.execute(select(Designation.id, Designation.version)).all()) == versions


def test_changed_row_updates_the_designation_in_place(app, tmp_path):
    folder = copy_seed_set(tmp_path / "ofac")
    run_import("ofac-csv", folder)
    sdn = (
        (folder / "sdn.csv")
        .read_bytes()
        .replace(b"POB Baku, Azerbaijan", b"POB Sumgait, Azerbaijan")
    )
    (folder / "sdn.csv").write_bytes(sdn)
    summary = run_import("ofac-csv", folder)
    assert (summary.created, summary.updated) == (0, 1)
    ref = db.session.scalar(select(SourceRef).where(SourceRef.ref == "15886"))
    assert [p.place for p in ref.designation.birth_places] == ["Sumgait, Azerbaijan"]
    assert ref.designation.version == 2


def test_programs_become_measures(app):
    run_import("ofac-csv", SEED_OFAC_DIR)
    ref = db.session.scalar(select(SourceRef).where(SourceRef.ref == "15886"))
    measures = {(m.measure_type, m.jurisdiction, m.program.code) for m in ref.designation.measures}
    assert measures == {("asset_freeze", "US", "MAGNIT"), ("visa_ban", "US", "MAGNIT")}


def test_truncated_sdn_file_is_refused_and_database_unchanged(app, tmp_path):
    run_import("ofac-csv", SEED_OFAC_DIR)
    before = _counts()
    folder = copy_seed_set(tmp_path / "ofac")
    data = (folder / "sdn.csv").read_bytes()
    (folder / "sdn.csv").write_bytes(data[: len(data) // 2])  # cut mid-row
    with pytest.raises(SourceFileError, match="sdn.csv"):
        run_import("ofac-csv", folder)
    assert _counts() == before


def test_sdn_file_cut_at_a_line_boundary_is_refused_and_nobody_delisted(app, tmp_path):
    folder = copy_seed_set(tmp_path / "ofac")
    run_import("ofac-csv", folder)
    before = _counts()
    lines = (folder / "sdn.csv").read_bytes().split(b"\r\n")
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines[: len(lines) // 2]) + b"\r\n")
    result = app.test_cli_runner().invoke(args=["import", "ofac-csv", str(folder)])
    assert result.exit_code != 0
    assert "sdn.csv is cut off" in result.output
    assert _counts() == before


def test_garbled_sdn_file_is_refused_and_database_unchanged(app, tmp_path):
    run_import("ofac-csv", SEED_OFAC_DIR)
    before = _counts()
    folder = copy_seed_set(tmp_path / "ofac")
    (folder / "sdn.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(SourceFileError, match="sdn.csv"):
        run_import("ofac-csv", folder)
    assert _counts() == before


def test_failure_while_loading_rolls_back_everything(app, tmp_path, monkeypatch):
    folder = write_ofac_set(
        tmp_path / "ofac", [sdn_row(1, "FIRST, Person"), sdn_row(2, "SECOND, Person")]
    )
    from app.services.importing import loader

    def broken_resolve(session):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "resolve_links", broken_resolve)
    with pytest.raises(RuntimeError):
        run_import("ofac-csv", folder)
    assert _counts() == (0, 0, 0, 0)


def test_malformed_row_is_reported_with_file_and_line_and_skipped(app, tmp_path):
    folder = write_ofac_set(
        tmp_path / "ofac",
        [sdn_row(1, "FIRST, Person")] * 1
        + ['notanumber,"BROKEN",-0- \r\n']
        + [sdn_row(n, f"PERSON{n}, Some") for n in range(3, 200)],
    )
    summary = run_import("ofac-csv", folder)
    assert summary.created == 198
    assert summary.skipped >= 1
    assert any("sdn.csv" in str(e) and "line 2" in str(e) for e in summary.errors)


def test_linked_to_is_resolved_to_the_other_designation(app, tmp_path):
    folder = write_ofac_set(
        tmp_path / "ofac",
        [
            sdn_row(1, "GERTLER, Dan", program="GLOMAG"),
            sdn_row(
                2,
                "ACME MINING LTD",
                sdn_type="",
                program="GLOMAG",
                remarks="Linked To: GERTLER, Dan.",
            ),
        ],
    )
    run_import("ofac-csv", folder)
    entity = db.session.scalar(select(SourceRef).where(SourceRef.ref == "2")).designation
    person = db.session.scalar(select(SourceRef).where(SourceRef.ref == "1")).designation
    assert [(link.target_name, link.target_id) for link in entity.links] == [
        ("GERTLER, Dan", person.id)
    ]


@pytest.mark.slow
def test_full_sdn_list_imports_and_reimports_unchanged(app, ofac_dir: Path):
    first = run_import("ofac-csv", ofac_dir)
    assert first.created == 14965 - len(first.errors)
    assert sum(first.unknown_entry_rows.values()) > 0  # alt/add are newer than sdn.csv
    second = run_import("ofac-csv", ofac_dir)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
