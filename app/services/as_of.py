"""What was listed on a date: a designation's status and measures as of ``as_of``.

Worked out from what the database keeps: the measures' start and end dates, the
designation's listing and delisting dates, and the audit trail (its delistings and
re-listings, and when the designation first entered the database). A date before the
designation (or the database) had any record is said to be unknown, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Designation

DELISTING_ACTIONS = ("delist", "relist")


@dataclass(frozen=True)
class AsOf:
    day: date
    known: bool  # False: before our first record of the designation
    listed: bool
    measures: list[dict] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "known": self.known,
            "listed": self.listed,
            "measures": self.measures,
            "note": self.note,
        }


def first_record(session: Session) -> date | None:
    """The day the database first recorded anything (its first audit entry)."""
    first = session.scalar(select(func.min(AuditEntry.at)))
    return _day(first) if first else None


def as_of(session: Session, designation: Designation, day: date) -> AsOf:
    """Was ``designation`` listed on ``day``, and under which measures?"""
    recorded = _day(designation.created_at)
    database_start = first_record(session) or recorded
    if day < min(recorded, database_start) and not (
        designation.listed_on and designation.listed_on <= day
    ):
        return AsOf(
            day, False, False,
            note=f"Before our first record of this designation ({recorded.isoformat()}): "
            "what was listed then is not known here.",
        )  # fmt: skip
    if designation.listed_on and day < designation.listed_on:
        return AsOf(day, True, False, note=f"Listed only from {designation.listed_on.isoformat()}.")
    if _delisted_on(session, designation, day):
        return AsOf(day, True, False, note="Delisted by then.")
    measures = [
        {
            "type": m.measure_type,
            "label": m.label,
            "jurisdiction": m.jurisdiction,
            "program": m.program.code if m.program else None,
            "start_date": m.start_date.isoformat() if m.start_date else None,
            "end_date": m.end_date.isoformat() if m.end_date else None,
        }
        for m in designation.measures
        if (m.start_date is None or m.start_date <= day)
        and (m.end_date is None or day < m.end_date)
    ]
    note = "" if day >= recorded else (
        f"Our record starts on {recorded.isoformat()}; the source dates the listing earlier."
    )  # fmt: skip
    return AsOf(day, True, True, measures, note)


def _delisted_on(session: Session, designation: Designation, day: date) -> bool:
    """Whether the last delisting or re-listing up to ``day`` was a delisting.

    The trail's delistings and re-listings are replayed by the day they were recorded;
    the current delisting counts from its own date (an editor may date it back).
    """
    entries = session.execute(
        select(AuditEntry.action, AuditEntry.at)
        .where(
            AuditEntry.designation_id == designation.id,
            AuditEntry.action.in_(DELISTING_ACTIONS),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    days = [(action, _day(at)) for action, at in entries]
    if designation.status == "delisted" and designation.delisted_on is not None:
        if days and days[-1][0] == "delist":
            days[-1] = ("delist", designation.delisted_on)
        elif not days:
            days = [("delist", designation.delisted_on)]
    state = False
    for action, when in days:
        if when > day:
            break
        state = action == "delist"
    return state


def _day(value: datetime) -> date:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()


def listed_hits(session: Session, hits: list, day: date) -> tuple[list, dict[int, AsOf]]:
    """The search hits whose subject (any of its lists) was listed on ``day``, and each as of then.

    ``hits`` are search hits (``designation_id`` and ``subject_ids``); the AsOf returned
    per hit's designation is the first of its subject's designations listed that day.
    """
    from sqlalchemy.orm import selectinload

    from app.models import Measure

    wanted = {i for hit in hits for i in (hit.subject_ids or [hit.designation_id])}
    designations = {
        d.id: d
        for d in session.scalars(
            select(Designation)
            .where(Designation.id.in_(wanted))
            .options(selectinload(Designation.measures).joinedload(Measure.program))
        )
    }
    kept, states = [], {}
    for hit in hits:
        ids = hit.subject_ids or [hit.designation_id]
        views = [as_of(session, designations[i], day) for i in ids if i in designations]
        listed = [v for v in views if v.listed]
        if listed:
            kept.append(hit)
            states[hit.designation_id] = AsOf(
                day, True, True, [m for v in listed for m in v.measures], listed[0].note
            )
    return kept, states
