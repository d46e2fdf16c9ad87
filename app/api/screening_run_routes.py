"""Stored screening runs over the API (issue 11): read a run, decide a hit.

Every endpoint here needs ``Authorization: Bearer TOKEN`` (401 without one). A run
is seen only by the account that ran it, and by admins; any other account gets 404,
as for a run that does not exist. POST /api/v1/screen (``routes.screen``) stores runs
through ``store_screened`` and ``queue_run``.
"""

from __future__ import annotations

from flask import current_app, request, url_for

from app import jobs
from app.api import bp
from app.api_auth import require_bearer_user
from app.errors import error_response
from app.extensions import db
from app.jobs.screening_jobs import SCREENING_RUN
from app.models import ScreeningRun, User
from app.services import decisions, list_versions
from app.services import screening_records as records
from app.services.screening import ScreenedRow, ScreeningRow

# The longest JSON body a decision may send (a reason of REVIEW_REASON_MAX_LENGTH fits).
DECISION_BODY_MAX_BYTES = 16 * 1024


def store_screened(user: User, screened: list[ScreenedRow], threshold: float) -> ScreeningRun:
    """Store a run screened in the request under ``user``."""
    versions = list_versions.list_versions(db.session, current_app.config["LIST_STALE_AFTER_DAYS"])
    return records.store_run(
        db.session,
        user=user,
        origin="api",
        label=f"API request of {len(screened)} names",
        screened=screened,
        threshold=threshold,
        list_versions=[v.as_dict() for v in versions],
    )


def queue_run(user: User, rows: list[ScreeningRow], threshold: float):  # noqa: ANN201
    """Store the rows as a run and screen it on the job runner: 202 with where to look."""
    job_id = jobs.new_token()
    run = records.create_run(
        db.session,
        user=user,
        origin="api",
        label=f"API batch of {len(rows)} names",
        rows=rows,
        threshold=threshold,
        job_id=job_id,
    )
    jobs.submit(
        SCREENING_RUN,
        run.label,
        {"run_id": run.id},
        job_id=job_id,
        user_id=user.id,
        queued_by=user.email,
        total=len(rows),
    )
    db.session.refresh(run)
    status_url = url_for("api.screening_run", run_id=run.id, _external=True)
    body = {"screening_id": run.id, "status": run.status, "status_url": status_url}
    return body, 202, {"Location": status_url}


def _run_or_404(run_id: str) -> ScreeningRun | None:
    user = require_bearer_user()
    return records.get_run(db.session, run_id, user)


@bp.get("/screenings")
def screening_runs():
    """The token's account's runs, newest first (admins: ``?all=1`` for everyone's)."""
    user = require_bearer_user()
    size = current_app.config["SCREENING_RUNS_PAGE_SIZE"]
    everyone = request.args.get("all") in ("1", "true")
    runs, total = records.list_runs(db.session, user, everyone, size)
    return {
        "total": total,
        "results": [
            {
                "id": run.id,
                "status": run.status,
                "created_at": decisions.iso(run.created_at),
                "label": run.label,
                "by": run.user.email,
                "rows": run.total_rows,
                "counts": run.counts,
                "url": url_for("api.screening_run", run_id=run.id, _external=True),
            }
            for run in runs
        ],
    }


@bp.get("/screenings/<run_id>")
def screening_run(run_id: str):
    """A stored run: its lists, rows and hits, each hit with its decision as it stands."""
    run = _run_or_404(run_id)
    if run is None:
        return error_response(404, f"No screening run {run_id!r} for this account.")
    return records.run_document(db.session, run.id, current_app.config["REVIEW_FOUR_EYES"])


@bp.post("/screenings/<run_id>/hits/<int:hit_id>/decision")
def decide_hit(run_id: str, hit_id: int):
    """Record a decision on a hit: {"decision": "true_match" | "false_positive" |
    "escalated", "reason": "..."}; 201 with the hit's decision as it now stands."""
    run = _run_or_404(run_id)
    if run is None:
        return error_response(404, f"No screening run {run_id!r} for this account.")
    found = records.find_hit(db.session, run, hit_id)
    if found is None:
        return error_response(404, f"No hit {hit_id} in this run.", parameter="hit_id")
    if (request.content_length or 0) > DECISION_BODY_MAX_BYTES:
        return error_response(413, "The body is too large for a decision.", parameter="body")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error_response(
            400, 'body: must be a JSON object {"decision": ..., "reason": ...}', parameter="body"
        )
    decision, reason = body.get("decision"), body.get("reason")
    for name, value in (("decision", decision), ("reason", reason)):
        if not isinstance(value, str):
            return error_response(400, f"{name}: must be a string", parameter=name)
    hit, client_key = found
    config = current_app.config
    try:
        entry = decisions.record_decision(
            db.session,
            client_key=client_key,
            subject_key=hit.subject_key,
            decision=decision,
            reason=reason,
            user=require_bearer_user(),
            reason_max_length=config["REVIEW_REASON_MAX_LENGTH"],
            run_id=run.id,
            hit_id=hit.id,
        )
    except decisions.DecisionError as error:
        return error_response(400, f"{error.field}: {error.message}", parameter=error.field)
    review = records.reviews(
        db.session, [(client_key, hit.subject_key)], config["REVIEW_FOUR_EYES"]
    )[(client_key, hit.subject_key)]
    return {
        "id": entry.id,
        "hit_id": hit.id,
        "confirms": entry.confirms_id,
        "decision": review.decision.as_dict() if review.decision else None,
        "review_state": review.state,
    }, 201
