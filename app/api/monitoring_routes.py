"""Monitored lists over the API (issue 12): every endpoint needs ``Authorization: Bearer``.

    POST   /api/v1/monitored-lists                  a run saved as a monitored list (201)
    GET    /api/v1/monitored-lists                  the account's monitored lists
    GET    /api/v1/monitored-lists/<id>             one list, with its rows
    POST   /api/v1/monitored-lists/<id>/rows        add clients (201)
    DELETE /api/v1/monitored-lists/<id>/rows        remove clients (by ids or references)
    POST   /api/v1/monitored-lists/<id>/rescreen    queue a full re-screen (202)
    GET    /api/v1/monitored-lists/<id>/digests     its alert digests, newest first
    GET    /api/v1/monitored-lists/<id>/digests/<digest_id>   one digest, with deliveries

Another account's list answers 404 (as runs do); no token, 401. Authority comes from
the token only, never from a cookie, so these POSTs need no CSRF token.
"""

from __future__ import annotations

from flask import abort, current_app, request, url_for

from app import params
from app.api import bp
from app.api_auth import require_bearer_user
from app.errors import error_response
from app.extensions import db
from app.jobs.monitoring_jobs import queue_baseline, queue_full
from app.models.monitoring import MonitoredList
from app.services import monitor_digests, monitoring
from app.services.monitoring import MonitoringError, MonitorSettings


def _settings() -> MonitorSettings:
    return MonitorSettings.from_config(current_app.config)


def _refused(error: MonitoringError):
    return error_response(error.status, error.message, parameter=error.field)


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise params.ParameterError("body", "must be a JSON object")
    return body


def _own_list(list_id: int) -> MonitoredList:
    user = require_bearer_user()
    monitored = monitoring.visible_list(db.session, user, list_id)
    if monitored is None:
        abort(404, description="No monitored list of yours has this id.")
    return monitored


def _list_payload(monitored: MonitoredList) -> dict:
    return {
        **monitoring.list_dict(db.session, monitored),
        "url": url_for("admin.monitored_list", list_id=monitored.id, _external=True),
        "digests_url": url_for("api.monitored_list_digests", list_id=monitored.id, _external=True),
    }


@bp.post("/monitored-lists")
def create_monitored_list():
    """Save a finished screening run of this account as a monitored list."""
    user = require_bearer_user()
    body = _body()
    try:
        monitored = monitoring.create_from_run(
            db.session,
            user,
            name=body.get("name"),
            screening_id=body.get("screening_id"),
            webhook_url=body.get("webhook_url"),
            webhook_secret=body.get("webhook_secret"),
            settings=_settings(),
        )
    except MonitoringError as error:
        db.session.rollback()
        return _refused(error)
    queue_baseline(monitored.id, monitored.name, user.id)
    return _list_payload(monitored), 201


@bp.get("/monitored-lists")
def monitored_lists():
    """The account's monitored lists, newest first."""
    user = require_bearer_user()
    return {"monitored_lists": [_list_payload(m) for m in monitoring.lists_of(db.session, user)]}


@bp.get("/monitored-lists/<int:list_id>")
def monitored_list(list_id: int):
    """One monitored list with its rows."""
    monitored = _own_list(list_id)
    return {
        **_list_payload(monitored),
        "client_rows": [monitoring.row_dict(row) for row in monitored.rows],
    }


@bp.post("/monitored-lists/<int:list_id>/rows")
def add_monitored_rows(list_id: int):
    """Add clients: ``{"rows": [{"name", "reference"?, "birth_date"?, "country"?}]}``."""
    monitored = _own_list(list_id)
    settings = _settings()
    try:
        rows = monitoring.parse_rows(_body().get("rows"), settings)
        added = monitoring.add_rows(db.session, monitored, rows, settings)
    except MonitoringError as error:
        db.session.rollback()
        return _refused(error)
    queue_baseline(monitored.id, monitored.name, monitored.user_id)
    return {"added": [monitoring.row_dict(row) for row in added]}, 201


@bp.delete("/monitored-lists/<int:list_id>/rows")
def remove_monitored_rows(list_id: int):
    """Remove clients: ``{"ids": [...]}`` and/or ``{"references": [...]}``."""
    monitored = _own_list(list_id)
    body = _body()
    try:
        removed = monitoring.remove_rows(
            db.session, monitored, body.get("ids"), body.get("references"), _settings()
        )
    except MonitoringError as error:
        db.session.rollback()
        return _refused(error)
    return {"removed": removed, "rows": monitoring.row_count(db.session, monitored.id)}


@bp.post("/monitored-lists/<int:list_id>/rescreen")
def rescreen_monitored_list(list_id: int):
    """Queue a full re-screen against the whole database: 202 with the job's status URL."""
    monitored = _own_list(list_id)
    job_id = queue_full(monitored.id, monitored.name, monitored.user_id)
    return {"job_id": job_id, "digests_url": url_for(
        "api.monitored_list_digests", list_id=monitored.id, _external=True)}, 202  # fmt: skip


@bp.get("/monitored-lists/<int:list_id>/digests")
def monitored_list_digests(list_id: int):
    """The list's alert digests, newest first (``limit``, ``offset``)."""
    monitored = _own_list(list_id)
    settings = _settings()
    limit = params.integer(
        request.args, "limit", settings.digests_page_size, 1, settings.digests_max_page_size
    )
    offset = params.integer(request.args, "offset", 0, 0, 10_000_000)
    digests, total = monitor_digests.digests_of(db.session, monitored, limit, offset)
    return {
        "monitored_list_id": monitored.id,
        "total": total,
        "limit": limit,
        "offset": offset,
        "digests": [monitor_digests.digest_document(d) for d in digests],
    }


@bp.get("/monitored-lists/<int:list_id>/digests/<int:digest_id>")
def monitored_list_digest(list_id: int, digest_id: int):
    """One digest, with its webhook deliveries and every attempt."""
    monitored = _own_list(list_id)
    digest = monitor_digests.find_digest(db.session, monitored, digest_id)
    if digest is None:
        return error_response(404, "This monitored list has no digest with this id.")
    return {
        **monitor_digests.digest_document(digest),
        "deliveries": [
            monitor_digests.delivery_dict(d)
            for d in monitor_digests.deliveries_of(db.session, digest)
        ],
    }
