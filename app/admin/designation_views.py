"""Data entry: list, create, edit, delist and re-list designations."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from app.admin import bp
from app.admin import designation_merge as merging
from app.admin.access import json_view, role_required
from app.admin.designation_form import DesignationForm
from app.admin.designation_merge import form_data, stored_countries
from app.admin.forms import IMPORT_FORMATS, DelistForm, RelistForm
from app.extensions import db
from app.runners import run_search, settings
from app.services import designation_edits as edits
from app.services import designations as designation_service
from app.services.audit import Actor
from app.services.search import SearchFilters

SAVE_FAILED = (
    "The database could not save this just now; nothing was changed. "
    "Your input is kept below: try again in a moment."
)


def _actor() -> Actor:
    return Actor.for_user(current_user)


def _program_choices() -> list[tuple[str, str]]:
    return [(p.code, p.label) for p in designation_service.programs(db.session)]


def _designation_form(**kwargs) -> DesignationForm:
    form = DesignationForm(**kwargs)
    form.bind_programs(_program_choices())
    return form


def _version(value: str | None) -> int | None:
    # ASCII digits only ("²".isdigit() is true too), and within the database's integers.
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def _apply_edit_error(form: DesignationForm, error: edits.EditError) -> None:
    form.form_errors.append(error.message)


def _link_candidates(form: DesignationForm) -> dict[int, list]:
    """Designations matching each link row's name (the no-JavaScript way to choose one)."""
    found = {}
    for index, row in enumerate(form.links):
        name = (row.form.target_name.data or "").strip()
        if name and row.form.target_id.data is None:
            found[index] = _search(name, limit=current_app.config["LINK_CANDIDATES_PER_ROW"])
    return found


def _search(name: str, limit: int) -> list:
    results = run_search(name, SearchFilters(status="all"))
    return results.hits[:limit]


def possible_duplicates(form: DesignationForm, exclude: int | None = None) -> list:
    """Existing designations whose names match any name of the form, best first."""
    limit = current_app.config["DUPLICATE_CHECK_MAX_RESULTS"]
    names = [form.primary_name.data or ""] + [r.full_name.data or "" for r in form.rows("names")]
    best: dict[int, object] = {}
    for name in names:
        for hit in _search(name.strip(), limit) if name.strip() else []:
            if hit.designation_id == exclude:
                continue
            if hit.designation_id not in best or hit.score > best[hit.designation_id].score:
                best[hit.designation_id] = hit
    return sorted(best.values(), key=lambda h: -h.score)[:limit]


def _render_form(form: DesignationForm, designation=None, status: int = 200, **extra):  # noqa: ANN001
    return render_template(
        "admin/designation_form.html",
        form=form,
        designation=designation,
        link_candidates=extra.pop("link_candidates", {}),
        **extra,
    ), status


@bp.get("/")
@role_required("analyst")
def home():
    """The admin start page."""
    return render_template("admin/home.html", import_formats=IMPORT_FORMATS)


@bp.get("/designations")
def designations():
    """Find a designation to edit, by name (any status) or the most recent ones."""
    query = (request.args.get("q") or "").strip()[: current_app.config["SEARCH_MAX_QUERY_LENGTH"]]
    hits = _search(query, current_app.config["SEARCH_PAGE_SIZE"]) if query else []
    recent = (
        []
        if query
        else designation_service.browse(
            db.session,
            page=1,
            per_page=current_app.config["SEARCH_PAGE_SIZE"],
            sort="newest",
            status=None,
        ).items
    )
    return render_template("admin/designations.html", query=query, hits=hits, recent=recent)


@bp.get("/designations/lookup")
@json_view
def lookup():
    """JSON: designations matching ?q= (to choose a link target)."""
    query = (request.args.get("q") or "").strip()[: current_app.config["SEARCH_MAX_QUERY_LENGTH"]]
    hits = _search(query, current_app.config["LINK_LOOKUP_MAX_RESULTS"]) if query else []
    return {
        "results": [
            {"id": h.designation_id, "name": h.primary_name, "score": round(h.score, 3)}
            for h in hits
        ]
    }


@bp.route("/designations/new", methods=["GET", "POST"])
def new_designation():
    """Create a designation; possible duplicates are shown before it is saved."""
    form = _designation_form()
    if request.method == "GET":
        return _render_form(form)
    if form.group_action():
        form.bind_programs(_program_choices())
        return _render_form(form)
    if form.find_links.data:
        return _render_form(form, link_candidates=_link_candidates(form))
    if not form.validate(rules=settings().rules):
        return _render_form(form, status=400)
    if not form.save_anyway.data:
        duplicates = possible_duplicates(form)
        if duplicates:
            return _render_form(form, duplicates=duplicates)
    try:
        designation = edits.create_designation(db.session, form.to_record(), _actor())
    except edits.EditError as error:
        _apply_edit_error(form, error)
        return _render_form(form, status=400)
    except SQLAlchemyError:
        current_app.logger.exception("Saving a new designation failed")
        form.form_errors.append(SAVE_FAILED)
        return _render_form(form, status=503)
    flash(f"Saved {designation.primary_name} (record {designation.id}).", "success")
    return redirect(url_for("admin.edit_designation", designation_id=designation.id))


def _load(designation_id: int):  # noqa: ANN202
    designation = designation_service.get_designation(db.session, designation_id)
    if designation is None:
        abort(404)
    return designation


@bp.route("/designations/<int:designation_id>/edit", methods=["GET", "POST"])
def edit_designation(designation_id: int):
    """Edit a designation; a concurrent save by someone else shows a conflict page."""
    designation = _load(designation_id)
    if request.method == "GET":
        data = form_data(designation)
        form = _designation_form(data={**data, "base": merging.encode_base(data)})
        form.known_countries = stored_countries(designation)
        return _render_form(form, designation)
    form = _designation_form()
    form.known_countries = stored_countries(designation)
    if form.group_action():
        form.bind_programs(_program_choices())
        return _render_form(form, designation)
    if form.find_links.data:
        return _render_form(form, designation, link_candidates=_link_candidates(form))
    version = _version(form.version.data)
    if version is None:
        form.form_errors.append("The form lost track of the record's version: reload the page.")
        return _render_form(form, designation, status=400)
    if not form.validate(rules=settings().rules):
        return _render_form(form, designation, status=400)
    try:
        edits.update_designation(db.session, designation_id, form.to_record(), version, _actor())
    except edits.EditConflict as conflict:
        return _render_conflict(form, conflict.current)
    except edits.EditError as error:
        _apply_edit_error(form, error)
        return _render_form(form, _load(designation_id), status=400)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Saving designation %s failed", designation_id)
        form.form_errors.append(SAVE_FAILED)
        return _render_form(form, _load(designation_id), status=503)
    flash("Saved.", "success")
    return redirect(url_for("admin.edit_designation", designation_id=designation_id))


def _render_conflict(form: DesignationForm, current):  # noqa: ANN001
    """The three versions of each changed field, and the merged form to check and save."""
    theirs = form_data(current)
    merged, fields = merging.merge(
        merging.decode_base(form.base.data), theirs, merging.submitted_data(form)
    )
    merged_form = _designation_form(
        formdata=None,
        data={**merged, "version": str(current.version), "base": merging.encode_base(theirs)},
    )
    merged_form.known_countries = stored_countries(current) | form.known_countries
    labels = {key: getattr(form, key).label.text for key in merging.MERGED}
    return render_template(
        "admin/conflict.html",
        form=merged_form,
        designation=current,
        fields=fields,
        labels=labels,
        shown=merging.shown,
        link_candidates={},
    ), 409


@bp.route("/designations/<int:designation_id>/delist", methods=["GET", "POST"])
def delist(designation_id: int):
    """Delist: a date, a reason and a reference; the record stays, its measures end."""
    form = DelistForm()
    return _change_status(
        designation_id,
        form,
        "admin/delist.html",
        lambda version: edits.delist(
            db.session,
            designation_id,
            version,
            form.delisted_on.data,
            form.reason.data.strip(),
            form.reference.data.strip(),
            _actor(),
        ),
        "Delisted. The record stays public with its measures ended.",
    )


@bp.route("/designations/<int:designation_id>/relist", methods=["GET", "POST"])
def relist(designation_id: int):
    """Re-list a delisted designation: active again, with its measures."""
    form = RelistForm()
    return _change_status(
        designation_id,
        form,
        "admin/relist.html",
        lambda version: edits.relist(
            db.session, designation_id, version, (form.note.data or "").strip(), _actor()
        ),
        "Re-listed.",
    )


def _change_status(
    designation_id: int,
    form: DelistForm | RelistForm,
    template: str,
    apply: Callable[[int], object],
    done: str,
):
    """The confirm step shared by delist and re-list: the page carries the version it showed,
    so a change made meanwhile by someone else is a conflict, not an overwrite."""
    designation = _load(designation_id)
    if request.method == "GET":
        form.version.data = str(designation.version)
    elif form.validate_on_submit():
        try:
            apply(_version(form.version.data) or 0)
        except edits.EditConflict as conflict:
            form.version.data = str(conflict.current.version)
            form.form_errors.append(
                "Someone changed this designation since you opened this page. "
                "Check the record, then confirm again."
            )
            return render_template(template, form=form, d=conflict.current), 409
        except edits.EditError as error:
            form.form_errors.append(error.message)
            return render_template(template, form=form, d=_load(designation_id)), 400
        flash(done, "success")
        return redirect(url_for("admin.edit_designation", designation_id=designation_id))
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, d=designation), status
