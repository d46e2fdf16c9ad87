"""What changed on the lists: additions, amendments and delistings, from the audit trail.

Each per-designation entry of the trail is one change: created (by an editor or an
import) or re-listed is an **addition**, edited or updated by an import an
**amendment**, delisted a **delisting**. Newest first. Filtering by jurisdiction or
program uses the designation's programs as they are now (a delisted designation keeps
its programs). Who made a change is not published: only whether an import or an
editor did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.models import AuditEntry, Designation, Program
from app.models.designation import designation_programs

CHANGE_ACTIONS: dict[str, tuple[str, ...]] = {
    "addition": ("create", "import-create", "relist"),
    "amendment": ("update", "import-update"),
    "delisting": ("delist",),
}
_CHANGE_OF = {action: change for change, actions in CHANGE_ACTIONS.items() for action in actions}


@dataclass(frozen=True)
class ChangeFilters:
    since: date | None = None
    until: date | None = None
    jurisdiction: str | None = None
    program: str | None = None
    change: str | None = None  # addition | amendment | delisting


@dataclass(frozen=True)
class Change:
    id: int
    at: datetime
    change: str
    action: str
    by_import: bool
    summary: str
    designation: Designation | None
    designation_id: int | None

    @property
    def at_utc(self) -> datetime:
        return _aware(self.at)

    def as_dict(self, url: str | None) -> dict:
        d = self.designation
        return {
            "id": self.id,
            "at": _aware(self.at).isoformat(),
            "change": self.change,
            "action": self.action,
            "by": "import" if self.by_import else "editor",
            "summary": self.summary,
            "designation_id": self.designation_id,
            "url": url,
            "name": d.primary_name if d else None,
            "kind": d.kind if d else None,
            "status": d.status if d else None,
            "programs": [p.code for p in d.programs] if d else [],
            "jurisdictions": sorted({p.jurisdiction for p in d.programs}) if d else [],
            "source_refs": [{"source": s.source, "ref": s.ref} for s in d.source_refs] if d else [],
        }


@dataclass(frozen=True)
class ChangePage:
    total: int
    changes: list[Change]


def list_changes(
    session: Session, filters: ChangeFilters, limit: int, offset: int = 0
) -> ChangePage:
    """A page of changes matching ``filters``, newest first, with the total count."""
    query = _filtered(select(AuditEntry), filters)
    total = session.scalar(_filtered(select(func.count(AuditEntry.id)), filters)) or 0
    entries = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset).limit(limit)
    ).all()
    ids = {e.designation_id for e in entries if e.designation_id is not None}
    designations = {
        d.id: d
        for d in session.scalars(
            select(Designation)
            .where(Designation.id.in_(ids))
            .options(selectinload(Designation.programs), selectinload(Designation.source_refs))
        )
    }
    return ChangePage(
        total,
        [
            Change(
                e.id,
                e.at,
                _CHANGE_OF[e.action],
                e.action,
                e.parent_id is not None or e.action.startswith("import-"),
                e.summary,
                designations.get(e.designation_id),
                e.designation_id,
            )
            for e in entries
        ],
    )


def _filtered(query: Select, filters: ChangeFilters) -> Select:
    actions = CHANGE_ACTIONS[filters.change] if filters.change else tuple(_CHANGE_OF)
    query = query.where(AuditEntry.action.in_(actions), AuditEntry.designation_id.is_not(None))
    if filters.since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min, UTC))
    if filters.until is not None:
        query = query.where(AuditEntry.at <= datetime.combine(filters.until, time.max, UTC))
    if filters.jurisdiction or filters.program:
        programs = select(designation_programs.c.designation_id).join(
            Program, Program.id == designation_programs.c.program_id
        )
        if filters.jurisdiction:
            programs = programs.where(Program.jurisdiction == filters.jurisdiction)
        if filters.program:
            programs = programs.where(Program.code == filters.program)
        query = query.where(AuditEntry.designation_id.in_(programs))
    return query


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def latest_time(changes: list[Change]) -> datetime:
    return max((_aware(c.at) for c in changes), default=datetime.now(UTC))
