"""GET /entities/<id>: one FtM entity by id, as yente's entity endpoint answers it."""

from __future__ import annotations

from flask import redirect, url_for

from app.extensions import db
from app.interop import bp
from app.interop.common import RequestError
from app.services.ftm_match import find_entity


@bp.get("/entities/<string(maxlength=200):entity_id>")
def entity(entity_id: str):
    """The subject entity; a referent's id redirects to the subject's id (as yente does)."""
    found = find_entity(db.session, entity_id)
    if found is None:
        raise RequestError(f"Entity not found: {entity_id}", "entity_id", status=404)
    if found["id"] != entity_id:
        return redirect(url_for("interop.entity", entity_id=found["id"]), code=308)
    return found
