"""GET /api/v1/lists (each list's data date) and GET /api/v1/changes (what changed)."""

from __future__ import annotations

from flask import current_app, request, url_for

from app import params
from app.api import bp
from app.extensions import db
from app.lists_web import lists_payload
from app.services.changes import CHANGE_ACTIONS, ChangeFilters, list_changes


@bp.get("/lists")
def lists():
    """One entry per list; ``stale`` when older than LIST_STALE_AFTER_DAYS."""
    return {
        "stale_after_days": current_app.config["LIST_STALE_AFTER_DAYS"],
        "lists": lists_payload(),
    }


@bp.get("/changes")
def changes():
    """Additions, amendments and delistings since a date, newest first, paginated."""
    args = request.args
    config = current_app.config
    filters = ChangeFilters(
        since=params.iso_date(args, "since"),
        until=params.iso_date(args, "until"),
        jurisdiction=(params.text(args, "jurisdiction", 8) or "").upper() or None,
        program=params.text(args, "program", 64),
        change=params.choice(args, "change", CHANGE_ACTIONS.keys()),
    )
    if filters.since is None:
        raise params.ParameterError("since", "is required: a date, YYYY-MM-DD")
    limit = params.integer(
        args, "limit", config["CHANGES_PAGE_SIZE"], 1, config["CHANGES_MAX_PAGE_SIZE"]
    )
    offset = params.integer(args, "offset", 0, 0, 10_000_000)
    page = list_changes(db.session, filters, limit, offset)
    return {
        "since": filters.since.isoformat(),
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "changes": [
            change.as_dict(
                url_for("public.designation_detail", designation_id=change.designation_id,
                        _external=True)
            )
            for change in page.changes
        ],
    }  # fmt: skip
