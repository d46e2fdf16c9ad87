"""/export.ftm.json: every subject, sanction and identity document as FtM JSON Lines."""

from __future__ import annotations

from flask import Response, stream_with_context

from app.extensions import db
from app.interop import bp
from app.services.ftm_export import iter_ftm_lines

FTM_MIMETYPE = "application/x-ndjson"


@bp.get("/export.ftm.json")
def export_ftm():
    """The whole database in FollowTheMoney, streamed one entity per line."""
    response = Response(stream_with_context(iter_ftm_lines(db.session)), mimetype=FTM_MIMETYPE)
    response.headers["Content-Disposition"] = 'attachment; filename="sanctions.ftm.json"'
    return response
