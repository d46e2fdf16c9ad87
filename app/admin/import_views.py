"""Imports from the browser: upload, preview what would change, confirm or cancel."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from app.admin import bp, uploads
from app.admin.forms import ConfirmForm, ImportForm
from app.admin.uploads import UploadRefused
from app.runners import preview_import, run_import
from app.services.audit import Actor
from app.services.importing.errors import SourceFileError

# Form field -> the name the OFAC reader expects in its folder.
OFAC_FILES = {"sdn": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}


def _uploads_dir() -> Path:
    configured = current_app.config.get("IMPORT_UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def _given(upload: FileStorage | None) -> bool:
    return upload is not None and bool(upload.filename)


# Single-file formats: the file's stored name and how it is checked before the preview.
SINGLE_FILES = {
    "un-xml": ("un-consolidated.xml", uploads.check_xml),
    "uk-csv": ("uk-sanctions-list.csv", uploads.check_csv),
    "uk-ods": ("uk-sanctions-list.ods", uploads.check_ods),
    "canada-xml": ("canada-sema.xml", uploads.check_xml),
}


def _checked_files(form: ImportForm) -> dict[str, FileStorage]:
    """The uploads to keep, by stored name; UploadRefused names what is wrong."""
    if form.format.data in SINGLE_FILES:
        stored_name, check = SINGLE_FILES[form.format.data]
        if not _given(form.list_file.data):
            raise UploadRefused("list_file", f"Choose the list's {Path(stored_name).suffix} file.")
        check("list_file", form.list_file.data)
        return {stored_name: form.list_file.data}
    if not _given(form.sdn.data):
        raise UploadRefused("sdn", "Choose sdn.csv: it holds the list itself.")
    files = {}
    for field_name, stored_name in OFAC_FILES.items():
        upload = form[field_name].data
        if _given(upload):
            uploads.check_csv(field_name, upload)
            files[stored_name] = upload
    return files


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
            files = _checked_files(form)
        except UploadRefused as refused:
            form[refused.field].errors = [refused.message]
            return render_template("admin/imports.html", form=form), 400
        base = _uploads_dir()
        uploads.discard_stale(base, current_app.config["IMPORT_UPLOAD_MAX_AGE_SECONDS"])
        token = uploads.save(base, form.format.data, files, current_user.id)
        return redirect(url_for("admin.import_preview", token=token))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/imports.html", form=form), status


def _pending(token: str) -> uploads.PendingUpload | None:
    return uploads.load(_uploads_dir(), token, current_user.id)


@bp.get("/imports/<token>")
def import_preview(token: str):
    """What the upload would create and update, with its row errors."""
    pending = _pending(token)
    if pending is None:
        flash("That upload is no longer waiting: upload the file again.", "error")
        return redirect(url_for("admin.imports"))
    try:
        preview = preview_import(pending.format, pending.path)
    except SourceFileError as error:
        uploads.discard(_uploads_dir(), token)
        form = ImportForm()
        form.form_errors.append(f"The file was refused, nothing was changed: {error}")
        return render_template("admin/imports.html", form=form), 400
    return render_template(
        "admin/import_preview.html",
        pending=pending,
        preview=preview,
        form=ConfirmForm(),
        max_rows=current_app.config["IMPORT_PREVIEW_MAX_ROWS"],
    )


@bp.post("/imports/<token>/confirm")
def import_confirm(token: str):
    """Apply the previewed upload in one transaction (or cancel it)."""
    form = ConfirmForm()
    pending = _pending(token)
    if pending is None or not form.validate_on_submit():
        flash("That upload is no longer waiting: upload the file again.", "error")
        return redirect(url_for("admin.imports"))
    if form.cancel.data:
        uploads.discard(_uploads_dir(), token)
        flash("Import cancelled; nothing was changed.", "info")
        return redirect(url_for("admin.imports"))
    try:
        summary = run_import(
            pending.format,
            pending.path,
            actor=Actor.for_user(current_user),
            file_name=pending.description,
        )
    except SourceFileError as error:
        uploads.discard(_uploads_dir(), token)
        flash(f"The file was refused, nothing was changed: {error}", "error")
        return redirect(url_for("admin.imports"))
    uploads.discard(_uploads_dir(), token)
    flash(
        f"Imported {summary.source}: created {summary.created}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, skipped {summary.skipped}.",
        "success",
    )
    return redirect(url_for("admin.audit_trail", action="import"))
