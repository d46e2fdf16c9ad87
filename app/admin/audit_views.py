"""The audit trail, browsed and filtered by admins and editors."""

from __future__ import annotations

from flask import abort, current_app, render_template, request

from app.admin import bp
from app.admin.forms import AuditFilterForm
from app.extensions import db
from app.form_choices import choices
from app.services import audit


@bp.get("/audit")
def audit_trail():
    """Every recorded change, newest first, filtered by who, what, which and when."""
    form = AuditFilterForm(request.args, meta={"csrf": False})
    form.actor.choices = choices([("", "Anyone"), *((a, a) for a in audit.actors(db.session))])
    valid = form.validate()
    filters = audit.AuditFilters(
        actor=form.actor.data or None,
        action=(form.action.data or None) if not form.action.errors else None,
        designation_id=form.designation.data if not form.designation.errors else None,
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
    )
    try:
        page_number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page_number = 1
    page = audit.list_entries(
        db.session, filters, page_number, current_app.config["AUDIT_PAGE_SIZE"]
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    # A filter that is not valid is shown with its error and left out of the query.
    status = 200 if valid else 400
    return render_template("admin/audit.html", form=form, page=page, args=args), status


@bp.get("/audit/<int:entry_id>")
def audit_entry(entry_id: int):
    """One entry with its field-level changes."""
    entry = audit.get_entry(db.session, entry_id)
    if entry is None:
        abort(404)
    return render_template(
        "admin/audit_entry.html", entry=entry, changes=list(audit.describe_changes(entry.changes))
    )
