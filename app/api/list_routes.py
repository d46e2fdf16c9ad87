"""GET /api/v1/lists: each list's source, name, jurisdiction, data date, last update, staleness."""

from __future__ import annotations

from flask import current_app

from app.api import bp
from app.lists_web import lists_payload


@bp.get("/lists")
def lists():
    """One entry per list; ``stale`` when older than LIST_STALE_AFTER_DAYS."""
    return {
        "stale_after_days": current_app.config["LIST_STALE_AFTER_DAYS"],
        "lists": lists_payload(),
    }
