"""Full-list imports delist who left the list and re-list who came back; partial ones don't."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Designation, SourceRef
from app.runners import preview_import, run_import
from app.services import designation_edits
from app.services.audit import CLI
from app.services.importing.errors import SourceFileError
from tests.builders import sdn_row, write_ofac_set
from tests.conftest import SHARED_DIR

CANADA_FILE = SHARED_DIR / "data" / "canada" / "sema-lmes_2020-04.xml"


def ofac_list(folder: Path, entries: range) -> Path:
    return write_ofac_set(folder, [sdn_row(n, f"PERSON{n}, Some") for n in entries])


def designation(ref: str) -> Designation:
    return db.session.scalar(
        select(SourceRef).where(SourceRef.source == "ofac-sdn", SourceRef.ref == ref)
    ).designation


def today() -> date:
    return datetime.now(UTC).date()


def test_a_designation_missing_from_the_new_list_is_delisted_not_deleted(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    summary = run_import("ofac-csv", ofac_list(tmp_path / "v2", range(2, 21)))
    assert (summary.delisted, summary.relisted) == (1, 0)
    gone = designation("1")
    assert (gone.status, gone.delisted_on) == ("delisted", today())
    assert gone.delisting_reason == f"No longer on ofac-sdn as of {today().isoformat()}"
    assert {(m.status, m.end_date) for m in gone.measures} == {("ended", today())}
    assert db.session.scalar(select(func.count(Designation.id))) == 20


def test_the_delisting_is_audited_under_the_import(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    run_import("ofac-csv", ofac_list(tmp_path / "v2", range(2, 21)))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "delist"))
    parent = db.session.get(AuditEntry, entry.parent_id)
    assert entry.designation_id == designation("1").id
    assert entry.changes["status"] == ["active", "delisted"]
    assert (parent.action, parent.details["delisted"]) == ("import", 1)


def test_a_designation_back_on_the_list_is_relisted_with_its_measures(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    run_import("ofac-csv", ofac_list(tmp_path / "v2", range(2, 21)))
    summary = run_import("ofac-csv", ofac_list(tmp_path / "v3", range(1, 21)))
    assert (summary.delisted, summary.relisted) == (0, 1)
    back = designation("1")
    assert (back.status, back.delisted_on, back.delisting_reason) == ("active", None, None)
    assert {(m.status, m.end_date) for m in back.measures} == {("active", None)}
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.designation_id == back.id)
        .order_by(AuditEntry.id)  # without an order PostgreSQL returns rows as it likes
    ).all()
    assert actions == ["import-create", "delist", "relist"]


def test_an_editors_delisting_is_not_undone_by_an_import(app, tmp_path):
    folder = ofac_list(tmp_path / "v1", range(1, 21))
    run_import("ofac-csv", folder)
    person = designation("1")
    designation_edits.delist(db.session, person.id, 1, today(), "court ruling", "ref", CLI)
    summary = run_import("ofac-csv", folder)
    assert summary.relisted == 0
    assert designation("1").status == "delisted"


def test_a_list_that_would_delist_too_many_is_refused_and_nothing_written(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    with pytest.raises(SourceFileError, match="would delist 5 of the 20"):
        run_import("ofac-csv", ofac_list(tmp_path / "v2", range(1, 16)))
    assert designation("20").status == "active"
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 21  # the first import's


def test_a_forced_import_delists_as_many_as_left(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    summary = run_import("ofac-csv", ofac_list(tmp_path / "v2", range(1, 16)), force=True)
    assert summary.delisted == 5


def test_the_share_allowed_is_a_setting(app, tmp_path):
    app.config["IMPORT_MAX_DELIST_SHARE"] = 0.01
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    with pytest.raises(SourceFileError, match="more than the 1% allowed"):
        run_import("ofac-csv", ofac_list(tmp_path / "v2", range(2, 21)))


def test_a_partial_import_neither_delists_nor_relists(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    run_import("ofac-csv", ofac_list(tmp_path / "v2", range(2, 21)))
    summary = run_import("ofac-csv", ofac_list(tmp_path / "v3", range(1, 3)), full_list=False)
    assert (summary.delisted, summary.relisted) == (0, 0)
    assert designation("1").status == "delisted"
    assert designation("20").status == "active"


def test_a_skipped_row_does_not_delist_its_designation(app, tmp_path):
    header = "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,"
    header += "Sanctions Imposed\n"
    rows = [f"GHR{n:04},{n},PERSON {n},Global Human Rights,Individual,UK,01-01-2021,Asset freeze\n"
            for n in range(1, 201)]  # fmt: skip
    path = tmp_path / "uk.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    run_import("uk-csv", path)
    rows[0] = rows[0].replace("PERSON 1,", ",")  # now nameless: reported and skipped
    path.write_text(header + "".join(rows), encoding="utf-8")
    summary = run_import("uk-csv", path)
    assert (summary.skipped, summary.delisted) == (1, 0)


def test_the_preview_counts_who_would_be_delisted_and_refuses_too_many(app, tmp_path):
    run_import("ofac-csv", ofac_list(tmp_path / "v1", range(1, 21)))
    assert preview_import("ofac-csv", ofac_list(tmp_path / "v2", range(2, 21))).delisted == 1
    with pytest.raises(SourceFileError, match="would delist"):
        preview_import("ofac-csv", ofac_list(tmp_path / "v3", range(1, 11)))
    assert designation("1").status == "active"


def test_the_cli_prints_delisted_and_relisted_and_takes_force(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["import", "ofac-csv", str(ofac_list(tmp_path / "v1", range(1, 21)))])
    smaller = str(ofac_list(tmp_path / "v2", range(1, 11)))
    refused = runner.invoke(args=["import", "ofac-csv", smaller])
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = runner.invoke(args=["import", "ofac-csv", smaller, "--force"])
    assert "delisted 10, relisted 0" in forced.output


def test_the_seed_does_not_delist_the_rest_of_a_full_list(app):
    if not CANADA_FILE.exists():
        pytest.skip(f"the shared Canadian data is not at {CANADA_FILE}")
    run_import("canada-xml", CANADA_FILE)
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert (
        "ca-sema-jvcfoa: created 0, updated 0, unchanged 70, skipped 0, delisted 0" in result.output
    )
    delisted = select(func.count(Designation.id)).where(Designation.status == "delisted")
    assert db.session.scalar(delisted) == 0


def test_a_malformed_ofac_row_does_not_delist_its_designation(app, tmp_path):
    rows = [sdn_row(n, f"PERSON{n}, Some") for n in range(1, 201)]
    run_import("ofac-csv", write_ofac_set(tmp_path / "first", rows))
    rows[4] = '5,"PERSON5, Some","planet",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    summary = run_import("ofac-csv", write_ofac_set(tmp_path / "second", rows))
    assert summary.delisted == 0
    assert any("line 5" in str(error) for error in summary.errors)
