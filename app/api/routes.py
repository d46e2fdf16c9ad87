"""JSON endpoints. Errors are always JSON, and always name the bad parameter."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException

from app import params
from app.api import bp, screening_run_routes
from app.api_auth import bearer_user
from app.errors import error_response
from app.extensions import csrf, db, limiter
from app.lists_web import lists_payload
from app.matching import compare_names
from app.models.designation import KINDS
from app.runners import default_threshold, run_identifier_search, run_search, screening_settings
from app.search_params import search_filters
from app.security import work_slot
from app.services import designations as designation_service
from app.services import screening, search_export, subject_view
from app.services.as_of import as_of, listed_hits

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
    # Issue 17: an identification number (id_number, optional id_country) may stand
    # in for the name; then q is optional.
    id_number = params.text(args, "id_number", config["MATCH_MAX_VALUE_LENGTH"])
    id_country = params.text(args, "id_country", 100)
    query = params.text(args, "q", config["SEARCH_MAX_QUERY_LENGTH"], required=not id_number)
    limit = params.integer(args, "limit", config["API_DEFAULT_LIMIT"], 1, config["API_MAX_LIMIT"])
    offset = params.integer(args, "offset", 0, 0, config["SEARCH_MAX_RESULTS"])
    threshold = params.number(args, "threshold", 0.0, 1.0)
    filters = search_filters(args, config)
    include_near = params.choice(args, "include_near", ("true", "false", "1", "0"), "false")
    if id_number:
        return _search_with_identifier(
            query, id_number, id_country, filters, threshold, limit, offset
        )
    # as_of: what was listed that day, delisted since included unless asked.
    day = params.iso_date(args, "as_of")
    if day is not None and "status" not in args:
        filters = dataclasses.replace(filters, status="all")
    results = run_search(query, filters, threshold=threshold)
    hits, past = listed_hits(db.session, results.hits, day) if day else (results.hits, {})
    page = hits[offset : offset + limit]
    body = {
        "query": results.query,
        "total": len(hits),
        "threshold": results.threshold,
        "limit": limit,
        "offset": offset,
        "results": search_export.results_dicts(db.session, results, page, _designation_url),
        "lists": lists_payload(),
    }
    if day is not None:
        body["as_of"] = day.isoformat()
        for result in body["results"]:
            result["as_of"] = past[result["id"]].as_dict()
    if include_near in ("true", "1"):
        # Not matches: the best subjects below the threshold that agree on the name parts.
        body["near"] = search_export.results_dicts(
            db.session, results, results.near_misses, _designation_url
        )
    return body


def _search_with_identifier(query, id_number, id_country, filters, threshold, limit, offset):  # noqa: ANN001
    """Subjects holding the number first, then (with q) those the name matches."""
    records, results = run_identifier_search(
        query, id_number, id_country, filters, threshold, _designation_url
    )
    return {
        "query": results.query if results else None,
        "id_number": id_number,
        "id_country": id_country,
        "total": len(records),
        "threshold": results.threshold if results else (threshold or default_threshold()),
        "limit": limit,
        "offset": offset,
        "results": records[offset : offset + limit],
        "lists": lists_payload(),
    }


@bp.get("/designations/<int:designation_id>")
def designation(designation_id: int):
    """The full record of one designation."""
    record = designation_service.get_designation(db.session, designation_id)
    if record is None:
        return error_response(404, f"No designation with id {designation_id}.")
    body = subject_view.designation_with_subject(db.session, record, _designation_url)
    body["lists"] = lists_payload([s.source for s in record.source_refs])
    day = params.iso_date(request.args, "as_of")
    if day is not None:
        body["as_of"] = as_of(db.session, record, day).as_dict()
    return body


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


def _name_characters(names: list, minimum: int) -> int:
    """The work a screening request asks for: its names' characters, each at least ``minimum``."""
    return sum(
        max(len(item["name"]), minimum)
        for item in names
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    )


@bp.post("/screen")
@limiter.limit(lambda: current_app.config["SCREENING_API_RATE_LIMIT"], scope="api-screen")
def screen():
    """Screen a list of names: each with its best matches, or what was wrong with it.

    With ``Authorization: Bearer TOKEN`` the run is stored under the token's account
    (``screening_id``); a batch over the request's budget then runs in the background
    (202 with ``status_url``). Without a token nothing is stored, as before."""
    config = current_app.config
    user = bearer_user()  # 401 for a bad token, before any work
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise params.ParameterError("body", "must be a JSON object with a list of names")
    names = body.get("names")
    if not isinstance(names, list):
        raise params.ParameterError("names", "must be a list of objects with a name")
    limit = config["SCREENING_RECORDS_MAX_NAMES" if user else "SCREENING_API_MAX_NAMES"]
    if len(names) > limit:
        return error_response(413, f"names: at most {limit} per request", parameter="names")
    budget, minimum = config["SCREENING_API_MAX_CHARS"], config["SCREENING_API_NAME_MIN_CHARS"]
    characters = _name_characters(names, minimum)
    over_budget = characters > budget or len(names) > config["SCREENING_API_MAX_NAMES"]
    if over_budget and user is None:  # refused before any work: the budget bounds a request
        return error_response(
            413,
            f"names: {characters} characters in all (each name counts as at least {minimum}),"
            f" more than the budget of {budget} one request may screen"
            " (SCREENING_API_MAX_CHARS); send the names in smaller requests,"
            " or with an API token (Authorization: Bearer) to screen them in the background",
            parameter="names",
            max_chars=budget,
        )
    settings = screening_settings(_threshold_from_body(body))
    rows = [
        screening.row_from_json(index, item, settings.max_name_length)
        for index, item in enumerate(names)
    ]
    if over_budget:
        return screening_run_routes.queue_run(user, rows, settings.threshold)
    slot = work_slot("api-screen", config["SCREENING_API_CONCURRENCY"])
    if not slot.acquire(timeout=config["SCREENING_API_WAIT_SECONDS"]):
        return error_response(503, "The server is busy screening other lists: retry shortly.")
    try:
        screened = [row for chunk in _screened_chunks(rows, settings) for row in chunk]
        body = screening.screen_response([screened], settings.threshold, _designation_url)
    except screening.ScreeningUnavailable:
        return error_response(503, "The server is busy screening other lists: retry shortly.")
    finally:
        slot.release()
    body["lists"] = lists_payload()
    if user is not None:
        run = screening_run_routes.store_screened(user, screened, settings.threshold)
        body["screening_id"] = run.id
        body["status_url"] = url_for("api.screening_run", run_id=run.id, _external=True)
    return body


def _screened_chunks(rows: list, settings: screening.ScreeningSettings):
    """The rows screened in the worker's screening process (SCREENING_API_PROCESS), else here."""
    config = current_app.config
    uri = db.engine.url.render_as_string(hide_password=False)
    if not config["SCREENING_API_PROCESS"] or ":memory:" in uri or uri == "sqlite://":
        return screening.screen_in_session(
            db.session, rows, settings, config["SCREENING_CHUNK_ROWS"]
        )
    db.session.rollback()  # no read transaction held while the other process works
    return screening.screen_in_process(
        uri,
        rows,
        settings,
        config["SCREENING_CHUNK_ROWS"],
        config["SCREENING_API_NICENESS"],
        config["SCREENING_API_TIMEOUT_SECONDS"],
    )


@cache
def _openapi_spec() -> dict:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description of this API."""
    return _openapi_spec()
