"""Public pages. Read only: every query goes through app.services."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from markupsafe import Markup

from app.api import params
from app.errors import error_response
from app.extensions import db
from app.models import MEASURE_TYPES, measure_label
from app.models.designation import KINDS
from app.public import bp
from app.public.forms import SearchForm, choices
from app.runners import default_threshold, run_search
from app.services import audit as audit_service
from app.services import comparison as comparison_service
from app.services import designations as designation_service
from app.services import exports, search_export
from app.services.programs import magnitsky_programs
from app.services.search import SearchFilters


def _int_arg(name: str, default: int, minimum: int = 1, maximum: int = 1_000_000) -> int:
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, minimum), maximum)


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
    return designation_service.designation_dict(designation, _designation_url(designation.id))


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
    linked = designation_service.linked_designations(db.session, designation)
    return render_template(
        "public/detail.html",
        d=designation,
        linked=linked,
        grid=search_export.sanctions_grid([designation, *linked]),
        history=audit_service.public_history(db.session, designation_id),
    )


def _search_form() -> SearchForm:
    form = SearchForm(request.args, meta={"csrf": False})
    form.program.choices = choices(
        [("", "Any program")]
        + [(p.code, f"{p.code} — {p.name}") for p in designation_service.programs(db.session)]
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
        threshold=default_threshold(),
    )


@bp.get("/search")
def search():
    """Search results for a name; ?format=csv, json or jsonl downloads them."""
    form = _search_form()
    output = request.args.get("format", "html")
    if not request.args.get("q", "").strip():
        return render_template(
            "public/search.html",
            form=form,
            results=None,
            threshold=default_threshold(),
            searched=False,
        )
    if not form.validate():
        if output != "html":
            return error_response(400, "Invalid search.", fields=form.errors)
        return render_template(
            "public/search.html",
            form=form,
            results=None,
            threshold=default_threshold(),
            searched=True,
        ), 400
    threshold = _threshold(form)
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
            }
        response = Response(
            stream_with_context(search_export.csv_lines(records)), mimetype="text/csv"
        )
        response.headers["Content-Disposition"] = 'attachment; filename="sanctions-search.csv"'
        return response
    per_page = current_app.config["SEARCH_PAGE_SIZE"]
    page = _int_arg("page", 1, maximum=max(1, -(-results.total // per_page)))
    page_hits = results.hits[(page - 1) * per_page : page * per_page]
    designations = search_export.load_designations(db.session, page_hits)
    linked_of = {
        hit.designation_id: [designations[i] for i in hit.subject_ids[1:] if i in designations]
        for hit in page_hits
    }
    return render_template(
        "public/search.html",
        form=form,
        results=results,
        page_hits=page_hits,
        designations=designations,
        linked_of=linked_of,
        page=page,
        pages=max(1, -(-results.total // per_page)),
        threshold=threshold,
        searched=True,
    )


JSONL_MIMETYPE = "application/jsonl"


def _download(lines, file_name: str) -> Response:
    mimetype = "text/csv" if file_name.endswith(".csv") else JSONL_MIMETYPE
    response = Response(stream_with_context(lines), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _export_filters() -> exports.ExportFilters:
    """The optional status/program/kind filters; ParameterError names a bad one."""
    args = request.args
    return exports.ExportFilters(
        status=params.choice(args, "status", exports.STATUSES, default="all"),
        program=params.text(args, "program", 64),
        kind=params.choice(args, "kind", KINDS),
    )


@bp.get("/export.<any(csv, jsonl):output>")
def export(output: str):
    """The whole database (or the designations the filters keep), streamed as CSV or JSONL."""
    try:
        filters = _export_filters()
    except params.ParameterError as error:
        return error_response(400, str(error), parameter=error.parameter)
    records = exports.designation_records(
        db.session, filters, _designation_url, current_app.config["EXPORT_BATCH_SIZE"]
    )
    if output == "csv":
        return _download(exports.designation_csv_lines(records), "sanctions-designations.csv")
    return _download(exports.jsonl_lines(records), "sanctions-designations.jsonl")


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
