"""Monitored lists in the admin area (issue 12): saving a run as a monitored list, its
page (rows, when it was last checked and against which list versions, its digests),
a CSV upload of more clients, and each digest with its downloads and webhook attempts.

Analysts and up; an account sees its own lists (an admin any), others' answer 404.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.admin import bp
from app.admin.access import role_required
from app.extensions import db
from app.jobs.monitoring_jobs import queue_baseline, queue_full
from app.models.monitoring import MonitoredList
from app.services import monitor_digests, monitoring
from app.services.monitoring import MonitoringError, MonitorSettings
from app.uploads import UploadRefused, check_csv

ROLE = "analyst"
# Client rows shown on a list's page (the API gives them all).
ROWS_SHOWN = 200


class MonitorForm(FlaskForm):
    """Save a screening run as a monitored list."""

    screening_id = HiddenField(validators=[DataRequired(), Length(max=40)])
    name = StringField("Name of the list", validators=[DataRequired(), Length(max=200)])
    webhook_url = StringField("Webhook URL (optional)", validators=[Optional(), Length(max=2000)])
    webhook_secret = PasswordField(
        "Webhook secret (optional; signs each delivery)", validators=[Optional(), Length(max=200)]
    )
    submit = SubmitField("Monitor this list")


class RowsUploadForm(FlaskForm):
    file = FileField(
        "CSV file of clients (name, and optionally reference, birth date, country)",
        validators=[FileRequired(message="Choose a CSV file.")],
    )
    submit = SubmitField("Add these clients")


class RemoveRowForm(FlaskForm):
    """A POST with its CSRF token and nothing else (remove a row, re-screen in full)."""

    submit = SubmitField("Remove")


def _settings() -> MonitorSettings:
    return MonitorSettings.from_config(current_app.config)


def _own(list_id: int) -> MonitoredList:
    monitored = monitoring.visible_list(db.session, current_user, list_id)
    if monitored is None:
        abort(404)
    return monitored


@bp.get("/monitored-lists")
@role_required(ROLE)
def monitored_lists():
    """The account's monitored lists."""
    lists = monitoring.lists_of(db.session, current_user)
    counts = {m.id: monitoring.row_count(db.session, m.id) for m in lists}
    return render_template("admin/monitoring/lists.html", lists=lists, counts=counts)


@bp.route("/monitored-lists/new", methods=["GET", "POST"])
@role_required(ROLE)
def new_monitored_list():
    """The form that saves a screening run as a monitored list ("Monitor this list")."""
    form = MonitorForm()
    if request.method == "GET":
        form.screening_id.data = request.args.get("screening_id", "")[:40]
        form.name.data = form.name.data or "Clients"
        return render_template("admin/monitoring/new.html", form=form)
    if not form.validate_on_submit():
        return render_template("admin/monitoring/new.html", form=form), 400
    try:
        monitored = monitoring.create_from_run(
            db.session,
            current_user,
            name=form.name.data,
            screening_id=form.screening_id.data,
            webhook_url=form.webhook_url.data or None,
            webhook_secret=form.webhook_secret.data or None,
            settings=_settings(),
        )
    except MonitoringError as error:
        db.session.rollback()
        target = {"webhook_url": form.webhook_url, "webhook_secret": form.webhook_secret}.get(
            error.field, form.name
        )
        target.errors = [*target.errors, error.message]
        status = 404 if error.status == 404 else 400
        return render_template("admin/monitoring/new.html", form=form), status
    queue_baseline(monitored.id, monitored.name, current_user.id)
    flash(f"“{monitored.name}” is monitored: every import that changes it is a digest.", "success")
    return redirect(url_for("admin.monitored_list", list_id=monitored.id))


@bp.get("/monitored-lists/<int:list_id>")
@role_required(ROLE)
def monitored_list(list_id: int):
    """A monitored list: last check and list versions, digests, rows, CSV upload."""
    monitored = _own(list_id)
    settings = _settings()
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 7 and int(page) > 0 else 1
    size = settings.digests_page_size
    digests, total = monitor_digests.digests_of(db.session, monitored, size, (page - 1) * size)
    return render_template(
        "admin/monitoring/list.html",
        monitored=monitored,
        digests=digests,
        total=total,
        page=page,
        pages=max(1, -(-total // size)),
        rows=monitored.rows[:ROWS_SHOWN],
        row_total=monitoring.row_count(db.session, monitored.id),
        rows_shown=ROWS_SHOWN,
        upload=RowsUploadForm(),
        remove=RemoveRowForm(),
    )


@bp.post("/monitored-lists/<int:list_id>/rows")
@role_required(ROLE)
def upload_monitored_rows(list_id: int):
    """Add the clients of an uploaded CSV file (all or none)."""
    monitored = _own(list_id)
    form = RowsUploadForm()
    target = url_for("admin.monitored_list", list_id=monitored.id)
    if not form.validate_on_submit():
        for error in form.file.errors:
            flash(str(error), "error")
        return redirect(target)
    upload = form.file.data
    try:
        check_csv("file", upload)
        data = upload.stream.read(current_app.config["SCREENING_MAX_UPLOAD_BYTES"] + 1)
        if len(data) > current_app.config["SCREENING_MAX_UPLOAD_BYTES"]:
            raise MonitoringError("file", "the file is larger than SCREENING_MAX_UPLOAD_BYTES")
        settings = _settings()
        added = monitoring.add_rows(
            db.session, monitored, monitoring.csv_rows(data, settings), settings
        )
    except (UploadRefused, MonitoringError) as error:
        db.session.rollback()
        flash(f"Nothing was added: {getattr(error, 'message', error)}", "error")
        return redirect(target)
    queue_baseline(monitored.id, monitored.name, current_user.id)
    flash(f"{len(added)} client(s) added; they are screened against the lists now.", "success")
    return redirect(target)


@bp.post("/monitored-lists/<int:list_id>/rows/<int:row_id>/remove")
@role_required(ROLE)
def remove_monitored_row(list_id: int, row_id: int):
    """Remove one client from the list."""
    monitored = _own(list_id)
    if RemoveRowForm().validate_on_submit():
        removed = monitoring.remove_rows(db.session, monitored, [row_id], None, _settings())
        flash("Client removed." if removed else "That client was not on the list.", "info")
    return redirect(url_for("admin.monitored_list", list_id=monitored.id))


@bp.post("/monitored-lists/<int:list_id>/rescreen")
@role_required(ROLE)
def rescreen_monitored_list(list_id: int):
    """Queue a full re-screen of the list against the whole database."""
    monitored = _own(list_id)
    if RemoveRowForm().validate_on_submit():
        queue_full(monitored.id, monitored.name, current_user.id)
        flash("The full re-screen is queued; a digest appears here if anything is new.", "info")
    return redirect(url_for("admin.monitored_list", list_id=monitored.id))


def _digest(list_id: int, digest_id: int):  # noqa: ANN202
    monitored = _own(list_id)
    digest = monitor_digests.find_digest(db.session, monitored, digest_id)
    if digest is None:
        abort(404)
    return monitored, digest


@bp.get("/monitored-lists/<int:list_id>/digests/<int:digest_id>")
@role_required(ROLE)
def monitored_digest(list_id: int, digest_id: int):
    """One alert digest: new hits, changed hits, delistings, webhook attempts."""
    monitored, digest = _digest(list_id, digest_id)
    return render_template(
        "admin/monitoring/digest.html",
        monitored=monitored,
        digest=digest,
        document=monitor_digests.digest_document(digest),
        deliveries=monitor_digests.deliveries_of(db.session, digest),
        sections=(
            ("new_hits", "New hits"),
            ("changed_hits", "Changed hits"),
            ("delisted", "Delisted"),
        ),
    )


def _download(body: str | bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.get("/monitored-lists/<int:list_id>/digests/<int:digest_id>.json")
@role_required(ROLE)
def monitored_digest_json(list_id: int, digest_id: int):
    """The digest as JSON (the document the API and the webhook give)."""
    _monitored, digest = _digest(list_id, digest_id)
    body = monitor_digests.digest_body_bytes(digest)
    return _download(body, "application/json", f"digest-{digest.id}.json")


@bp.get("/monitored-lists/<int:list_id>/digests/<int:digest_id>.csv")
@role_required(ROLE)
def monitored_digest_csv(list_id: int, digest_id: int):
    """The digest as CSV, one line per hit."""
    _monitored, digest = _digest(list_id, digest_id)
    body = "\ufeff" + monitor_digests.digest_csv(digest)
    return _download(body.encode("utf-8"), "text/csv; charset=utf-8", f"digest-{digest.id}.csv")
