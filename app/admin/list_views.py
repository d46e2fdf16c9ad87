"""Admin -> Lists: each list's data date and update attempts, and "update now" for editors."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from app.admin import bp
from app.extensions import db
from app.form_choices import choices
from app.services import list_updates
from app.services.audit import Actor
from app.services.list_updates_runner import current_list_dates, run_updates

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
    )


@bp.post("/lists/update")
def update_lists():
    """Download and import one list (or all) now; the outcome is flashed and recorded."""
    form = UpdateNowForm()
    if not form.validate_on_submit():
        flash("That request could not be checked (it may have expired): try again.", "error")
        return redirect(url_for("admin.lists"))
    sources = [] if form.source.data == ALL else [form.source.data]
    for outcome in run_updates(sources, Actor.for_user(current_user)):
        category = "success" if outcome.ok else "error"
        flash(f"{outcome.source}: {outcome.outcome}: {outcome.message}", category)
    return redirect(url_for("admin.lists"))
