"""Background jobs in the admin area: the list, one job's page (live progress), its
status as JSON, cancel and retry.

Who sees what: an admin every job; an editor every import (and scheduled command) and
their own jobs of any kind.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from app import jobs
from app.admin import bp
from app.admin.access import json_view
from app.extensions import db
from app.jobs import import_jobs
from app.jobs.handlers import SHARED_KINDS
from app.jobs.runner import HANDLERS
from app.models.job import CANCELLED, FAILED, JOB_STATES, Job
from app.services.job_records import visible_to

RETRYABLE = (FAILED, CANCELLED)


class JobActionForm(FlaskForm):
    """Cancel or retry: a POST with its CSRF token and nothing else."""


def _visible(query):  # noqa: ANN001, ANN202
    return visible_to(query, current_user.id, current_user.has_role("admin"), SHARED_KINDS)


def _job_or_404(job_id: str) -> Job:
    job = jobs.find(job_id)
    if job is None or db.session.scalar(_visible(select(Job.id).where(Job.id == job.id))) is None:
        abort(404)
    return job


@bp.get("/jobs")
def job_list():
    """Recent jobs, newest first, by state and kind."""
    state = request.args.get("state", "")
    kind = request.args.get("kind", "")
    page = request.args.get("page", "1")
    page = max(1, int(page)) if page.isdigit() and len(page) < 7 else 1
    query = _visible(select(Job))
    if state in JOB_STATES:
        query = query.where(Job.state == state)
    if kind in HANDLERS:
        query = query.where(Job.kind == kind)
    size = current_app.config["JOBS_PAGE_SIZE"]
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Job.created_at.desc()).limit(size).offset((page - 1) * size)
    ).all()
    return render_template(
        "admin/jobs.html",
        jobs=rows,
        statuses={job.id: jobs.status(job) for job in rows},
        total=total,
        page=page,
        pages=max(1, -(-total // size)),
        state=state if state in JOB_STATES else "",
        kind=kind if kind in HANDLERS else "",
        states=JOB_STATES,
        kinds=sorted(HANDLERS),
    )


def _links(job: Job) -> list[tuple[str, str]]:
    """Pages that show the outcome of ``job``."""
    links = []
    token = (job.params or {}).get("token")
    if job.kind == import_jobs.PREVIEW and token and job.user_id == current_user.id:
        links.append(("The preview", url_for("admin.import_preview", token=token)))
    if job.kind == import_jobs.IMPORT and job.state == "done":
        audit = url_for("admin.audit_trail", action="import")
        links.append(("The import in the audit trail", audit))
    if job.kind in ("screening", "screening-run") and job.user_id == current_user.id:
        links.append(("The screening results", url_for("screening.job", job_id=job.id)))
    if job.kind == "screening-run" and (job.params or {}).get("run_id"):
        run_url = url_for("admin.screening_run", run_id=job.params["run_id"])
        links.append(("The screening run and its review", run_url))
    return links


@bp.get("/jobs/<job_id>")
def job(job_id: str):
    """One job: what it is, who queued it, its progress live, its outcome."""
    job = _job_or_404(job_id)
    return render_template(
        "admin/job.html",
        job=job,
        status=jobs.status(job),
        links=_links(job),
        form=JobActionForm(),
        retryable=job.state in RETRYABLE,
        poll_ms=current_app.config["JOBS_POLL_INTERVAL_MS"],
    )


@bp.get("/jobs/<job_id>/status")
@json_view
def job_status(job_id: str):
    """The job's state and progress as JSON (its page polls it)."""
    job = jobs.find(job_id)
    if job is None or db.session.scalar(_visible(select(Job.id).where(Job.id == job.id))) is None:
        from app.errors import error_response

        return error_response(404, "No job with this id that you may see.")
    return jobs.status(job)


@bp.post("/jobs/<job_id>/cancel")
def job_cancel(job_id: str):
    job = _job_or_404(job_id)
    if JobActionForm().validate_on_submit():
        state = jobs.cancel(job)
        if state is None:
            flash("The job had already finished.", "info")
        elif state == "running":
            flash("The job stops at its next step; nothing of it is kept.", "info")
        else:
            flash("The job was cancelled before it started.", "info")
    return redirect(url_for("admin.job", job_id=job.id))


@bp.post("/jobs/<job_id>/retry")
def job_retry(job_id: str):
    job = _job_or_404(job_id)
    if JobActionForm().validate_on_submit():
        if jobs.retry(job):
            flash("The job is queued again.", "success")
        else:
            flash("Only a failed or cancelled job can be retried.", "error")
    return redirect(url_for("admin.job", job_id=job.id))
