"""Alert digests as documents: the JSON the API, the downloads and the webhooks give, and CSV.

A digest is ``{"id", "monitored_list_id", "created_at", "import": {"id", "source",
"data_date", "file"}, "new_hits", "changed_hits", "delisted", "counts"}``; each hit is
``{"row": {...}, "subject": {...}, "score", "why", "measures", "changes", "changed",
"decision"}``: the client row, the subject as listed now, the score, its active
measures, what changed (words, and the measures gained and lost) and the review's
decision on the pair (or null). Flask-free.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Designation
from app.models.monitoring import AlertDigest, MonitoredList, MonitoredRow, WebhookDelivery
from app.services.designations import measure_dict
from app.services.screening import MatchDetails

SECTIONS = ("new_hits", "changed_hits", "delisted")
CSV_COLUMNS = (
    "section",
    "row_id",
    "line",
    "reference",
    "name",
    "birth_date",
    "country",
    "subject_key",
    "designation_id",
    "subject_name",
    "subject_status",
    "lists",
    "score",
    "measures",
    "changes",
    "decision",
)
# Spreadsheet programs run cells starting with these as formulas.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def row_of(row: MonitoredRow) -> dict:
    given = row.input or {}
    return {
        "id": row.id,
        "line": row.line,
        "reference": given.get("reference"),
        "name": given.get("name"),
        "birth_date": given.get("birth_date"),
        "country": given.get("country"),
        "id_number": given.get("id_number"),
    }


def subject_of(members: Sequence[Designation], subject_key: str) -> dict:
    """The subject as listed now: its designation that changed first, then the others."""
    first = members[0]
    return {
        "subject_key": subject_key,
        "designation_id": first.id,
        "name": first.primary_name,
        "kind": first.kind,
        "status": first.status,
        "source_refs": [{"source": s.source, "ref": s.ref} for d in members for s in d.source_refs],
        "programs": list(dict.fromkeys(p.code for d in members for p in d.programs)),
        "linked_designations": [
            {"id": d.id, "name": d.primary_name, "status": d.status} for d in members[1:]
        ],
        "measures": [measure_dict(m) for d in members for m in d.measures if m.status == "active"],
    }


def subject_from_details(details: MatchDetails, subject_key: str) -> dict:
    """The subject as a screening match describes it (``screening.MatchDetails``)."""
    return {
        "subject_key": subject_key,
        "designation_id": details.id,
        "name": details.name,
        "kind": details.kind,
        "status": details.status,
        "source_refs": list(details.source_refs),
        "programs": list(details.programs),
        "linked_designations": [
            {"id": d["id"], "name": d["name"], "status": d["status"]} for d in details.linked
        ],
        "measures": [m for m in details.measures if m.get("status") == "active"],
    }


def hit_entry(
    row: MonitoredRow,
    subject: dict,
    *,
    score: float,
    why: str,
    changes: list[str],
    changed: dict,
    decision: dict | None,
) -> dict:
    subject = dict(subject)
    measures = subject.pop("measures", [])
    return {
        "row": row_of(row),
        "subject": subject,
        "score": round(score, 4),
        "why": why,
        "measures": measures,
        "changes": changes,
        "changed": changed,
        "decision": decision,
    }


def digest_document(digest: AlertDigest) -> dict:
    body = digest.body or {}
    return {
        "id": digest.id,
        "monitored_list_id": digest.list_id,
        "created_at": iso(digest.created_at),
        "import": {
            "id": digest.import_id,
            "source": digest.source or None,
            "data_date": digest.data_date,
            "file": digest.file_name or None,
        },
        **{section: list(body.get(section) or []) for section in SECTIONS},
        "counts": {section: len(body.get(section) or []) for section in SECTIONS},
    }


def digest_body_bytes(digest: AlertDigest) -> bytes:
    """The digest as a webhook receives it: the same bytes at every attempt."""
    return json.dumps(
        digest_document(digest), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def digest_csv(digest: AlertDigest) -> str:
    """One line per hit of the digest, section first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    document = digest_document(digest)
    for section in SECTIONS:
        for hit in document[section]:
            row, subject, decision = hit["row"], hit["subject"], hit.get("decision") or {}
            measures = "; ".join(
                " ".join(str(m.get(k) or "") for k in ("jurisdiction", "label")).strip()
                for m in hit.get("measures") or []
            )
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        section,
                        row.get("id"),
                        row.get("line"),
                        row.get("reference"),
                        row.get("name"),
                        row.get("birth_date"),
                        row.get("country"),
                        subject.get("subject_key"),
                        subject.get("designation_id"),
                        subject.get("name"),
                        subject.get("status"),
                        "; ".join(f"{s['source']}/{s['ref']}" for s in subject["source_refs"]),
                        hit.get("score"),
                        measures,
                        "; ".join(hit.get("changes") or []),
                        decision.get("decision"),
                    )
                ]
            )
    return out.getvalue()


def digests_of(
    session: Session, monitored: MonitoredList, limit: int, offset: int = 0
) -> tuple[list[AlertDigest], int]:
    """The list's digests, newest first, and how many there are."""
    total = session.scalar(
        select(func.count(AlertDigest.id)).where(AlertDigest.list_id == monitored.id)
    )
    digests = session.scalars(
        select(AlertDigest)
        .where(AlertDigest.list_id == monitored.id)
        .order_by(AlertDigest.created_at.desc(), AlertDigest.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(digests), total or 0


def find_digest(session: Session, monitored: MonitoredList, digest_id: int) -> AlertDigest | None:
    digest = session.get(AlertDigest, digest_id)
    return digest if digest is not None and digest.list_id == monitored.id else None


def deliveries_of(session: Session, digest: AlertDigest) -> list[WebhookDelivery]:
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.digest_id == digest.id)
            .order_by(WebhookDelivery.id)
        )
    )


def delivery_dict(delivery: WebhookDelivery) -> dict:
    return {
        "id": delivery.id,
        "url": delivery.url,
        "state": delivery.state,
        "created_at": iso(delivery.created_at),
        "delivered_at": iso(delivery.delivered_at),
        "next_attempt_at": iso(delivery.next_attempt_at),
        "attempts": [
            {
                "at": iso(a.at),
                "status_code": a.status_code,
                "error": a.error or None,
                "seconds": round(a.seconds, 3),
            }
            for a in delivery.attempts
        ],
    }
