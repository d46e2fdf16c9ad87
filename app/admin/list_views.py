"""Admin -> Lists: each list's data date and update attempts, and "update now" for editors."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from app import jobs
from app.admin import bp
from app.extensions import db
from app.form_choices import choices
from app.jobs import list_update_jobs
from app.runners import current_list_dates
from app.services import list_updates

ALL = "all"


class UpdateNowForm(FlaskForm):
    source = SelectField(
        "List",
        choices=choices([(ALL, "All lists"), *((code, code) for code in list_updates.SOURCES)]),
    )
    submit = SubmitField("Update now")


@bp.get("/lists")
def lists():
    """Data date, last update and staleness per list; the latest update attempts."""
    return render_template(
        "admin/lists.html",
        lists=current_list_dates(),
        updates=list_updates.recent_updates(db.session, current_app.config["LIST_UPDATES_SHOWN"]),
        sources=list_updates.SOURCES,
        urls=current_app.config["LIST_SOURCES"],
        form=UpdateNowForm(),
        stale_after=current_app.config["LIST_STALE_AFTER_DAYS"],
        in_progress=list_update_jobs.updates_in_progress(),
    )


@bp.post("/lists/update")
def update_lists():
    """Queue a job that downloads and imports one list (or all); its page shows the
    progress, and every attempt is recorded on the lists page."""
    form = UpdateNowForm()
    if not form.validate_on_submit():
        flash("That request could not be checked (it may have expired): try again.", "error")
        return redirect(url_for("admin.lists"))
    running = list_update_jobs.updates_in_progress()
    if running:
        flash("An update of the lists is already queued or running: here it is.", "info")
        return redirect(url_for("admin.job", job_id=running[0].id))
    sources = [] if form.source.data == ALL else [form.source.data]
    job = jobs.submit(
        list_update_jobs.LIST_UPDATE,
        list_update_jobs.label_for(sources),
        {"sources": sources},
        user_id=current_user.id,
        queued_by=current_user.email,
        total=len(sources or list_updates.SOURCES),
    )
    return redirect(url_for("admin.job", job_id=job.id))
