"""Certificates of search over the API: issue, fetch, verify (issue 11).

POST /api/v1/certificates          the search parameters of /api/v1/search as a JSON
                                   object, or {"screening_id": ...} -> 201 and the document
GET  /api/v1/certificates/<id>     the document, byte for byte as issued
POST /api/v1/certificates/verify   the bare document -> {"intact", "reason", "lists"}
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from app import params
from app.api import bp
from app.api_auth import bearer_user, require_bearer_user
from app.certified_search import (
    RunNotFinished,
    args_from_json,
    certify_screening_run,
    certify_search,
    current_lists,
    may_see,
    parse_json_document,
    public_key,
    signing_key,
)
from app.errors import error_response
from app.extensions import db, limiter
from app.models import Certificate
from app.services import certificates
from app.services.signing import SigningKeyError


@bp.errorhandler(SigningKeyError)
def signing_key_error(error: SigningKeyError):
    """A key setting that is no key: the installation's fault, said plainly (not a 500)."""
    current_app.logger.error("certificate signing key: %s", error)
    return error_response(503, "Certificates are unavailable: the signing key is not usable.")


def _body_bytes() -> bytes:
    """The request body, refused (413) past CERTIFICATE_MAX_BODY_BYTES before it is parsed."""
    limit = current_app.config["CERTIFICATE_MAX_BODY_BYTES"]
    too_large = RequestEntityTooLarge(f"body: at most {limit} bytes (CERTIFICATE_MAX_BODY_BYTES)")
    if (request.content_length or 0) > limit:
        raise too_large
    data = request.get_data(cache=False)
    if len(data) > limit:
        raise too_large
    return data


def _json_object(data: bytes) -> dict:
    try:
        body = parse_json_document(data)
    except ValueError as error:
        raise params.ParameterError("body", str(error)) from None
    if not isinstance(body, dict):
        raise params.ParameterError("body", "must be a JSON object of search parameters")
    return body


def _issued(record: Certificate) -> tuple[dict, int, dict]:
    url = url_for("certificates.show", certificate_id=record.id, _external=True)
    body = {
        "id": record.id,
        "url": url,
        "digest": record.digest,
        "document": certificates.document_of(record),
    }
    return body, 201, {"Location": url}


@bp.post("/certificates")
@limiter.shared_limit(
    lambda: current_app.config["CERTIFICATE_RATE_LIMIT"], scope="certificates-issue"
)
def issue_certificate():
    """Certify a search (or a stored screening run): signed, stored, returned."""
    body = _json_object(_body_bytes())
    if "screening_id" in body:
        return _issue_for_screening(body)
    signing_key()  # a broken key setting answers before the search runs
    return _issued(certify_search(args_from_json(body)))


def _issue_for_screening(body: dict[str, Any]):
    screening_id = body["screening_id"]
    if len(body) > 1:
        raise params.ParameterError(
            "screening_id", "comes alone: a run's certificate takes no search parameters"
        )
    if not isinstance(screening_id, str | int) or isinstance(screening_id, bool):
        raise params.ParameterError("screening_id", "must be a screening run's id")
    # A run is certified by its owner (or an admin), with the account's API token.
    viewer = require_bearer_user()
    try:
        record = certify_screening_run(str(screening_id)[:64], viewer)
    except RunNotFinished as error:
        return error_response(409, str(error), parameter="screening_id")
    if record is None:
        return error_response(404, "no such screening run", parameter="screening_id")
    return _issued(record)


@bp.get("/certificates/<certificate_id>")
def certificate_document(certificate_id: str):
    """A certificate's document, exactly as issued (canonical JSON)."""
    record = certificates.get_certificate(db.session, certificate_id)
    # A run's certificate names clients and reviewers: its owner's token (or an admin's).
    if record is None or not may_see(record, bearer_user()):
        return error_response(404, "No certificate with this id.")
    return Response(record.document, mimetype="application/json")


@bp.post("/certificates/verify")
@limiter.limit(
    lambda: current_app.config["CERTIFICATE_VERIFY_RATE_LIMIT"], scope="certificates-verify"
)
def verify_certificate():
    """Is this document intact: its digest, its signature, and the copy stored under its id?"""
    try:
        document = parse_json_document(_body_bytes())
    except ValueError as error:
        # Still an answer to "is it intact?" (no), and the error in the API's one shape.
        payload = {
            "intact": False,
            "reason": f"the document is not readable JSON: {error}",
            "id": None,
            "lists": [],
            "error": {"status": 400, "message": f"body: {error}", "parameter": "body"},
        }
        return jsonify(payload), 400
    result = certificates.verify(document, public_key(), db.session, current_lists())
    return result.as_dict()
