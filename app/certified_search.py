"""Certificates as the pages, the API and the CLI issue them, with the app's settings and key.

A neutral module (no blueprint): the certificates blueprint (the search page's button)
and the API both read the search parameters of ``GET /api/v1/search`` here, from a
query string, a form or a JSON object, with the same names, limits and messages,
run the search, and hand the answer to ``services.certificates`` to sign and store.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from werkzeug.datastructures import MultiDict

from app import params
from app.extensions import db
from app.models import Certificate, User
from app.runners import default_threshold, run_identifier_search, run_search
from app.search_params import search_filters
from app.services import (
    certificates,
    screening_records,
    search_export,
)
from app.services.as_of import listed_hits
from app.services.list_versions import list_versions
from app.services.search import SearchFilters
from app.services.signing import PublicKey, SigningKey, existing_public_key, load_signing_key

KEY_FILE_NAME = "certificate-signing-key.pem"
# The parameters of GET /api/v1/search, as a certificate request may give them.
SEARCH_PARAMETERS = (
    "q", "id_number", "id_country", "limit", "offset", "threshold", "status", "kind",
    "program", "jurisdiction", "measure", "birth_year", "birth_date", "country", "has",
    "lacks", "include_near", "as_of",
)  # fmt: skip
REPEATABLE = ("has", "lacks")


def key_path() -> Path:
    configured = current_app.config["CERTIFICATE_KEY_PATH"]
    return Path(configured) if configured else Path(current_app.instance_path) / KEY_FILE_NAME


def signing_key() -> SigningKey:
    """The app's signing key (created in the instance folder on first use)."""
    return load_signing_key(current_app.config["CERTIFICATE_SIGNING_KEY"], key_path())


def public_key() -> PublicKey:
    return signing_key().public


def configured_public_key() -> PublicKey | None:
    """The public key if a signing key exists, without creating one (for offline checks)."""
    return existing_public_key(current_app.config["CERTIFICATE_SIGNING_KEY"], key_path())


def args_from_json(body: dict) -> MultiDict:
    """A JSON object of search parameters as the query string /api/v1/search reads."""
    unknown = sorted(set(body) - set(SEARCH_PARAMETERS))
    if unknown:
        raise params.ParameterError(
            unknown[0][:40],
            f"is not a search parameter; expected some of: {', '.join(SEARCH_PARAMETERS)}"
            " (or screening_id alone)",
        )
    args: MultiDict = MultiDict()
    for name, value in body.items():
        values = value if isinstance(value, list) and name in REPEATABLE else [value]
        for item in values:
            if item is None:
                continue
            if isinstance(item, bool):
                args.add(name, "true" if item else "false")
            elif isinstance(item, int | float | str):
                args.add(name, str(item))
            else:
                kind = "a list" if isinstance(item, list) else "an object"
                repeat = " (only has and lacks may be lists)" if isinstance(item, list) else ""
                raise params.ParameterError(name, f"must be text or a number, not {kind}{repeat}")
    return args


@dataclass(frozen=True)
class SearchRequest:
    query: str | None
    id_number: str | None
    id_country: str | None
    limit: int
    offset: int
    threshold: float | None
    filters: SearchFilters
    include_near: bool
    as_of: date | None

    def as_dict(self) -> dict[str, Any]:
        """The parameters as validated: what the certificate says was asked."""
        f = self.filters
        return {
            "q": self.query,
            "id_number": self.id_number,
            "id_country": self.id_country,
            "threshold": self.threshold,
            "status": f.status,
            "kind": f.kind,
            "program": f.program,
            "jurisdiction": f.jurisdiction,
            "measure": f.measure,
            "birth_year": f.birth_year,
            "birth_date": f.birth_date.isoformat() if f.birth_date else None,
            "country": f.country,
            "has": [f"{j}:{m}" for j, m in f.has_measures],
            "lacks": [f"{j}:{m}" for j, m in f.lacks_measures],
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "include_near": self.include_near,
            "limit": self.limit,
            "offset": self.offset,
        }


def search_request(args: MultiDict) -> SearchRequest:
    """The parameters of /api/v1/search, checked with its limits and messages.

    ``limit`` defaults to API_MAX_LIMIT: a certificate lists every result it can.
    """
    config = current_app.config
    id_number = params.text(args, "id_number", config["MATCH_MAX_VALUE_LENGTH"])
    filters = search_filters(args, config)
    day = params.iso_date(args, "as_of")
    if day is not None and "status" not in args:
        filters = dataclasses.replace(filters, status="all")
    max_limit = config["API_MAX_LIMIT"]
    return SearchRequest(
        query=params.text(args, "q", config["SEARCH_MAX_QUERY_LENGTH"], required=not id_number),
        id_number=id_number,
        id_country=params.text(args, "id_country", 100),
        limit=params.integer(args, "limit", max_limit, 1, max_limit),
        offset=params.integer(args, "offset", 0, 0, config["SEARCH_MAX_RESULTS"]),
        threshold=params.number(args, "threshold", 0.0, 1.0),
        filters=filters,
        include_near=params.choice(args, "include_near", ("true", "false", "1", "0"), "false")
        in ("true", "1"),
        as_of=day,
    )


def _designation_url(designation_id: int) -> str:
    return url_for("public.designation_detail", designation_id=designation_id, _external=True)


def answer(request: SearchRequest) -> certificates.SearchAnswer:
    """Run the search as /api/v1/search does and keep what the certificate records."""
    if request.id_number:
        return _answer_with_identifier(request)
    results = run_search(request.query, request.filters, threshold=request.threshold)
    hits = results.hits
    if request.as_of is not None:
        hits, past = listed_hits(db.session, hits, request.as_of)
    page = hits[request.offset : request.offset + request.limit]
    records = search_export.results_dicts(db.session, results, page, _designation_url)
    if request.as_of is not None:
        for record in records:
            record["as_of"] = past[record["id"]].as_dict()
    near = None
    if request.include_near:
        near = search_export.results_dicts(
            db.session, results, results.near_misses, _designation_url
        )
    return certificates.SearchAnswer(
        query=request.as_dict(),
        filters=request.filters.describe(),
        threshold=results.threshold,
        total=len(hits),
        results=records,
        near=near,
        searched_for=f"the name “{results.query}”",
    )


def _answer_with_identifier(request: SearchRequest) -> certificates.SearchAnswer:
    filters = request.filters
    records, results = run_identifier_search(
        request.query,
        request.id_number,
        request.id_country,
        filters,
        request.threshold,
        _designation_url,
    )
    searched_for = f"the identification number “{request.id_number}”"
    if results is not None:
        searched_for += f" or the name “{results.query}”"
    threshold = results.threshold if results else (request.threshold or default_threshold())
    return certificates.SearchAnswer(
        query=request.as_dict(),
        filters=filters.describe(),
        threshold=threshold,
        total=len(records),
        results=records[request.offset : request.offset + request.limit],
        searched_for=searched_for,
    )


def current_lists() -> list[dict]:
    return [
        version.as_dict()
        for version in list_versions(db.session, current_app.config["LIST_STALE_AFTER_DAYS"])
    ]


def certify_search(args: MultiDict, user_id: int | None = None) -> Certificate:
    """Validate the parameters, run the search, sign and store its certificate."""
    answered = answer(search_request(args))
    return certificates.issue_for_search(
        db.session, signing_key(), answered, current_lists(), user_id=user_id
    )


def parse_json_document(data: bytes) -> Any:
    """A JSON body, refusing duplicate keys (two readers could see two documents)."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise ValueError(f"the key {key[:40]!r} appears twice in one object")
            seen[key] = value
        return seen

    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates)
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8 text") from None
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at character {error.pos})") from None


class RunNotFinished(ValueError):
    """A screening run still screening (or failed): its certificate would be incomplete."""


def certify_screening_run(run_id: str, viewer: User) -> Certificate | None:
    """Sign and store the certificate of a stored run ``viewer`` may see (its own; any for an
    admin): None if there is no such run for them; RunNotFinished until it is done."""
    run = screening_records.get_run(db.session, run_id, viewer)
    if run is None:
        return None
    if run.status != "done":
        raise RunNotFinished(f"the run is {run.status}: a certificate records a finished run")
    document = screening_records.run_document(
        db.session, run.id, bool(current_app.config["REVIEW_FOUR_EYES"])
    )
    assert document is not None
    # The matcher the run was screened with, not today's.
    document["matcher"] = document.get("matcher_version") or None
    return certificates.issue_for_screening(db.session, signing_key(), document, user_id=viewer.id)


def may_see(record: Certificate, viewer: User | None) -> bool:
    """A search's certificate is public; a run's (client names, reviewers) only for the
    account that certified it, the run's owner, and admins."""
    if record.kind != "screening":
        return True
    if viewer is None:
        return False
    if viewer.has_role("admin") or viewer.id == record.user_id:
        return True
    run = screening_records.get_run(db.session, record.screening_id or "", viewer)
    return run is not None
