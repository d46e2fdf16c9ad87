"""Screening records in the admin area (issue 11): runs, a run's rows and hits, review.

Analysts, editors and admins see their own runs; admins may list everyone's. A run of
another account answers 404 (as a run that does not exist), except to admins.
"""

from __future__ import annotations

import csv
import io
import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app import jobs
from app.admin import bp
from app.admin.access import role_required
from app.extensions import db
from app.form_choices import choices
from app.models import DECISIONS, ScreeningRun
from app.services import decisions
from app.services import screening_records as records
from app.services.exports import csv_cell

# The filters of a run's page: which hits it shows.
SHOWN = {
    "all": "All rows",
    "open": "Open hits",
    "decided": "Decided",
    "changed": "Changed since decision",
}
EXPORT_COLUMNS = [
    "line",
    "reference",
    "name",
    "birth_date",
    "country",
    "row_status",
    "message",
    "hit_id",
    "score",
    "designation_id",
    "subject_name",
    "lists",
    "why",
    "review_state",
    "decision",
    "reason",
    "decided_by",
    "decided_at",
    "confirmed_by",
    "changes_since_decision",
]


class DecisionForm(FlaskForm):
    """A decision on one hit: what, and why (required)."""

    decision = SelectField("Decision", choices=choices(list(DECISIONS.items())))
    reason = TextAreaField("Reason", validators=[DataRequired(message="Give the reason.")])


class RunActionForm(FlaskForm):
    """Cancel or retry a run: a POST with its CSRF token."""


@bp.context_processor
def review_helpers() -> dict:
    return {
        "can_edit": current_user.is_authenticated and current_user.has_role("editor"),
        "decision_labels": DECISIONS,
    }


def _four_eyes() -> bool:
    return bool(current_app.config["REVIEW_FOUR_EYES"])


def _run_or_404(run_id: str) -> ScreeningRun:
    run = records.get_run(db.session, run_id, current_user._get_current_object())
    if run is None:
        abort(404)
    return run


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 and int(value) > 0 else 1


@bp.get("/screenings")
@role_required("analyst")
def screening_runs():
    """My screening runs (admins: ``?all=1`` for everyone's), newest first."""
    everyone = request.args.get("all") == "1" and current_user.has_role("admin")
    size = current_app.config["SCREENING_RUNS_PAGE_SIZE"]
    page = _page_number()
    runs, total = records.list_runs(
        db.session, current_user._get_current_object(), everyone, size, (page - 1) * size
    )
    pages = max(1, -(-total // size))
    return render_template(
        "admin/screening_runs.html",
        runs=runs,
        total=total,
        everyone=everyone,
        nav={"pages": pages, "page": page, "has_prev": page > 1, "has_next": page < pages},
        args={"all": "1"} if everyone else {},
    )


def _shown_rows(document: dict, shown: str) -> list[dict]:
    if shown == "all":
        return document["rows"]
    states = {"open": ("open", "changed", "awaiting_confirmation"), "decided": ("decided",)}
    wanted = states.get(shown, ("changed",))
    rows = []
    for row in document["rows"]:
        hits = [h for h in row["hits"] if h["review_state"] in wanted]
        if hits:
            rows.append({**row, "hits": hits})
    return rows


def _run_page(run: ScreeningRun, status: int = 200, error: str | None = None):  # noqa: ANN202
    document = records.run_document(db.session, run.id, _four_eyes())
    shown = request.args.get("show", "all")
    shown = shown if shown in SHOWN else "all"
    rows = _shown_rows(document, shown)
    size = current_app.config["SCREENING_RUN_ROWS_PAGE_SIZE"]
    pages = max(1, -(-len(rows) // size))
    page = min(_page_number(), pages)
    hits = [h for row in document["rows"] for h in row["hits"]]
    tally = {
        state: sum(1 for h in hits if h["review_state"] == state) for state in records.REVIEW_STATES
    }
    job = jobs.find(run.job_id) if run.job_id else None
    return render_template(
        "admin/screening_run.html",
        run=run,
        document=document,
        rows=rows[(page - 1) * size : page * size],
        shown=shown,
        filters=SHOWN,
        tally=tally,
        job=job,
        job_status=jobs.status(job) if job else None,
        nav={"pages": pages, "page": page, "has_prev": page > 1, "has_next": page < pages},
        args={"run_id": run.id, "show": shown},
        error=error,
        action_form=RunActionForm(),
        four_eyes=_four_eyes(),
        reason_max=current_app.config["REVIEW_REASON_MAX_LENGTH"],
    ), status


@bp.get("/screenings/<run_id>")
@role_required("analyst")
def screening_run(run_id: str):
    """One run: its lists, rows and hits with their decisions; filters; decide a hit."""
    return _run_page(_run_or_404(run_id))


@bp.post("/screenings/<run_id>/hits/<int:hit_id>/decision")
@role_required("analyst")
def decide_hit(run_id: str, hit_id: int):
    """Record a decision on a hit of the run (reason required)."""
    run = _run_or_404(run_id)
    found = records.find_hit(db.session, run, hit_id)
    if found is None:
        abort(404)
    form = DecisionForm()
    limit = current_app.config["REVIEW_REASON_MAX_LENGTH"]
    form.reason.validators = [DataRequired(message="Give the reason."), Length(max=limit)]
    if not form.validate_on_submit():
        problems = "; ".join(
            f"{form[name].label.text}: {' '.join(e)}" for name, e in form.errors.items()
        )
        return _run_page(run, 400, f"Not recorded: {problems}")
    hit, client_key = found
    try:
        decisions.record_decision(
            db.session,
            client_key=client_key,
            subject_key=hit.subject_key,
            decision=form.decision.data,
            reason=form.reason.data,
            user=current_user._get_current_object(),
            reason_max_length=limit,
            run_id=run.id,
            hit_id=hit.id,
        )
    except decisions.DecisionError as error:
        return _run_page(run, 400, f"Not recorded: {error.message}")
    name = (hit.subject or {}).get("name", f"hit {hit_id}")
    flash(f"{name}: {DECISIONS[form.decision.data].lower()} recorded.", "success")
    show = request.args.get("show", "all")
    target = url_for("admin.screening_run", run_id=run.id, show=show if show in SHOWN else "all")
    return redirect(f"{target}#hit-{hit_id}", 303)


@bp.post("/screenings/<run_id>/cancel")
@role_required("analyst")
def cancel_screening_run(run_id: str):
    """Stop a run that is still screening (rows screened so far are kept)."""
    run = _run_or_404(run_id)
    job = jobs.find(run.job_id) if run.job_id else None
    if RunActionForm().validate_on_submit() and job is not None:
        state = jobs.cancel(job)
        if state is None:
            flash("The run had already finished.", "info")
        else:
            if state != "running":
                records.finish_run(db.session, run, "cancelled")
            flash(
                "The run is cancelled."
                if state != "running"
                else "The run stops at its next step.",
                "info",
            )
    return redirect(url_for("admin.screening_run", run_id=run.id), 303)


@bp.post("/screenings/<run_id>/retry")
@role_required("analyst")
def retry_screening_run(run_id: str):
    """Run a failed or cancelled run again: its rows still pending are screened."""
    run = _run_or_404(run_id)
    job = jobs.find(run.job_id) if run.job_id else None
    if RunActionForm().validate_on_submit() and job is not None:
        if jobs.retry(job):
            flash("The run is queued again.", "success")
        else:
            flash("Only a failed or cancelled run can be retried.", "error")
    return redirect(url_for("admin.screening_run", run_id=run.id), 303)


@bp.get("/screenings/<run_id>/export.json")
@role_required("analyst")
def screening_run_json(run_id: str):
    """The run as JSON (the document of GET /api/v1/screenings/<id>), as a download."""
    run = _run_or_404(run_id)
    document = records.run_document(db.session, run.id, _four_eyes())
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="screening-{run.id}.json"'},
    )


def export_rows(document: dict) -> list[list[str]]:
    """One line per hit (or per row without hits), as the CSV download writes them."""
    lines = []
    for row in document["rows"]:
        given = row["input"]
        base = [
            row["line"],
            given.get("reference"),
            given.get("name"),
            given.get("birth_date"),
            given.get("country"),
            row["status"],
            row["message"],
        ]
        if not row["hits"]:
            lines.append(base + [""] * (len(EXPORT_COLUMNS) - len(base)))
        for hit in row["hits"]:
            decision = hit["decision"] or {}
            subject = hit["subject"]
            lines.append(
                base
                + [
                    hit["hit_id"],
                    f"{hit['score']:.4f}",
                    subject.get("designation_id"),
                    subject.get("name"),
                    "; ".join(dict.fromkeys(s["source"] for s in subject.get("source_refs", []))),
                    hit["why"],
                    hit["review_state"],
                    decision.get("decision"),
                    decision.get("reason"),
                    decision.get("by"),
                    decision.get("at"),
                    decision.get("confirmed_by"),
                    "; ".join(hit["changes_since_decision"]),
                ]
            )
    return [[csv_cell(v if v is not None else "") for v in line] for line in lines]


@bp.get("/screenings/<run_id>/export.csv")
@role_required("analyst")
def screening_run_csv(run_id: str):
    """The run's rows and hits with their decisions, as CSV."""
    run = _run_or_404(run_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(records.run_document(db.session, run.id, _four_eyes())))
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="screening-{run.id}.csv"'},
    )
