"""The audit trail: append only, browsable and filterable by staff."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import delete, update

from app.extensions import db
from app.models import AuditEntry, AuditTrailIsAppendOnly
from app.services import audit
from tests.admin.helpers import designation_form, page_token, signed_in


def _entry(app: Flask) -> AuditEntry:
    audit.record(db.session, audit.CLI, "create", designation_id=1, summary="x")
    db.session.commit()
    return db.session.scalar(db.select(AuditEntry))


def test_an_entry_cannot_be_changed(app: Flask) -> None:
    entry = _entry(app)
    entry.summary = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_an_entry_cannot_be_deleted(app: Flask) -> None:
    db.session.delete(_entry(app))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_bulk_update_and_delete_of_entries_are_refused(app: Flask) -> None:
    _entry(app)
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.execute(update(AuditEntry).values(summary="rewritten"))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()


def test_the_diff_lists_only_changed_fields() -> None:
    changes = audit.diff({"kind": "entity", "remarks": None}, {"kind": "entity", "remarks": ""})
    assert changes == {}
    assert audit.diff({"kind": "entity"}, {"kind": "vessel"}) == {"kind": ["entity", "vessel"]}


def _create(client, name: str) -> None:  # noqa: ANN001
    token = page_token(client, "/admin/designations/new")
    data = designation_form(token, primary_name=name, save_anyway="Save anyway")
    response = client.post("/admin/designations/new", data=data)
    assert response.status_code == 302
    client.get(response.headers["Location"])  # shows (and so clears) the "Saved" message


def test_staff_filter_the_trail_by_user_and_action(admin_app: Flask) -> None:
    editor = signed_in(admin_app)
    _create(editor, "Filterov, Alpha")
    other = signed_in(admin_app, email="other@example.org")
    _create(other, "Filterov, Beta")
    html = editor.get(
        "/admin/audit", query_string={"actor": "other@example.org", "action": "create"}
    ).get_data(as_text=True)
    assert "Filterov, Beta" in html and "Filterov, Alpha" not in html


def test_staff_filter_the_trail_by_designation_and_date(admin_app: Flask) -> None:
    editor = signed_in(admin_app)
    _create(editor, "Filterov, Alpha")
    _create(editor, "Filterov, Beta")
    html = editor.get("/admin/audit", query_string={"designation": 2}).get_data(as_text=True)
    assert "Filterov, Beta" in html and "Filterov, Alpha" not in html
    html = editor.get("/admin/audit", query_string={"until": "2000-01-01"}).get_data(as_text=True)
    assert "Filterov" not in html


def test_an_entry_page_shows_the_field_changes(admin_app: Flask) -> None:
    editor = signed_in(admin_app)
    _create(editor, "Filterov, Alpha")
    html = editor.get("/admin/audit/2").get_data(as_text=True)
    assert "Primary name" in html and "Filterov, Alpha" in html
