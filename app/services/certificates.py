"""Certificates of search: what was searched, when, against which lists, and what came back,
signed by the app so that anyone holding the document and the public key can check it.

A document is ``{"certificate": {...}, "digest": "sha256:<hex>", "signature": {...}}``:

- ``certificate`` holds the facts (id, kind, issued_at, query, filters, threshold, lists,
  matcher, outcome, results or rows);
- ``digest`` is the SHA-256 of the certificate's canonical JSON (RFC 8785), so re-serialising
  the document (other key order, other whitespace) changes neither;
- ``signature`` is the Ed25519 signature of those same canonical bytes, with the key's id.

Verification needs only the document and the public key; with a session it also checks
that the document is the one stored under its id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import importlib.metadata
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import rfc8785
from sqlalchemy.orm import Session

from app.matching import keys_fingerprint
from app.models import Certificate
from app.services.signing import ALGORITHM, PublicKey, SigningKey

FORMAT = "sanctions-lookup-certificate/1"
APP_NAME = "sanctions-lookup"
# Ids are secrets.token_urlsafe(ID_BYTES): 32 characters of [A-Za-z0-9_-].
ID_BYTES = 24
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DIGEST_PATTERN = re.compile(r"^sha256:[0-9a-f]{64}$")


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON: one byte sequence for one JSON value."""
    return rfc8785.dumps(value)


def digest_of(certificate: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical(certificate)).hexdigest()


def app_version() -> str:
    try:
        return importlib.metadata.version(APP_NAME)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def matcher_version() -> dict[str, str]:
    """The matcher the answer came from: its keys' fingerprint and the app's version."""
    return {"keys_fingerprint": keys_fingerprint(), "app_version": app_version()}


@dataclass(frozen=True)
class SearchAnswer:
    """One search as the API answered it, to be certified."""

    query: dict[str, Any]  # the parameters, as validated (those of /api/v1/search)
    filters: list[str]  # the filters in words ("status active", "kind individual")
    threshold: float
    total: int
    results: list[dict]
    near: list[dict] | None = None
    searched_for: str = ""  # what a person reads: “Ivan Petrov”, number “12345”


def issue_for_search(
    session: Session,
    key: SigningKey,
    answer: SearchAnswer,
    lists: list[dict],
    *,
    user_id: int | None = None,
    now: datetime | None = None,
) -> Certificate:
    """Sign, store and return the certificate of one search (committed).

    Nothing about the account that asked goes into the document: ``user_id`` is kept
    beside it, for the account's own use.
    """
    issued_at = _utc(now)
    body = {
        "kind": "search",
        "query": answer.query,
        "filters": answer.filters,
        "threshold": answer.threshold,
        "lists": lists,
        "matcher": matcher_version(),
        "outcome": {
            "total": answer.total,
            "matched": answer.total > 0,
            "statement": _search_statement(answer, lists, issued_at),
        },
        "results": answer.results,
    }
    if answer.near is not None:
        body["near"] = answer.near
    return _issue(session, key, body, issued_at, user_id=user_id)


def issue_for_screening(
    session: Session,
    key: SigningKey,
    run_document: dict,
    *,
    user_id: int | None = None,
    now: datetime | None = None,
) -> Certificate:
    """Sign, store and return the certificate of a stored screening run (committed).

    ``run_document`` is the run as ``GET /api/v1/screenings/<id>`` returns it: ``id``,
    ``status``, ``created_at``, ``lists``, ``rows`` (each with ``line``, ``input``,
    ``status`` and ``hits`` with their scores, explanations and decisions), and where
    known ``threshold`` and ``matcher``.
    """
    issued_at = _utc(now)
    rows = list(run_document.get("rows") or [])
    lists = list(run_document.get("lists") or [])
    hits = [hit for row in rows for hit in (row.get("hits") or [])]
    decided = sum(1 for hit in hits if hit.get("decision"))
    rows_with_hits = sum(1 for row in rows if row.get("hits"))
    body = {
        "kind": "screening",
        "screening": {
            "id": run_document.get("id"),
            "status": run_document.get("status"),
            "created_at": run_document.get("created_at"),
        },
        "threshold": run_document.get("threshold"),
        "lists": lists,
        "matcher": run_document.get("matcher") or matcher_version(),
        "outcome": {
            "rows": len(rows),
            "rows_with_hits": rows_with_hits,
            "hits": len(hits),
            "decided": decided,
            "statement": _screening_statement(
                run_document.get("id"), len(rows), rows_with_hits, len(hits), decided, lists,
                issued_at,
            ),
        },
        "rows": rows,
    }  # fmt: skip
    return _issue(
        session,
        key,
        body,
        issued_at,
        user_id=user_id,
        screening_id=str(run_document.get("id"))[:64] if run_document.get("id") else None,
    )


def _issue(
    session: Session,
    key: SigningKey,
    body: dict,
    issued_at: datetime,
    *,
    user_id: int | None,
    screening_id: str | None = None,
) -> Certificate:
    certificate_id = secrets.token_urlsafe(ID_BYTES)
    certificate = {
        "format": FORMAT,
        "id": certificate_id,
        "issued_at": _iso(issued_at),
        "issuer": APP_NAME,
        **body,
    }
    # Through JSON once: the signed value is exactly what a reader will parse.
    certificate = json.loads(json.dumps(certificate, allow_nan=False, default=str))
    data = canonical(certificate)
    document = {
        "certificate": certificate,
        "digest": "sha256:" + hashlib.sha256(data).hexdigest(),
        "signature": {
            "algorithm": ALGORITHM,
            "key_id": key.public.key_id,
            "value": key.sign(data),
        },
    }
    record = Certificate(
        id=certificate_id,
        kind=body["kind"],
        issued_at=issued_at,
        digest=document["digest"],
        document=canonical(document).decode("utf-8"),
        user_id=user_id,
        screening_id=screening_id,
    )
    session.add(record)
    session.commit()
    return record


def get_certificate(session: Session, certificate_id: str) -> Certificate | None:
    if not ID_PATTERN.match(certificate_id or ""):
        return None
    return session.get(Certificate, certificate_id)


def document_of(record: Certificate) -> dict:
    return json.loads(record.document)


@dataclass
class Verification:
    intact: bool
    reason: str
    certificate_id: str | None = None
    lists: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "reason": self.reason,
            "id": self.certificate_id,
            "lists": self.lists,
        }


def verify(
    document: Any,
    public_key: PublicKey,
    session: Session | None = None,
    current_lists: Iterable[dict] | None = None,
) -> Verification:
    """Check a document's digest and signature (and, with a session, that it is stored).

    ``lists`` in the answer are the certificate's lists; given ``current_lists`` (the
    lists as held now), each says whether the list still has the content it had then.
    """
    shape_error = _shape_error(document)
    if shape_error:
        return Verification(False, shape_error)
    certificate, signature = document["certificate"], document["signature"]
    certificate_id = certificate.get("id") if isinstance(certificate.get("id"), str) else None
    lists = _lists_then_and_now(certificate.get("lists"), current_lists)
    try:
        data = canonical(certificate)
    except rfc8785.CanonicalizationError as error:
        return Verification(False, f"the certificate is not canonical JSON: {error}", None, lists)
    except RecursionError:
        return Verification(False, "the certificate is nested too deeply", None, lists)
    reason = _signature_error(document["digest"], data, signature, public_key)
    if reason is None and session is not None:
        reason = _stored_error(session, certificate_id, document["digest"])
    if reason is not None:
        return Verification(False, reason, certificate_id, lists)
    stored = " and it is the certificate stored under its id" if session is not None else ""
    return Verification(
        True,
        f"the digest matches the content and the signature is valid (key {public_key.key_id})"
        + stored,
        certificate_id,
        lists,
    )


def _shape_error(document: Any) -> str | None:
    if not isinstance(document, dict):
        return "not a certificate: expected a JSON object with certificate, digest and signature"
    missing = [k for k in ("certificate", "digest", "signature") if k not in document]
    if missing:
        return f"not a certificate: {', '.join(missing)} missing"
    if not isinstance(document["certificate"], dict):
        return "not a certificate: certificate must be a JSON object"
    if not isinstance(document["digest"], str) or not DIGEST_PATTERN.match(document["digest"]):
        return "not a certificate: digest must be 'sha256:' and 64 hexadecimal digits"
    signature = document["signature"]
    if not isinstance(signature, dict) or not all(
        isinstance(signature.get(k), str) for k in ("algorithm", "key_id", "value")
    ):
        return "not a certificate: signature must hold algorithm, key_id and value as text"
    return None


def _signature_error(
    digest: str, data: bytes, signature: dict, public_key: PublicKey
) -> str | None:
    if digest != "sha256:" + hashlib.sha256(data).hexdigest():
        return "the digest does not match the certificate's content: the document was altered"
    if signature["algorithm"] != ALGORITHM:
        return f"the signature's algorithm must be {ALGORITHM}, not {signature['algorithm'][:40]!r}"
    if signature["key_id"] != public_key.key_id:
        return (
            f"signed with key {signature['key_id'][:40]!r}, not with this service's key"
            f" ({public_key.key_id})"
        )
    try:
        value = base64.b64decode(signature["value"], validate=True)
    except (binascii.Error, ValueError):
        return "the signature's value is not base64"
    if not public_key.verifies(value, data):
        return "the signature does not match the certificate: the document was altered"
    return None


def _stored_error(session: Session, certificate_id: str | None, digest: str) -> str | None:
    record = get_certificate(session, certificate_id or "")
    if record is None:
        return f"no certificate with id {str(certificate_id)[:64]!r} was issued here"
    if record.digest != digest:
        return f"the certificate stored under id {certificate_id!r} is a different one"
    return None


def _lists_then_and_now(lists: Any, current_lists: Iterable[dict] | None) -> list[dict]:
    if not isinstance(lists, list):
        return []
    now = {entry["source"]: entry.get("digest") for entry in current_lists or []}
    answer = []
    for entry in lists:
        if not isinstance(entry, dict):
            continue
        item = {k: entry.get(k) for k in ("source", "name", "data_date", "import_id", "digest")}
        if current_lists is not None:
            source = item["source"]
            item["unchanged_since"] = isinstance(source, str) and (
                source in now and now[source] == item["digest"]
            )
        answer.append(item)
    return answer


def _search_statement(answer: SearchAnswer, lists: list[dict], issued_at: datetime) -> str:
    when = issued_at.strftime("On %Y-%m-%d at %H:%M:%S UTC")
    against = f"against the {_counted(len(lists), 'list')} below"
    filters = f" (filters: {', '.join(answer.filters)})" if answer.filters else ""
    score = f"at a score of {answer.threshold:.2f} or more"
    if not answer.total:
        return f"{when}, {against}, {answer.searched_for} matched nothing {score}{filters}."
    return (
        f"{when}, {against}, {answer.searched_for} matched "
        f"{_counted(answer.total, 'designated subject')} {score}{filters}."
    )


def _screening_statement(
    run_id: Any, rows: int, rows_with_hits: int, hits: int, decided: int, lists: list,
    issued_at: datetime,
) -> str:  # fmt: skip
    when = issued_at.strftime("On %Y-%m-%d at %H:%M:%S UTC")
    found = (
        "no row matched anything"
        if not hits
        else f"{_counted(rows_with_hits, 'row')} had {_counted(hits, 'hit')}, {decided} decided"
    )
    return (
        f"{when}, screening run {run_id} of {_counted(rows, 'row')} against the "
        f"{_counted(len(lists), 'list')} below: {found}."
    )


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _utc(moment: datetime | None) -> datetime:
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
