"""What /match and /reconcile share: JSON errors, body and batch limits, settings from config."""

from __future__ import annotations

import json

from flask import current_app, request
from werkzeug.exceptions import HTTPException

from app.errors import error_response
from app.interop import bp
from app.runners import default_threshold
from app.services.ftm_match import Example, ExampleError, MatchSettings


class RequestError(ValueError):
    """A bad request; ``parameter`` names what was wrong when it is one thing."""

    def __init__(self, message: str, parameter: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.status = status


def json_error(status: int, message: str, parameter: str | None = None):
    """Our JSON error shape, plus yente's ``detail`` so its clients show the message."""
    extra = {"parameter": parameter} if parameter else {}
    response, status = error_response(status, message, **extra)
    payload = response.get_json()
    payload["detail"] = message
    response.set_data(json.dumps(payload))
    return response, status


@bp.errorhandler(RequestError)
def request_error(error: RequestError):
    return json_error(error.status, str(error), error.parameter)


@bp.errorhandler(ExampleError)
def example_error(error: ExampleError):
    return json_error(400, f"Cannot parse example entity: {error}")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return json_error(error.code or 500, error.description or "Request failed.")


def match_settings(threshold: float | None, cutoff: float | None = None) -> MatchSettings:
    config = current_app.config
    # As yente: ``threshold`` decides "match", ``cutoff`` (default: our threshold)
    # which results are returned at all; a cutoff above the threshold is the threshold.
    default = default_threshold()
    threshold = default if threshold is None else threshold
    return MatchSettings(
        threshold=threshold,
        cutoff=min(default if cutoff is None else cutoff, threshold),
        candidate_limit=config["SEARCH_CANDIDATES"],
        max_results=config["SEARCH_MAX_RESULTS"],
        max_values=config["MATCH_MAX_VALUES"],
        max_value_length=config["MATCH_MAX_VALUE_LENGTH"],
        max_names=config["MATCH_MAX_NAMES_PER_QUERY"],
    )


def number_arg(name: str, minimum: float, maximum: float) -> float | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise RequestError(f"{name}: must be a number", name) from None
    if not minimum <= value <= maximum:  # also NaN
        raise RequestError(f"{name}: must be between {minimum:g} and {maximum:g}", name)
    return value


def int_arg(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise RequestError(f"{name}: must be a whole number", name) from None
    if not minimum <= value <= maximum:
        raise RequestError(f"{name}: must be between {minimum} and {maximum}", name)
    return value


def body_bytes() -> bytes:
    limit = current_app.config["MATCH_MAX_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise RequestError(f"The request body is larger than {limit} bytes.", status=413)
    data = request.get_data(cache=True)
    if len(data) > limit:
        raise RequestError(f"The request body is larger than {limit} bytes.", status=413)
    return data


def parse_json(text: str | bytes, what: str):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise RequestError(f"{what}: must be valid JSON", what) from None


def check_batch_cost(examples: list[Example]) -> None:
    """413 for a batch that asks for more work than one request may do (the names'
    characters, MATCH_MAX_BATCH_CHARS), before any search runs."""
    config = current_app.config
    floor, budget = config["MATCH_NAME_MIN_CHARS"], config["MATCH_MAX_BATCH_CHARS"]
    cost = sum(example.cost(floor) for example in examples)
    if cost > budget:
        raise RequestError(
            f"The batch asks for too much work: its names come to {cost} characters "
            f"(each name or number counts at least {floor}), over the limit of {budget} "
            "a request (MATCH_MAX_BATCH_CHARS). Send fewer queries or names per request.",
            "queries",
            status=413,
        )


@bp.after_request
def allow_any_origin(response):  # noqa: ANN001, ANN201
    """CORS for every origin, as the reconciliation spec asks of a service: OpenRefine's
    suggest widget calls from the page it serves. No cookie gives authority here."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response
