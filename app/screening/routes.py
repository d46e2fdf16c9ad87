"""Batch screening pages: upload, progress (HTML and JSON), result download."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    send_file,
    session,
    url_for,
)
from werkzeug.datastructures import FileStorage

from app.admin.uploads import UploadRefused, check_csv
from app.errors import error_response
from app.runners import default_threshold
from app.screening import bp, jobs
from app.screening.forms import ScreeningForm
from app.services import screening

OWNER_KEY = "screening_owner"


def _owner(create: bool = False) -> str | None:
    """This browser session's random owner token (jobs are visible only to it)."""
    if create and OWNER_KEY not in session:
        session[OWNER_KEY] = secrets.token_urlsafe(24)
    return session.get(OWNER_KEY)


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


def _start_job(
    upload: FileStorage, layout: screening.CsvLayout, total: int, threshold: float
) -> str:
    base = jobs.jobs_dir()
    jobs.discard_stale(base, current_app.config["SCREENING_JOB_MAX_AGE_SECONDS"])
    prefix = url_for("public.designation_detail", designation_id=0, _external=True)[:-1]
    job = jobs.Job(
        id=secrets.token_urlsafe(24),
        owner=_owner(create=True),
        file_name=Path(upload.filename or "names.csv").name,
        encoding=layout.encoding,
        delimiter=layout.delimiter,
        columns=layout.columns,
        roles=layout.roles,
        total=total,
        threshold=threshold,
        url_prefix=prefix,
    )
    jobs.folder(base, job.id).mkdir(parents=True)
    upload.save(jobs.folder(base, job.id) / jobs.INPUT_FILE)
    jobs.save(base, job)
    app = current_app._get_current_object()
    jobs.executor(app).submit(jobs.run, app, base, job.id, job.owner)
    return job.id


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
        job_id = _start_job(form.file.data, layout, total, threshold)
        return redirect(url_for("screening.job", job_id=job_id))
    return _upload_page(form), 400 if form.is_submitted() else 200


def _upload_page(form: ScreeningForm) -> str:
    return render_template(
        "screening/upload.html",
        form=form,
        columns=screening.COLUMN_ROLES,
        threshold=default_threshold(),
    )


def _job_or_404(job_id: str) -> jobs.Job:
    job = jobs.load(jobs.jobs_dir(), job_id, _owner())
    if job is None:
        abort(404)
    return job


def _status(job: jobs.Job) -> dict:
    return {
        "state": job.state,
        "file_name": job.file_name,
        "total": job.total,
        "done": job.done,
        "counts": job.counts,
        "message": job.message,
        "result_url": url_for("screening.result", job_id=job.id)
        if job.state == jobs.DONE
        else None,
    }


@bp.get("/screen/<job_id>")
def job(job_id: str):
    """A screening job's progress, then its summary and the download."""
    job = _job_or_404(job_id)
    return render_template(
        "screening/job.html",
        job=job,
        status=_status(job),
        poll_ms=current_app.config["SCREENING_POLL_INTERVAL_MS"],
    )


@bp.get("/screen/<job_id>/status")
def job_status(job_id: str):
    """A screening job's progress as JSON (the results page polls it)."""
    job = jobs.load(jobs.jobs_dir(), job_id, _owner())
    if job is None:
        return error_response(404, "No screening job with this id for this session.")
    return _status(job)


@bp.get("/screen/<job_id>/result.csv")
def result(job_id: str):
    """The screened rows with their matches, as CSV."""
    job = _job_or_404(job_id)
    if job.state != jobs.DONE:
        abort(404)
    stem = Path(job.file_name).stem or "names"
    return send_file(
        jobs.folder(jobs.jobs_dir(), job.id) / jobs.RESULT_FILE,
        mimetype="text/csv",
        as_attachment=True,
        download_name=f"{stem}-screened.csv",
    )
