"""JSON endpoints. Errors are always JSON, and always name the bad parameter."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException

from app.api import bp, params
from app.errors import error_response
from app.extensions import csrf, db
from app.matching import compare_names
from app.models import MEASURE_TYPES
from app.models.designation import KINDS
from app.runners import default_threshold, run_search, screening_settings
from app.services import designations as designation_service
from app.services import screening, search_export
from app.services.search import STATUSES, SearchFilters

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"

# No cookie gives authority here: GET endpoints read, POST /screen only computes.
csrf.exempt(bp)


@bp.errorhandler(params.ParameterError)
def parameter_error(error: params.ParameterError):
    return error_response(400, str(error), parameter=error.parameter)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_response(error.code or 500, error.description or "Request failed.")


def _designation_url(designation_id: int) -> str:
    return url_for("public.designation_detail", designation_id=designation_id, _external=True)


@bp.get("/search")
def search():
    """Search designations by name, best match first."""
    args = request.args
    config = current_app.config
    query = params.text(args, "q", config["SEARCH_MAX_QUERY_LENGTH"], required=True)
    limit = params.integer(args, "limit", config["API_DEFAULT_LIMIT"], 1, config["API_MAX_LIMIT"])
    offset = params.integer(args, "offset", 0, 0, config["SEARCH_MAX_RESULTS"])
    threshold = params.number(args, "threshold", 0.0, 1.0)
    filters = SearchFilters(
        status=params.choice(args, "status", STATUSES, default="active"),
        kind=params.kind(args, "kind", KINDS),
        program=params.text(args, "program", config["API_MAX_PROGRAM_LENGTH"]),
        jurisdiction=(
            params.text(args, "jurisdiction", config["API_MAX_JURISDICTION_LENGTH"]) or ""
        ).upper()
        or None,
        measure=params.choice(args, "measure", MEASURE_TYPES.keys()),
        birth_year=params.integer(
            args, "birth_year", None, config["MIN_BIRTH_YEAR"], date.today().year
        ),
        birth_date=params.iso_date(args, "birth_date"),
        country=params.text(args, "country", config["API_MAX_COUNTRY_LENGTH"]),
        has_measures=params.jurisdiction_measures(args, "has", MEASURE_TYPES.keys()),
        lacks_measures=params.jurisdiction_measures(args, "lacks", MEASURE_TYPES.keys()),
    )
    results = run_search(query, filters, threshold=threshold)
    page = results.hits[offset : offset + limit]
    return {
        "query": results.query,
        "total": results.total,
        "threshold": results.threshold,
        "limit": limit,
        "offset": offset,
        "results": search_export.results_dicts(db.session, results, page, _designation_url),
    }


@bp.get("/designations/<int:designation_id>")
def designation(designation_id: int):
    """The full record of one designation."""
    record = designation_service.get_designation(db.session, designation_id)
    if record is None:
        return error_response(404, f"No designation with id {designation_id}.")
    return designation_service.designation_dict(record, _designation_url(record.id))


@bp.get("/compare")
def compare():
    """The matcher's verdict on two names."""
    args = request.args
    limit = current_app.config["SEARCH_MAX_QUERY_LENGTH"]
    a = params.text(args, "a", limit, required=True)
    b = params.text(args, "b", limit, required=True)
    kind = params.kind(args, "kind", KINDS)
    threshold = params.number(args, "threshold", 0.0, 1.0)
    threshold = default_threshold() if threshold is None else threshold
    result = compare_names(a, b, kind=kind)
    return {
        "a": a,
        "b": b,
        "kind": kind,
        "score": round(result.score, 4),
        "threshold": threshold,
        "match": result.score >= threshold,
        "explanation": result.to_dict(),
        "why": result.summary(),
    }


def _threshold_from_body(body: dict) -> float | None:
    threshold = body.get("threshold")
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise params.ParameterError("threshold", "must be a number between 0 and 1")
    if not 0 <= threshold <= 1:
        raise params.ParameterError("threshold", "must be between 0 and 1")
    return float(threshold)


@bp.post("/screen")
def screen():
    """Screen a list of names: each with its best matches, or what was wrong with it."""
    config = current_app.config
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise params.ParameterError("body", "must be a JSON object with a list of names")
    names = body.get("names")
    if not isinstance(names, list):
        raise params.ParameterError("names", "must be a list of objects with a name")
    limit = config["SCREENING_API_MAX_NAMES"]
    if len(names) > limit:
        return error_response(413, f"names: at most {limit} per request", parameter="names")
    settings = screening_settings(_threshold_from_body(body))
    rows = [
        screening.row_from_json(index, item, settings.max_name_length)
        for index, item in enumerate(names)
    ]
    summary = screening.ScreeningSummary()
    results = []
    for chunk in screening.screen_in_session(
        db.session, rows, settings, config["SCREENING_CHUNK_ROWS"]
    ):
        for screened in chunk:
            summary.add(screened)
            results.append(screening.screened_dict(screened, _designation_url))
    return {
        "threshold": settings.threshold,
        "total": summary.rows,
        "summary": summary.to_dict(),
        "results": results,
    }


@cache
def _openapi_spec() -> dict:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description of this API."""
    return _openapi_spec()
