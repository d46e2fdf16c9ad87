"""What a full-list import does to designations that left the list, or came back.

A full list (the whole OFAC SDN file, the whole UK export) is the source's word on who
is listed: a designation of that source missing from it has been delisted. It is marked
so (status, date, reason; its active measures ended), never deleted. One that an import
delisted and that is on the list again is re-listed, its measures active again.

An editor's own delisting (a court ruling, say) is never undone by an import: only a
designation whose last delisting came from an import (an audit entry under an import
entry) is re-listed. A partial file (the seed's Magnitsky subset) says nothing about
who left the list, so imports of one neither delist nor re-list.

A file that would delist more than a set share of a list's active designations is more
likely the wrong or a cut-down file than news: it is refused unless forced.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import AuditEntry, Designation, SourceRef
from app.services.audit import ImportAudit, snapshot
from app.services.importing.errors import SourceFileError

DELIST = "delist"
RELIST = "relist"


@dataclass
class DelistingPlan:
    """The designations of a source a file leaves out (to delist) and brings back (to re-list)."""

    source: str
    active: int = 0  # active designations of the source before the import
    to_delist: list[Designation] = field(default_factory=list)
    to_relist: list[Designation] = field(default_factory=list)

    @property
    def delist_share(self) -> float:
        return len(self.to_delist) / self.active if self.active else 0.0

    def refuse_if_too_many(self, file_name: str, max_share: float) -> None:
        """SourceFileError when the file would delist more than ``max_share`` of the list."""
        if self.to_delist and self.delist_share > max_share:
            raise SourceFileError(
                f"{file_name} would delist {len(self.to_delist)} of the {self.active} active "
                f"designations of {self.source} ({self.delist_share:.0%}, more than the "
                f"{max_share:.0%} allowed): is it the whole list? Import it with --force if "
                "so many really left the list"
            )


def plan(session: Session, source: str, present_refs: Collection[str]) -> DelistingPlan:
    """Work out, without changing anything, whom a full list of ``present_refs`` delists."""
    refs = session.scalars(
        select(SourceRef)
        .where(SourceRef.source == source)
        .options(selectinload(SourceRef.designation))
    ).all()
    result = DelistingPlan(source=source)
    returned = []
    for ref in refs:
        designation = ref.designation
        if designation.status == "active":
            result.active += 1
            if ref.ref not in present_refs:
                result.to_delist.append(designation)
        elif ref.ref in present_refs:
            returned.append(designation)
    delisted_by_import = _last_delisted_by_import(session, [d.id for d in returned])
    result.to_relist = [d for d in returned if d.id in delisted_by_import]
    return result


def _last_delisted_by_import(session: Session, designation_ids: list[int]) -> set[int]:
    """The designations whose last delist/re-list entry is a delisting written by an import."""
    if not designation_ids:
        return set()
    last: dict[int, AuditEntry] = {}
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.designation_id.in_(designation_ids),
            AuditEntry.action.in_((DELIST, RELIST)),
        )
        .order_by(AuditEntry.id)
    )
    for entry in entries:
        last[entry.designation_id] = entry
    return {
        designation_id
        for designation_id, entry in last.items()
        if entry.action == DELIST and entry.parent_id is not None
    }


def delisting_reason(source: str, on: date) -> str:
    return f"No longer on {source} as of {on.isoformat()}"


def delist(
    designations: list[Designation], source: str, on: date, audit: ImportAudit | None
) -> None:
    """Mark delisted on ``on`` and end their active measures (as an editor's delisting does)."""
    for designation in designations:
        before = snapshot(designation) if audit is not None else None
        designation.mark_delisted(on, delisting_reason(source, on), None)
        if audit is not None and before is not None:
            audit.changed(designation, DELIST, before)


def relist(designations: list[Designation], audit: ImportAudit | None) -> None:
    """Active again, with the measures the import's delisting ended."""
    for designation in designations:
        before = snapshot(designation) if audit is not None else None
        designation.mark_relisted()
        if audit is not None and before is not None:
            audit.changed(designation, RELIST, before)
