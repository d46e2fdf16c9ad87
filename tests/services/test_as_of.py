"""as_of: what was listed on a date, before and after a delisting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Designation, SourceRef
from app.runners import run_import
from app.services import designation_edits
from app.services.as_of import as_of
from app.services.audit import CLI
from tests.builders import sdn_row, write_ofac_set

TODAY = datetime.now(UTC).date()


def _import(tmp_path, name, *ents):
    folder = write_ofac_set(tmp_path / name, [sdn_row(e, f"ASOFOV, Person {e}") for e in ents])
    return run_import("ofac-csv", folder, force=True)


def _designation(ref: str) -> Designation:
    return db.session.scalar(select(Designation).join(SourceRef).where(SourceRef.ref == ref))


def test_a_date_before_our_first_record_says_so(app, tmp_path):
    _import(tmp_path, "one", 900001)
    past = as_of(db.session, _designation("900001"), date(2001, 1, 1))
    assert (past.known, past.listed) == (False, False)
    assert "Before our first record" in past.note


def test_listed_with_its_measures_until_delisted_and_not_after(app, tmp_path):
    _import(tmp_path, "one", 900001, 900002)
    _import(tmp_path, "two", 900002)  # 900001 left the list today
    designation = _designation("900001")
    assert designation.status == "delisted"
    after = as_of(db.session, designation, TODAY + timedelta(days=1))
    assert (after.known, after.listed) == (True, False)
    still = as_of(db.session, _designation("900002"), TODAY)
    assert still.listed and {m["type"] for m in still.measures} == {"asset_freeze", "visa_ban"}


def test_the_designation_json_and_detail_page_answer_as_of(app, client, tmp_path):
    _import(tmp_path, "one", 900001)
    designation_id = _designation("900001").id
    body = client.get(f"/api/v1/designations/{designation_id}?as_of=2001-01-01").get_json()
    assert body["as_of"]["known"] is False
    page = client.get(f"/designations/{designation_id}?as_of={TODAY.isoformat()}")
    assert "As of " + TODAY.isoformat() in page.get_data(as_text=True)
    bad = client.get(f"/api/v1/designations/{designation_id}?as_of=yesterday")
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "as_of"


def test_search_as_of_before_and_after_a_delisting(app, client, tmp_path):
    _import(tmp_path, "one", 900001)
    designation = _designation("900001")
    delisted_on = TODAY + timedelta(days=10)
    designation_edits.delist(
        db.session, designation.id, designation.version, delisted_on, "court ruling", "", CLI
    )
    query = "/api/v1/search?q=Asofov+Person+900001&as_of="
    before = client.get(query + (TODAY + timedelta(days=5)).isoformat()).get_json()
    after = client.get(query + (delisted_on + timedelta(days=1)).isoformat()).get_json()
    assert [r["name"] for r in before["results"]] == ["ASOFOV, Person 900001"]
    assert before["results"][0]["as_of"]["measures"]
    assert after["results"] == [] and after["total"] == 0
