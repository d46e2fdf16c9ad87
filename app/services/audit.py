"""The audit trail: who changed what, when, field by field. Append only.

Every service that changes data calls ``record`` (or ``ImportAudit`` for an
import) in the same transaction as the change, so a change and its entry are
committed or rolled back together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from app.models import ACTIONS, AuditEntry, Designation, User, measure_label

# The fields of a designation as the trail records them, with the words pages use.
FIELD_LABELS: dict[str, str] = {
    "kind": "Kind",
    "primary_name": "Primary name",
    "names": "Names and aliases",
    "gender": "Gender",
    "titles": "Titles",
    "birth_dates": "Dates of birth",
    "birth_places": "Places of birth",
    "nationalities": "Nationalities",
    "citizenships": "Citizenships",
    "identifiers": "Identifiers",
    "addresses": "Addresses",
    "programs": "Programs",
    "measures": "Measures",
    "source_refs": "Source references",
    "links": "Linked designations",
    "remarks": "Remarks",
    "status": "Status",
    "listed_on": "Listed on",
    "delisted_on": "Delisted on",
    "delisting_reason": "Delisting reason",
    "delisting_reference": "Delisting reference",
}

CLI_ACTOR = "cli"


@dataclass(frozen=True)
class Actor:
    """Who made a change: a signed-in account, or "cli" for server commands."""

    name: str
    user_id: int | None = None

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(name=user.email, user_id=user.id)


CLI = Actor(CLI_ACTOR)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def join_parts(*parts: object) -> str:
    return ", ".join(str(p) for p in parts if p not in (None, ""))


def snapshot_identifiers(identifiers: Iterable) -> list[str]:
    """Identifiers (model rows or IdentifierRecords) as the trail writes them."""
    return [
        f"{i.id_type}: {i.number}"
        + (
            f" ({join_parts(i.country, _iso(i.issued_on), _iso(i.expires_on), i.note)})"
            if (i.country or i.issued_on or i.expires_on or i.note)
            else ""
        )
        for i in identifiers
    ]


def name_text(full_name: str, name_type: str, quality: str, script: str | None) -> str:
    return f"{full_name} ({join_parts(name_type, quality, script)})"


def measure_text(
    measure_type: str,
    jurisdiction: str,
    program_code: str | None,
    start: date | None,
    end: date | None,
    status: str,
) -> str:
    return join_parts(
        measure_label(measure_type),
        jurisdiction,
        program_code,
        f"{_iso(start) or '?'} to {_iso(end) or 'open'}",
        status,
    )


def snapshot(d: Designation) -> dict[str, Any]:
    """The designation as plain JSON-ready values, one entry per FIELD_LABELS key."""
    return {
        "kind": d.kind,
        "primary_name": d.primary_name,
        "names": [name_text(n.full_name, n.name_type, n.quality, n.script) for n in d.names],
        "gender": d.gender,
        "titles": list(d.titles or []),
        "birth_dates": [b.text for b in d.birth_dates],
        "birth_places": [p.place for p in d.birth_places],
        "nationalities": [n.country for n in d.nationalities if n.kind == "nationality"],
        "citizenships": [n.country for n in d.nationalities if n.kind == "citizenship"],
        "identifiers": snapshot_identifiers(d.identifiers),
        "addresses": [join_parts(a.address, a.city, a.country, a.note) for a in d.addresses],
        "programs": [p.code for p in d.programs],
        "measures": [
            measure_text(
                m.measure_type,
                m.jurisdiction,
                m.program.code if m.program else None,
                m.start_date,
                m.end_date,
                m.status,
            )
            for m in d.measures
        ],
        "source_refs": [f"{s.source}/{s.ref}" for s in d.source_refs],
        "links": [f"{link.relation}: {link.target_name}" for link in d.links],
        "remarks": d.remarks,
        "status": d.status,
        "listed_on": _iso(d.listed_on),
        "delisted_on": _iso(d.delisted_on),
        "delisting_reason": d.delisting_reason,
        "delisting_reference": d.delisting_reference,
    }


def _empty(value: object) -> bool:
    return value in (None, "", [])


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for every field that differs (all set fields when new)."""
    before = before or {}
    changes = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new and not (_empty(old) and _empty(new)):
            changes[key] = [old, new]
    return changes


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    designation_id: int | None = None,
    summary: str = "",
    changes: dict | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Add one entry to the session (the caller's transaction commits it)."""
    entry = AuditEntry(
        at=datetime.now(UTC),
        actor=actor.name,
        user_id=actor.user_id,
        action=action,
        designation_id=designation_id,
        summary=summary,
        changes=changes or {},
        details=details or {},
    )
    session.add(entry)
    return entry


class ImportAudit:
    """Collects what an import creates and updates, then writes it in bulk.

    The loader calls ``created`` / ``before_update`` + ``updated`` per record, a full-list
    import ``changed`` per designation it delists or re-lists; ``write`` adds one
    import-level entry and one entry per designation with a single INSERT.
    """

    def __init__(self, actor: Actor, file_name: str) -> None:
        self.actor = actor
        self.file_name = file_name
        self._created: list[Designation] = []
        self._updated: list[tuple[Designation, dict[str, Any]]] = []
        self._changed: list[tuple[Designation, str, dict]] = []

    def created(self, designation: Designation) -> None:
        self._created.append(designation)

    def before_update(self, designation: Designation) -> dict[str, Any]:
        return snapshot(designation)

    def updated(self, designation: Designation, before: dict[str, Any]) -> None:
        self._updated.append((designation, before))

    def changed(self, designation: Designation, action: str, before: dict[str, Any]) -> None:
        """A delisting or re-listing (``action``): its changes are taken now, as they stand."""
        self._changed.append((designation, action, diff(before, snapshot(designation))))

    def write(self, session: Session, source: str, counts: dict[str, int]) -> AuditEntry:
        """Write the entries; call after the loader flushed (designations have ids)."""
        parent = record(
            session,
            self.actor,
            "import",
            summary=f"Import of {source} from {self.file_name}",
            details={"source": source, "file": self.file_name, **counts},
        )
        session.flush()
        now = parent.at
        rows = [
            self._row(parent, now, "import-create", d, diff(None, snapshot(d)))
            for d in self._created
        ]
        for designation, before in self._updated:
            changes = diff(before, snapshot(designation))
            if changes:
                rows.append(self._row(parent, now, "import-update", designation, changes))
        for designation, action, changes in self._changed:
            rows.append(self._row(parent, now, action, designation, changes))
        if rows:
            session.execute(insert(AuditEntry), rows)
        return parent

    def _row(
        self, parent: AuditEntry, now: datetime, action: str, d: Designation, changes: dict
    ) -> dict[str, Any]:
        return {
            "at": now,
            "actor": self.actor.name,
            "user_id": self.actor.user_id,
            "action": action,
            "designation_id": d.id,
            "parent_id": parent.id,
            "summary": f"{d.primary_name} ({parent.details['source']})",
            "changes": changes,
            "details": {},
        }


@dataclass
class AuditFilters:
    actor: str | None = None
    action: str | None = None
    designation_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filtered(filters: AuditFilters) -> Select:
    query = select(AuditEntry)
    if filters.actor:
        query = query.where(AuditEntry.actor == filters.actor.strip().lower())
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.designation_id is not None:
        query = query.where(AuditEntry.designation_id == filters.designation_id)
    if filters.since:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min, UTC))
    if filters.until:
        query = query.where(AuditEntry.at <= datetime.combine(filters.until, time.max, UTC))
    return query


def list_entries(session: Session, filters: AuditFilters, page: int, per_page: int) -> AuditPage:
    """Entries matching the filters, newest first."""
    query = _filtered(filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(page, 1), max(1, -(-total // per_page)))
    entries = session.scalars(
        query.order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return AuditPage(list(entries), total, page, per_page)


def get_entry(session: Session, entry_id: int) -> AuditEntry | None:
    return session.get(AuditEntry, entry_id)


def actors(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


@dataclass
class HistoryItem:
    """One change as the public sees it: when and what, never who."""

    on: date
    action: str
    fields: list[str] = field(default_factory=list)


def public_history(session: Session, designation_id: int) -> list[HistoryItem]:
    """The changes to one designation, oldest first, without who made them."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.designation_id == designation_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        HistoryItem(
            on=entry.at.date(),
            action=ACTIONS.get(entry.action, entry.action),
            fields=_changed_labels(entry.changes or {}, entry.action),
        )
        for entry in entries
    ]


def _changed_labels(changes: dict, action: str) -> list[str]:
    if action in ("create", "import-create"):
        return []
    return [FIELD_LABELS.get(key, key) for key in FIELD_LABELS if key in changes]


def describe_changes(changes: dict) -> Iterable[tuple[str, object, object]]:
    """(label, before, after) per changed field, in the order of FIELD_LABELS."""
    for key in FIELD_LABELS:
        if key in changes:
            before, after = changes[key]
            yield FIELD_LABELS[key], before, after
    for key, value in changes.items():
        if key not in FIELD_LABELS:
            yield key, value[0], value[1]
