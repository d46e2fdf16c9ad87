"""`flask update`: downloads from a real HTTP server on 127.0.0.1, good and bad."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Designation, ListMetadata, ListUpdate
from app.runners import run_updates
from tests import list_server
from tests.conftest import REPO_ROOT, SHARED_DIR

CANADA_SEED = REPO_ROOT / "seed_data" / "canada" / "jvcfor_2020-04.xml"
AU_SEED = REPO_ROOT / "seed_data" / "au" / "au_thematic_2026-02.xlsx"


@pytest.fixture
def server(app):
    state, httpd = list_server.start()
    app.config["LIST_SOURCES"] = {
        code: f"{state.base_url}/{code}" for code in ("ofac", "un", "uk", "canada", "au")
    }
    app.config["LIST_SOURCES"]["ofac"] = f"{state.base_url}/ofac/"
    app.config["LIST_UPDATE_READ_TIMEOUT_SECONDS"] = 0.5
    yield state
    httpd.shutdown()
    httpd.server_close()


def _designations() -> int:
    return db.session.scalar(select(func.count(Designation.id)))


def _attempts() -> list[ListUpdate]:
    return list(db.session.scalars(select(ListUpdate).order_by(ListUpdate.id)))


def test_an_update_downloads_imports_and_records_the_attempt(app, server):
    server.serve("/canada", CANADA_SEED)
    (outcome,) = run_updates(["canada"])
    assert (outcome.outcome, outcome.changed) == ("imported", True)
    assert _designations() == 70
    (attempt,) = _attempts()
    assert (attempt.http_status, attempt.bytes) == (200, CANADA_SEED.stat().st_size)
    assert attempt.digest and attempt.finished_at and attempt.summary["created"] == 70
    assert db.session.get(ListMetadata, "ca-sema-jvcfoa").checked_at is not None


def test_a_304_imports_nothing_and_is_recorded_as_unchanged(app, server):
    server.serve("/au", AU_SEED)
    run_updates(["au"])
    audit_entries = db.session.scalar(select(func.count(AuditEntry.id)))
    (outcome,) = run_updates(["au"])
    assert outcome.outcome == "unchanged"
    assert server.requests[-1][1].get("If-None-Match")
    assert [a.http_status for a in _attempts()] == [200, 304]
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audit_entries


def test_the_same_content_without_validators_is_unchanged_by_its_digest(app, server):
    server.serve("/canada", CANADA_SEED)
    server.modes["/canada"] = "no-validators"
    run_updates(["canada"])
    (outcome,) = run_updates(["canada"])
    assert (outcome.outcome, outcome.message) == ("unchanged", "same content as the last update")
    first, second = _attempts()
    assert (second.http_status, second.digest) == (200, first.digest)


def test_a_changed_file_is_imported_and_delists_who_left(app, server):
    server.serve("/canada", CANADA_SEED)
    run_updates(["canada"])
    text = CANADA_SEED.read_text(encoding="utf-8")
    shorter = re.sub(r"<record>.*?</record>", "", text, count=1, flags=re.DOTALL)
    server.serve("/canada", shorter.encode("utf-8"))
    (outcome,) = run_updates(["canada"])
    assert outcome.outcome == "imported"
    assert _attempts()[-1].summary["delisted"] == 1
    delisted = select(func.count(Designation.id)).where(Designation.status == "delisted")
    assert db.session.scalar(delisted) == 1


def test_a_download_cut_short_changes_nothing(app, server):
    server.serve("/au", AU_SEED)
    server.modes["/au"] = "cut"
    (outcome,) = run_updates(["au"])
    assert outcome.outcome == "failed" and "nothing changed" in outcome.message
    assert _designations() == 0
    assert "could not be downloaded whole" in _attempts()[0].error


def test_a_server_error_is_recorded_with_its_status(app, server):
    server.serve("/un", b"<x/>")
    server.modes["/un"] = "error"
    (outcome,) = run_updates(["un"])
    (attempt,) = _attempts()
    assert (outcome.outcome, attempt.http_status) == ("failed", 500)
    assert "answered HTTP 500" in attempt.error


def test_a_stalled_download_times_out_and_changes_nothing(app, server):
    server.serve("/canada", CANADA_SEED)
    server.modes["/canada"] = "stall"
    (outcome,) = run_updates(["canada"])
    assert outcome.outcome == "failed" and "timed out" in outcome.message
    assert _designations() == 0


def test_a_failed_update_keeps_the_previous_data(app, server):
    server.serve("/canada", CANADA_SEED)
    run_updates(["canada"])
    before = db.session.scalar(select(func.max(Designation.updated_at)))
    server.serve("/canada", CANADA_SEED.read_bytes()[:5000])  # whole answer, broken XML
    (outcome,) = run_updates(["canada"])
    assert outcome.outcome == "refused" and "not well-formed" in outcome.message
    assert (_designations(), db.session.scalar(select(func.max(Designation.updated_at)))) == (
        70,
        before,
    )


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(app, server):
    app.config["LIST_UPDATE_MAX_BYTES"] = 1000
    server.serve("/au", AU_SEED)
    (outcome,) = run_updates(["au"])
    assert outcome.outcome == "failed" and "more than the 1,000 allowed" in outcome.message


def test_the_command_exits_non_zero_naming_the_source_that_failed(app, server):
    server.serve("/canada", CANADA_SEED)
    result = app.test_cli_runner().invoke(args=["update", "canada", "un"])
    assert result.exit_code == 1
    assert "canada: imported" in result.output
    assert "Update failed for un." in result.output  # /un is not served: 404


def test_the_command_refuses_an_unknown_source(app):
    result = app.test_cli_runner().invoke(args=["update", "eu"])
    assert result.exit_code == 2 and "Unknown source eu" in result.output


@pytest.mark.slow
def test_every_list_updates_from_the_shared_files(app, server):
    data = SHARED_DIR / "data"
    if not (data / "ofac" / "sdn.csv").exists():
        pytest.skip(f"the shared data is not at {data}")
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        server.serve(f"/ofac/{name}", data / "ofac" / name)
    server.serve("/un", data / "un" / "UN_consolidated_2026-02.xml")
    server.serve("/uk", data / "uk" / "uk_sanctions_list_2025-08-11.ods")
    server.serve("/canada", data / "canada" / "sema-lmes_2020-04.xml")
    server.serve("/au", data / "au" / "australia_consolidated_list_2026-02.xlsx")
    # Linking the five full lists takes minutes and is tested elsewhere: not this test's point.
    app.config["LINK_ON_IMPORT"] = False
    outcomes = run_updates([])
    assert [(o.source, o.outcome) for o in outcomes] == [
        (code, "imported") for code in ("ofac", "un", "uk", "canada", "au")
    ]
    assert [o.outcome for o in run_updates([])] == ["unchanged"] * 5
