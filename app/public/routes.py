"""Public pages. Read only: every query goes through app.services."""

from __future__ import annotations

from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_from_directory,
    stream_with_context,
    url_for,
)
from markupsafe import Markup

from app.errors import error_response, wants_json
from app.extensions import db
from app.models import MEASURE_TYPES, measure_label
from app.models.designation import KINDS
from app.public import bp
from app.public.forms import SearchForm, choices
from app.runners import default_threshold, run_search
from app.services import audit as audit_service
from app.services import comparison as comparison_service
from app.services import designations as designation_service
from app.services import exports, identifier_search, identifiers, search_export, subject_view
from app.services.as_of import listed_hits
from app.services.lists import list_info, list_name
from app.services.programs import INDIVIDUAL_ONLY_MEASURES, magnitsky_programs
from app.services.search import SearchFilters


@bp.app_template_filter("measure_badges")
def measure_badges(measures) -> list[dict]:
    """Measures as badges: one per (jurisdiction, measure), with all their programs."""
    return subject_view.measure_badges(measures)


@bp.app_template_global("list_name")
def list_name_global(code: str) -> str:
    """A list's name ("UK Sanctions List") from its code."""
    return list_name(code)


def _int_arg(name: str, default: int, minimum: int = 1, maximum: int = 1_000_000) -> int:
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, minimum), maximum)


@bp.get("/favicon.ico")
def favicon():
    """The site's icon, where browsers look for it, cached for long."""
    return send_from_directory(
        current_app.static_folder,
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=current_app.config["FAVICON_MAX_AGE_SECONDS"],
    )


@bp.get("/about")
def about():
    """What the app is, where its data comes from, under which licences."""
    return render_template("public/about.html")


@bp.get("/designations")
def browse():
    """List designations, paginated and sortable."""
    sort = request.args.get("sort", "name")
    if sort not in designation_service.BROWSE_SORTS:
        sort = "name"
    kind = request.args.get("kind") or None
    if kind not in (None, *KINDS):
        kind = None
    status = request.args.get("status", "active")
    if status not in ("active", "delisted", "all"):
        status = "active"
    program = (request.args.get("program") or "").strip()[:64] or None
    page = designation_service.browse(
        db.session,
        page=_int_arg("page", 1),
        per_page=current_app.config["BROWSE_PAGE_SIZE"],
        sort=sort,
        program=program,
        kind=kind,
        status=None if status == "all" else status,
    )
    return render_template(
        "public/browse.html",
        page=page,
        sort=sort,
        kind=kind,
        status=status,
        program=program,
        kinds=KINDS,
        programs=designation_service.programs(db.session),
    )


def _designation_url(designation_id: int) -> str:
    return url_for("public.designation_detail", designation_id=designation_id, _external=True)


def _prefers_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@bp.get("/designations/<int:designation_id>.json")
def designation_json(designation_id: int):
    """One designation as JSON (the API's record)."""
    designation = designation_service.get_designation(db.session, designation_id)
    if designation is None:
        return error_response(404, f"No designation with id {designation_id}.")
    return subject_view.designation_with_subject(db.session, designation, _designation_url)


@bp.get("/designations/<int:designation_id>")
def designation_detail(designation_id: int):
    """Everything known about one designation (JSON when the client asks for it)."""
    if _prefers_json():
        response = make_response(designation_json(designation_id))
        response.headers["Vary"] = "Accept"
        return response
    designation = designation_service.get_designation(db.session, designation_id)
    if designation is None:
        abort(404)
    members = subject_view.subject_members(db.session, designation)
    return render_template(
        "public/detail.html",
        d=designation,
        members=members,
        subject=subject_view.subject_dict(db.session, members, _designation_url),
        fact_labels=subject_view.FACT_LABELS,
        list_info=list_info,
        history=audit_service.public_history(db.session, designation_id),
    )


def _search_form() -> SearchForm:
    form = SearchForm(request.args, meta={"csrf": False})
    form.program.choices = choices(
        [("", "Any program")]
        + [(p.code, p.label) for p in designation_service.programs(db.session)]
    )
    grid = [
        (f"{jurisdiction}:{measure_type}", f"{jurisdiction} {measure_label(measure_type).lower()}")
        for jurisdiction, measure_type in designation_service.measure_kinds(db.session)
    ]
    form.has.choices = choices([("", "Any"), *grid])
    form.lacks.choices = choices([("", "Nothing excluded"), *grid])
    return form


def _grid_choice(value: str | None) -> tuple[tuple[str, str], ...]:
    jurisdiction, _, measure_type = (value or "").partition(":")
    if jurisdiction and measure_type in MEASURE_TYPES:
        return ((jurisdiction, measure_type),)
    return ()


def _threshold(form: SearchForm) -> float:
    if form.min_score.data is not None and not form.min_score.errors:
        return float(form.min_score.data)
    return default_threshold()


@bp.get("/")
def home():
    """The search box, and what the database holds."""
    form = _search_form()
    return render_template(
        "public/home.html",
        form=form,
        overview=designation_service.overview(db.session),
        measure_label=measure_label,
        individual_only=INDIVIDUAL_ONLY_MEASURES,
        threshold=default_threshold(),
    )


SEARCH_FORMATS = ("html", "csv", "json", "jsonl")


def _invalid_search(form: SearchForm, output: str):
    """A search the form refuses: 400, as JSON for a download, else the page with its errors."""
    if output != "html":
        return error_response(400, "Invalid search.", fields=form.errors)
    return render_template(
        "public/search.html", form=form, results=None, threshold=default_threshold(), searched=True
    ), 400


@bp.get("/search")
def search():
    """Search results for a name; ?format=csv, json or jsonl downloads them."""
    form = _search_form()
    output = request.args.get("format") or "html"
    if output not in SEARCH_FORMATS:
        message = f"format must be one of {', '.join(SEARCH_FORMATS)}, not {output[:20]!r}."
        if wants_json():
            return error_response(400, message, parameter="format")
        return render_template("error.html", status=400, message=message), 400
    if request.args.get("id_number", "").strip():
        return _search_by_identifier(form, output)
    if not request.args.get("q", "").strip():
        if output != "html":
            return error_response(400, "Type a name to search for.", fields={"q": ["required"]})
        return render_template(
            "public/search.html",
            form=form,
            results=None,
            threshold=default_threshold(),
            searched=False,
        )
    if not form.validate():
        return _invalid_search(form, output)
    threshold = _threshold(form)
    day = _as_of(form)
    results = run_search(
        query=form.q.data.strip(),
        filters=SearchFilters(
            status=form.status.data or "active",
            kind=form.kind.data or None,
            program=form.program.data or None,
            jurisdiction=form.jurisdiction.data or None,
            measure=form.measure.data or None,
            birth_year=form.birth_year.data,
            country=(form.country.data or "").strip() or None,
            has_measures=_grid_choice(form.has.data),
            lacks_measures=_grid_choice(form.lacks.data),
        ),
        threshold=threshold,
        sort=form.sort.data or "score",
    )
    past = {}
    if day is not None:
        results.hits, past = listed_hits(db.session, results.hits, day)
    url_for_id = lambda i: url_for("public.designation_detail", designation_id=i, _external=True)  # noqa: E731
    if output in ("csv", "json", "jsonl"):
        records = search_export.results_dicts(db.session, results, results.hits, url_for_id)
        if output == "jsonl":
            return _download(exports.jsonl_lines(records), "sanctions-search.jsonl")
        if output == "json":
            return {
                "query": results.query,
                "total": results.total,
                "threshold": results.threshold,
                "filters": results.filters.describe(),
                "results": records,
            } | ({"as_of": day.isoformat()} if day else {})
        response = Response(
            stream_with_context(search_export.csv_lines(records)), mimetype="text/csv"
        )
        response.headers["Content-Disposition"] = 'attachment; filename="sanctions-search.csv"'
        return response
    per_page = current_app.config["SEARCH_PAGE_SIZE"]
    page = _int_arg("page", 1, maximum=max(1, -(-results.total // per_page)))
    page_hits = results.hits[(page - 1) * per_page : page * per_page]
    # "Other people with this name": for a surname alone, or when the matches fit a page.
    near = results.near_misses if search_export.shows_near(results, per_page) else []
    designations = search_export.load_designations(db.session, [*page_hits, *near])
    linked_of = {
        hit.designation_id: [designations[i] for i in hit.subject_ids[1:] if i in designations]
        for hit in [*page_hits, *near]
    }
    return render_template(
        "public/search.html",
        form=form,
        results=results,
        page_hits=page_hits,
        near=near,
        designations=designations,
        linked_of=linked_of,
        page=page,
        pages=max(1, -(-results.total // per_page)),
        threshold=threshold,
        searched=True,
        as_of=day,
        past=past,
    )


def _as_of(form: SearchForm) -> date | None:
    """The as_of day (what was listed then, as the API's as_of=): delisted since is
    included unless a status is asked for."""
    day = form.as_of.data
    if day is not None and not request.args.get("status"):
        form.status.data = "all"
    return day


def _search_by_identifier(form: SearchForm, output: str):
    """Issue 17: subjects holding the number first, then (with a name) the name's matches."""
    id_hits = []
    if form.validate():
        _as_of(form)
        try:
            id_hits = identifiers.find_by_identifier(
                db.session,
                form.id_number.data.strip(),
                (form.id_country.data or "").strip() or None,
                status=None if form.status.data == "all" else (form.status.data or "active"),
                kind=form.kind.data or None,
                program=form.program.data or None,
                jurisdiction=form.jurisdiction.data or None,
            )
        except identifiers.IdentifierQueryError as error:
            form.id_number.errors = [str(error)[0].upper() + str(error)[1:] + "."]
    if form.errors:
        return _invalid_search(form, output)
    query = (form.q.data or "").strip()
    threshold = _threshold(form)
    results = None
    if query:
        results = run_search(
            query=query,
            filters=SearchFilters(
                status=form.status.data or "active",
                kind=form.kind.data or None,
                program=form.program.data or None,
                jurisdiction=form.jurisdiction.data or None,
                country=(form.country.data or "").strip() or None,
                birth_year=form.birth_year.data,
            ),
            threshold=threshold,
            sort=form.sort.data or "score",
        )
    day = form.as_of.data
    if day is not None:
        id_hits, _past = listed_hits(db.session, id_hits, day)
        if results:
            results.hits, _past = listed_hits(db.session, results.hits, day)
    name_hits = results.hits[: current_app.config["SEARCH_PAGE_SIZE"]] if results else []
    records = identifier_search.combined_results(
        db.session, id_hits, results, name_hits, _designation_url
    )
    if output in ("json", "jsonl"):
        if output == "jsonl":
            return _download(exports.jsonl_lines(records), "sanctions-search.jsonl")
        return {
            "query": query or None,
            "id_number": form.id_number.data.strip(),
            "total": len(records),
            "results": records,
        } | ({"as_of": day.isoformat()} if day else {})
    return render_template(
        "public/search_by_identifier.html",
        form=form,
        records=records,
        query=query,
        threshold=threshold,
        searched=True,
    )


JSONL_MIMETYPE = "application/jsonl"


def _download(lines, file_name: str) -> Response:
    mimetype = "text/csv" if file_name.endswith(".csv") else JSONL_MIMETYPE
    response = Response(stream_with_context(lines), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@bp.get("/compare")
def compare_lists():
    """The Magnitsky-law lists side by side: counts, overlaps, differences, per year."""
    comparison = comparison_service.compare_lists(db.session)
    return render_template(
        "public/compare.html",
        c=comparison,
        chart=Markup(comparison_service.chart_svg(comparison)),
        colours=comparison_service.CHART_COLOURS,
        programs=magnitsky_programs(),
    )
