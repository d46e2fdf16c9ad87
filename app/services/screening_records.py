"""Stored screening runs: recording a run, its rows and hits, and reading it back.

A run of a signed-in account is stored with who, when, the threshold, the matcher
version (``matcher_version``) and the list versions it ran against
(``list_versions.list_versions``). Screened at once (``store_run``), or in two steps for
background work: ``create_run`` stores the input rows as pending, ``record_chunk`` fills
them as they are screened (a job that restarts screens only the pending rows),
``finish_run`` ends it.

``run_document`` is the run as GET /api/v1/screenings/<id> returns it, with each hit's
decision as it stands now (``services.decisions``): everything a certificate of the run
needs too (input, threshold, lists, matcher version, hits with scores and explanations,
decisions). Flask-free: settings are passed in.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import metadata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.matching import keys_fingerprint
from app.models import ScreeningHit, ScreeningRow, ScreeningRun, User
from app.models.screening_record import (
    ROW_PENDING,
    RUN_CANCELLED,
    RUN_DONE,
    RUN_FAILED,
    RUN_QUEUED,
    RUN_RUNNING,
)
from app.services import decisions, screening
from app.services.screening import ScreenedRow
from app.services.screening_input import ScreeningRow as InputRow
from app.services.screening_record_rows import (  # noqa: F401 (screened_rows, row_of: re-exported)
    hit_of,
    input_of,
    row_of,
    screened_rows,
)

# Hit review states, as the pages filter on them.
OPEN, DECIDED, CHANGED, AWAITING = "open", "decided", "changed", "awaiting_confirmation"
REVIEW_STATES = (OPEN, DECIDED, CHANGED, AWAITING)
FINISHED = (RUN_DONE, RUN_FAILED, RUN_CANCELLED)


@cache
def app_version() -> str:
    try:
        return metadata.version("sanctions-lookup")
    except metadata.PackageNotFoundError:
        return "unknown"


def matcher_version() -> dict:
    """What decides the scores: the matcher's keys fingerprint and the app's version."""
    return {"keys_fingerprint": keys_fingerprint(), "app_version": app_version()}


def new_run_id() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


def create_run(
    session: Session,
    *,
    user: User,
    origin: str,
    label: str,
    rows: Iterable[InputRow],
    threshold: float,
    job_id: str | None = None,
) -> ScreeningRun:
    """Store a run with its input rows (pending; those with an error as errors); committed."""
    run = ScreeningRun(
        id=new_run_id(),
        user_id=user.id,
        origin=origin,
        label=label[:300],
        status=RUN_QUEUED,
        created_at=datetime.now(UTC),
        threshold=threshold,
        matcher_version=matcher_version(),
        list_versions=[],
        counts=dict.fromkeys(screening.STATUSES, 0),
        job_id=job_id,
    )
    session.add(run)
    session.flush()
    add_rows(session, run, rows)
    return run


def add_rows(session: Session, run: ScreeningRun, rows: Iterable[InputRow]) -> None:
    """Store a run's input rows, pending (those with an error as errors); committed."""
    total = 0
    for row in rows:
        total += 1
        given = input_of(row)
        session.add(
            ScreeningRow(
                run_id=run.id,
                line=row.line,
                input=given,
                status=screening.ERROR if row.error else ROW_PENDING,
                message=row.error or "",
                client_key=decisions.client_key(given),
            )
        )
    run.total_rows = total
    session.commit()


def has_rows(session: Session, run: ScreeningRun) -> bool:
    return (
        session.scalar(select(ScreeningRow.id).where(ScreeningRow.run_id == run.id).limit(1))
        is not None
    )


def start_run(session: Session, run: ScreeningRun, list_versions: list[dict]) -> None:
    """Mark the run as running against ``list_versions`` (committed)."""
    run.status = RUN_RUNNING
    run.list_versions = run.list_versions or list_versions  # a resumed run keeps its lists
    run.error = None
    session.commit()


def pending_rows(session: Session, run: ScreeningRun, limit: int) -> list[ScreeningRow]:
    return list(
        session.scalars(
            select(ScreeningRow)
            .where(ScreeningRow.run_id == run.id, ScreeningRow.status == ROW_PENDING)
            .order_by(ScreeningRow.line)
            .limit(limit)
        )
    )


def pending_count(session: Session, run: ScreeningRun) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ScreeningRow)
            .where(ScreeningRow.run_id == run.id, ScreeningRow.status == ROW_PENDING)
        )
        or 0
    )


def record_chunk(
    session: Session, run: ScreeningRun, stored: list[ScreeningRow], screened: list[ScreenedRow]
) -> None:
    """Record the outcome of screened rows (``stored[i]`` screened as ``screened[i]``); commits."""
    counts = dict(run.counts or {})
    for row, result in zip(stored, screened, strict=True):
        row.status = result.status
        row.message = result.message
        counts[result.status] = counts.get(result.status, 0) + 1
        for rank, match in enumerate(result.matches):
            session.add(hit_of(run.id, row.id, rank, match))
    run.counts = counts
    session.commit()


def finish_run(
    session: Session, run: ScreeningRun, status: str = RUN_DONE, error: str | None = None
) -> None:
    run.status = status
    run.error = error
    run.finished_at = datetime.now(UTC)
    if status == RUN_DONE:
        errors = session.scalar(
            select(func.count())
            .select_from(ScreeningRow)
            .where(ScreeningRow.run_id == run.id, ScreeningRow.status == screening.ERROR)
        )
        run.counts = {**(run.counts or {}), screening.ERROR: errors or 0}
    session.commit()


def store_run(
    session: Session,
    *,
    user: User,
    origin: str,
    label: str,
    screened: list[ScreenedRow],
    threshold: float,
    list_versions: list[dict],
) -> ScreeningRun:
    """Store a run screened at once (in the request): rows, hits, done; committed."""
    run = create_run(
        session,
        user=user,
        origin=origin,
        label=label,
        rows=[s.row for s in screened],
        threshold=threshold,
    )
    start_run(session, run, list_versions)
    stored = list(
        session.scalars(
            select(ScreeningRow).where(ScreeningRow.run_id == run.id).order_by(ScreeningRow.id)
        )
    )
    run.counts = dict.fromkeys(screening.STATUSES, 0)
    record_chunk(session, run, stored, screened)
    finish_run(session, run)
    return run


def get_run(session: Session, run_id: str, viewer: User | None = None) -> ScreeningRun | None:
    """The run ``run_id`` if ``viewer`` may see it (its own, or any for an admin)."""
    if not isinstance(run_id, str) or not 10 <= len(run_id) <= 40:
        return None
    run = session.get(ScreeningRun, run_id)
    if run is None or viewer is None:
        return run if viewer is None else None
    if run.user_id != viewer.id and not viewer.has_role("admin"):
        return None
    return run


def list_runs(
    session: Session, viewer: User, everyone: bool, limit: int, offset: int = 0
) -> tuple[list[ScreeningRun], int]:
    """Runs newest first: the viewer's own, or everyone's (admins); and how many in all."""
    query = select(ScreeningRun)
    if not (everyone and viewer.has_role("admin")):
        query = query.where(ScreeningRun.user_id == viewer.id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    runs = session.scalars(
        query.order_by(ScreeningRun.created_at.desc(), ScreeningRun.id).limit(limit).offset(offset)
    ).all()
    return list(runs), total


@dataclass(frozen=True)
class HitReview:
    """Where a hit stands: its decision (if any), its state, and what changed since."""

    decision: decisions.EffectiveDecision | None
    state: str
    changes: list[str]


def reviews(
    session: Session, pairs: list[tuple[str, str]], four_eyes: bool
) -> dict[tuple[str, str], HitReview]:
    """The review of each (client key, subject key) pair as it stands now."""
    found = decisions.effective_decisions(session, pairs, four_eyes)
    result = {}
    for pair in pairs:
        decision = found.get(pair)
        if decision is None:
            result[pair] = HitReview(None, OPEN, [])
            continue
        changes = decisions.changes_since(session, pair[1], decision.at, pair[0])
        if changes:
            state = CHANGED
        elif not decision.counts:
            state = AWAITING
        else:
            state = DECIDED
        result[pair] = HitReview(decision, state, changes)
    return result


def hit_dict(hit: ScreeningHit, review: HitReview) -> dict:
    return {
        "hit_id": hit.id,
        "subject": hit.subject,
        "score": hit.score,
        "why": hit.why,
        "measures": hit.measures,
        "decision": review.decision.as_dict() if review.decision else None,
        "review_state": review.state,
        "changes_since_decision": review.changes,
    }


def run_document(session: Session, run_id: str, four_eyes: bool = False) -> dict | None:
    """The run as GET /api/v1/screenings/<id> returns it (None if there is no such run)."""
    run = session.get(ScreeningRun, run_id) if isinstance(run_id, str) else None
    if run is None:
        return None
    rows = session.scalars(
        select(ScreeningRow).where(ScreeningRow.run_id == run.id).order_by(ScreeningRow.line)
    ).all()
    hits_by_row: dict[int, list[ScreeningHit]] = {}
    for hit in session.scalars(
        select(ScreeningHit)
        .where(ScreeningHit.run_id == run.id)
        .order_by(ScreeningHit.row_id, ScreeningHit.rank)
    ):
        hits_by_row.setdefault(hit.row_id, []).append(hit)
    keys = {row.id: row.client_key for row in rows}
    pairs = list(
        dict.fromkeys((keys[h.row_id], h.subject_key) for hs in hits_by_row.values() for h in hs)
    )
    found = reviews(session, pairs, four_eyes)
    done = sum(1 for row in rows if row.status != ROW_PENDING)
    return {
        "id": run.id,
        "status": run.status,
        "created_at": decisions.iso(run.created_at),
        "finished_at": decisions.iso(run.finished_at),
        "origin": run.origin,
        "label": run.label,
        "by": run.user.email if run.user else None,
        "threshold": run.threshold,
        "matcher_version": run.matcher_version,
        "lists": run.list_versions,
        "progress": {"done": done, "total": run.total_rows},
        "counts": run.counts,
        "error": run.error,
        "rows": [
            {
                "line": row.line,
                "input": {k: v for k, v in (row.input or {}).items() if k != "cells"},
                "status": row.status,
                "message": row.message,
                "client_key": row.client_key,
                "hits": [
                    hit_dict(hit, found.get((row.client_key, hit.subject_key), _OPEN))
                    for hit in hits_by_row.get(row.id, [])
                ],
            }
            for row in rows
        ],
    }


_OPEN = HitReview(None, OPEN, [])


def find_hit(session: Session, run: ScreeningRun, hit_id: int) -> tuple[ScreeningHit, str] | None:
    """The hit ``hit_id`` of ``run`` and its row's client key, or None."""
    if not 0 < hit_id < 2**63:  # beyond the database's integers: no such hit, not an error
        return None
    hit = session.get(ScreeningHit, hit_id)
    if hit is None or hit.run_id != run.id:
        return None
    row = session.get(ScreeningRow, hit.row_id)
    return (hit, row.client_key if row else "")
