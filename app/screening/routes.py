"""Batch screening pages: upload, progress (HTML and JSON), results on the page and as CSV."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage

from app import jobs as job_runner
from app.errors import error_response
from app.models.job import DONE
from app.runners import default_threshold
from app.screening import bp, jobs
from app.screening.forms import ScreeningForm
from app.services import screening
from app.uploads import UploadRefused, check_csv


class CancelForm(FlaskForm):
    """Cancel a screening: a POST with its CSRF token."""


def _checked_layout(upload: FileStorage) -> tuple[screening.CsvLayout, int]:
    """The file's layout and row count; UploadRefused says what is wrong with it."""
    config = current_app.config
    check_csv("file", upload)
    stream = upload.stream
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if size > config["SCREENING_MAX_UPLOAD_BYTES"]:
        limit_mb = config["SCREENING_MAX_UPLOAD_BYTES"] / (1024 * 1024)
        raise UploadRefused("file", f"The file is larger than {limit_mb:g} MB: split it.")
    try:
        layout = screening.inspect_csv(stream)
    except screening.ScreeningFileError as error:
        raise UploadRefused("file", str(error)) from None
    text = screening.open_text(stream, layout.encoding)
    total = sum(1 for _ in screening.read_rows(text, layout, config["SEARCH_MAX_QUERY_LENGTH"]))
    text.detach()  # keep the upload's stream open for saving
    stream.seek(0)
    if total > config["SCREENING_MAX_ROWS"]:
        raise UploadRefused(
            "file", f"The file has {total:,} rows; at most {config['SCREENING_MAX_ROWS']:,}."
        )
    if total == 0:
        raise UploadRefused("file", "The file has a header but no rows of names.")
    return layout, total


@bp.route("/screen", methods=["GET", "POST"])
def upload():
    """Upload a CSV of names to screen against the lists."""
    form = ScreeningForm()
    if form.validate_on_submit():
        try:
            layout, total = _checked_layout(form.file.data)
        except UploadRefused as refused:
            form.file.errors = [refused.message]
            return _upload_page(form), 400
        threshold = (
            float(form.min_score.data) if form.min_score.data is not None else default_threshold()
        )
        prefix = url_for("public.designation_detail", designation_id=0, _external=True)[:-1]
        job, owner = jobs.start(form.file.data, layout, total, threshold, prefix)
        response = redirect(url_for("screening.job", job_id=job.id))
        jobs.remember_owner(response, owner)
        return response
    return _upload_page(form), 400 if form.is_submitted() else 200


def _upload_page(form: ScreeningForm) -> str:
    return render_template(
        "screening/upload.html",
        form=form,
        columns=screening.COLUMN_ROLES,
        threshold=default_threshold(),
    )


def _job_or_404(job_id: str):  # noqa: ANN202
    job = jobs.owned_job(job_id)
    if job is None:
        abort(404)
    return job


def _status(job) -> dict:  # noqa: ANN001
    status = job_runner.status(job)
    run_id = (job.params or {}).get("run_id")
    status.setdefault("counts", dict.fromkeys(screening.STATUSES, 0))
    return {
        **status,
        "file_name": job.params.get("file_name", ""),
        "message": status["error"] or status["message"],
        "result_url": url_for("screening.result", job_id=job.id) if job.state == DONE else None,
        # A signed-in account's screening is a stored run (issue 11): where to review it.
        "screening_id": run_id,
        "run_url": url_for("admin.screening_run", run_id=run_id) if run_id else None,
    }


@bp.get("/screen/<job_id>")
def job(job_id: str):
    """A screening job's progress, then its matches (by status, a page at a time)."""
    job = _job_or_404(job_id)
    status = _status(job)
    shown = request.args.get("status", "")
    shown = shown if shown in screening.STATUSES else ""
    page_arg = request.args.get("page", "1")
    page = int(page_arg) if page_arg.isdigit() and len(page_arg) < 7 and int(page_arg) else 1
    size = current_app.config["SCREENING_RESULT_PAGE_SIZE"]
    results = None
    if job.state == DONE and jobs.result_path(job).is_file():
        results = jobs.result_page(job, shown or None, page, size)
    return render_template(
        "screening/job.html",
        job=job,
        status=status,
        results=results,
        shown=shown,
        page=page,
        pages=max(1, -(-results.total // size)) if results else 1,
        form=CancelForm(),
        poll_ms=current_app.config["SCREENING_POLL_INTERVAL_MS"],
    )


@bp.get("/screen/<job_id>/status")
def job_status(job_id: str):
    """A screening job's progress as JSON (the results page polls it)."""
    job = jobs.owned_job(job_id)
    if job is None:
        return error_response(404, "No screening job with this id for this session.")
    return _status(job)


@bp.post("/screen/<job_id>/cancel")
def cancel(job_id: str):
    """Stop a screening; nothing of it is kept."""
    job = _job_or_404(job_id)
    if CancelForm().validate_on_submit():
        state = job_runner.cancel(job)
        if state == "running":
            flash("The screening stops at its next step.", "info")
    return redirect(url_for("screening.job", job_id=job.id))


@bp.get("/screen/<job_id>/result.csv")
def result(job_id: str):
    """The screened rows with their matches, as CSV (``?excel=1``: with a UTF-8 BOM)."""
    job = _job_or_404(job_id)
    path = jobs.result_path(job)
    if job.state != DONE or not path.is_file():
        abort(404)
    stem = Path(job.params.get("file_name", "")).stem or "names"
    if request.args.get("excel") == "1":
        return Response(
            jobs.excel_stream(path),
            mimetype="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="{_ascii(stem)}-screened-excel.csv"'
            },
        )
    return send_file(
        path, mimetype="text/csv", as_attachment=True, download_name=f"{stem}-screened.csv"
    )


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)
