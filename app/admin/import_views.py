"""Imports from the browser: upload, preview what would change, confirm or cancel.

Reading a list and applying it can take a minute (the full OFAC list), so both run as
background jobs (app.jobs.import_jobs): the preview page shows the preview job's
progress until it is done, and confirming queues the import and shows its job page.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app import jobs
from app.admin import bp, uploads
from app.admin.forms import ConfirmForm, ImportForm
from app.jobs import import_jobs
from app.jobs.files import new_token
from app.models.job import CANCELLED, DONE, FAILED
from app.uploads import UploadRefused

GONE = "That upload is no longer waiting: upload the file again."


@bp.errorhandler(413)
def upload_too_large(error):  # noqa: ANN001
    limit = current_app.config["MAX_CONTENT_LENGTH"] or 0
    return render_template("admin/too_large.html", limit_mb=limit / (1024 * 1024)), 413


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    """Upload a list file; nothing changes until the preview is confirmed."""
    form = ImportForm()
    if form.validate_on_submit():
        try:
            files = uploads.checked_files(form)
        except UploadRefused as refused:
            form[refused.field].errors = [refused.message]
            return render_template("admin/imports.html", form=form), 400
        token = uploads.save(form.format.data, files, current_user.id)
        pending = import_jobs.load_pending(jobs.upload_store(), token)
        job_id = new_token()
        import_jobs.note_job(current_app, token, "preview_job", job_id)
        jobs.submit(
            import_jobs.PREVIEW,
            f"Preview {pending.format}: {pending.description}",
            {"token": token, "format": pending.format, "files": pending.files},
            job_id=job_id,
            user_id=current_user.id,
            queued_by=current_user.email,
        )
        return redirect(url_for("admin.import_preview", token=token))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/imports.html", form=form), status


def _pending(token: str) -> import_jobs.PendingUpload | None:
    pending = import_jobs.load_pending(jobs.upload_store(), token)
    if pending is None or pending.user_id != current_user.id:
        return None
    return pending


@bp.get("/imports/<token>")
def import_preview(token: str):
    """What the upload would create and update, with its row errors (once read)."""
    pending = _pending(token)
    preview_job = jobs.find(pending.meta.get("preview_job", "")) if pending else None
    if pending is None or preview_job is None:
        flash(GONE, "error")
        return redirect(url_for("admin.imports"))
    if pending.meta.get("import_job"):
        return redirect(url_for("admin.job", job_id=pending.meta["import_job"]))
    if preview_job.state == FAILED:
        form = ImportForm()
        form.form_errors.append(preview_job.error or "The file could not be read.")
        return render_template("admin/imports.html", form=form), 400
    if preview_job.state == CANCELLED:
        flash("The preview was cancelled; nothing was changed.", "info")
        return redirect(url_for("admin.imports"))
    return render_template(
        "admin/import_preview.html",
        pending=pending,
        job=preview_job,
        status=jobs.status(preview_job),
        preview=preview_job.result if preview_job.state == DONE else None,
        form=ConfirmForm(),
        poll_ms=current_app.config["JOBS_POLL_INTERVAL_MS"],
    )


@bp.post("/imports/<token>/confirm")
def import_confirm(token: str):
    """Queue the previewed upload's import (one transaction), or cancel it."""
    form = ConfirmForm()
    pending = _pending(token)
    if pending is None or not form.validate_on_submit() or pending.meta.get("discarded"):
        flash(GONE, "error")
        return redirect(url_for("admin.imports"))
    preview_job = jobs.find(pending.meta.get("preview_job", ""))
    if form.cancel.data:
        if preview_job is not None:
            jobs.cancel(preview_job)
        jobs.upload_store().discard(token)
        flash("Import cancelled; nothing was changed.", "info")
        return redirect(url_for("admin.imports"))
    if pending.meta.get("import_job"):
        return redirect(url_for("admin.job", job_id=pending.meta["import_job"]))
    if preview_job is None or preview_job.state != DONE:
        flash("The preview is not ready yet: confirm once it shows what would change.", "error")
        return redirect(url_for("admin.import_preview", token=token))
    job_id = new_token()
    import_jobs.note_job(current_app, token, "import_job", job_id)
    jobs.submit(
        import_jobs.IMPORT,
        f"Import {pending.format}: {pending.description}",
        {"token": token, "format": pending.format, "files": pending.files},
        job_id=job_id,
        user_id=current_user.id,
        queued_by=current_user.email,
    )
    return redirect(url_for("admin.job", job_id=job_id))
